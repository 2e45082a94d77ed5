import { strict as assert } from "assert";
import { minReadySeconds, progressDeadlineSeconds } from "../../../components/kubernetes/podTemplate";
import { renderedStack, resourceNamed, shippedStacks } from "../../helpers/renderedStacks";

const deploymentType = "kubernetes:apps/v1:Deployment";

describe("RollingService (rendered under mocks)", () => {
    for (const stack of shippedStacks) {
        describe(stack, () => {
            it("has every zero-downtime setting on the Deployment", async () => {
                const rendered = await renderedStack(stack);
                const spec = resourceNamed(rendered, deploymentType, "payments-api-deployment").inputs.spec as any;
                assert.equal(spec.strategy.type, "RollingUpdate");
                assert.equal(spec.strategy.rollingUpdate.maxUnavailable, 0);
                assert.ok(spec.strategy.rollingUpdate.maxSurge >= 1);
                assert.equal(spec.minReadySeconds, minReadySeconds);
                assert.ok(spec.progressDeadlineSeconds > spec.minReadySeconds);
                assert.equal(spec.progressDeadlineSeconds, progressDeadlineSeconds);
                const pod = spec.template.spec;
                const [container] = pod.containers;
                for (const probe of ["startupProbe", "readinessProbe", "livenessProbe"]) {
                    assert.deepEqual(container[probe].httpGet, { path: "/healthz", port: "http" }, probe);
                }
                assert.deepEqual(container.ports, [{ name: "http", containerPort: 8080 }]);
                const pause = container.lifecycle.preStop.sleep.seconds;
                assert.ok(pause > 0 && pod.terminationGracePeriodSeconds > pause, "grace period must outlast the preStop pause");
                assert.ok(container.resources.requests.cpu && container.resources.requests.memory);
                assert.ok(container.resources.limits.cpu && container.resources.limits.memory);
                assert.equal(pod.topologySpreadConstraints[0].topologyKey, "topology.kubernetes.io/zone");
                assert.equal(pod.serviceAccountName, "payments-api");
            });

            it("agrees on labels: selector, pod template, Service and disruption budget", async () => {
                const rendered = await renderedStack(stack);
                const spec = resourceNamed(rendered, deploymentType, "payments-api-deployment").inputs.spec as any;
                const selector = spec.selector.matchLabels;
                for (const [k, v] of Object.entries(selector)) assert.equal(spec.template.metadata.labels[k], v);
                assert.deepEqual(spec.template.spec.topologySpreadConstraints[0].labelSelector.matchLabels, selector);
                const service = resourceNamed(rendered, "kubernetes:core/v1:Service", "payments-api-service").inputs as any;
                assert.deepEqual(service.spec.selector, selector);
                assert.equal(service.metadata.name, "payments-api");
                const pdb = resourceNamed(rendered, "kubernetes:policy/v1:PodDisruptionBudget", "payments-api-pdb").inputs as any;
                assert.deepEqual(pdb.spec.selector.matchLabels, selector);
                assert.equal(pdb.spec.maxUnavailable, 1);
            });
        });
    }

    it("autoscales in every environment within its bounds, and leaves the replica count to the autoscaler", async () => {
        const prod = await renderedStack("prod");
        const hpa = resourceNamed(prod, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "payments-api-hpa").inputs as any;
        assert.equal(hpa.spec.minReplicas, 3);
        assert.equal(hpa.spec.maxReplicas, 10);
        const deployment = resourceNamed(prod, deploymentType, "payments-api-deployment");
        assert.equal(hpa.spec.scaleTargetRef.name, (deployment.outputs as any).metadata.name);
        assert.deepEqual(deployment.ignoreChanges, ["spec.replicas"]);
        assert.equal((deployment.inputs.spec as any).replicas, 3);
        const dev = resourceNamed(await renderedStack("dev"), "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", "payments-api-hpa");
        assert.deepEqual([(dev.inputs as any).spec.minReplicas, (dev.inputs as any).spec.maxReplicas], [1, 2]);
    });

    it("runs the version each stack pins", async () => {
        const image = async (stack: string) =>
            ((resourceNamed(await renderedStack(stack), deploymentType, "payments-api-deployment").inputs.spec as any).template.spec
                .containers[0].image as string);
        assert.equal(await image("dev"), "ghcr.io/acme/payments-api:1.9.0");
        assert.match(await image("prod"), /^ghcr\.io\/acme\/payments-api@sha256:[0-9a-f]{64}$/);
    });
});
