// The cluster tier: the real engine deploys every stack to a real control plane (npm run cluster:up), and
// a rolling update is watched on the API server to prove it never drops capacity.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { requireEngine, tempDir } from "../engine/realEngine";
import { clusterProject, stackUp } from "./clusterProject";
import { startIngressStandIn } from "./ingressStandIn";
import { api, clusterRunning } from "./kubeApi";
import { capacityDips, readyPod, recordRollout } from "./rollout";

const stacks = ["dev", "staging", "prod"];

function setVersion(projectDir: string, stack: string, service: string, from: string, to: string): void {
    const file = path.join(projectDir, "stacks", `Pulumi.${stack}.yaml`);
    const text = fs.readFileSync(file, "utf8");
    const pattern = new RegExp(`(- name: ${service}\\n\\s+version: )"${from.replace(/\./g, "\\.")}"`);
    assert.match(text, pattern, `${file}: ${service} at ${from}`);
    fs.writeFileSync(file, text.replace(pattern, `$1"${to}"`));
}

describe("cluster: pulumi up of every stack against a real control plane", function () {
    let projectDir: string;
    let backend: string;
    let stopIngress: () => void;

    before(function () {
        requireEngine();
        if (!clusterRunning()) throw new Error("no local cluster: run `npm run cluster:up` first");
        projectDir = clusterProject();
        backend = tempDir("cluster-backend");
        stopIngress = startIngressStandIn();
    });
    after(() => stopIngress?.());

    for (const stack of stacks) {
        it(`${stack}: every Deployment rolls out and the stack outputs are what lockstep smoke reads`, async () => {
            const up = await stackUp(projectDir, stack, backend);
            assert.equal(up.status, 0, up.stderr);
            const { outputs } = JSON.parse(up.stdout);
            const namespace = outputs.namespace.value;
            assert.equal(namespace, `payments-${stack}`);
            for (const [name, service] of Object.entries<any>(outputs.services.value)) {
                assert.match(service.url, /^https?:\/\//, `${name}.url`);
            }
            const deployments = (await api("GET", `/apis/apps/v1/namespaces/${namespace}/deployments`)).items;
            assert.ok(deployments.length >= 2, "the services' Deployments exist");
            for (const d of deployments) {
                assert.equal(d.status.readyReplicas, d.spec.replicas, `${d.metadata.name}: all replicas ready`);
                assert.equal(d.status.updatedReplicas, d.spec.replicas, `${d.metadata.name}: all replicas updated`);
            }
        });
    }

    it("a rolling update keeps every replica ready and the Service served, observed on the API server", async () => {
        const stack = "prod";
        const namespace = `payments-${stack}`;
        const selector = "app.kubernetes.io/name=payments-api";
        const before = (await api("GET", `/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`)).items.filter(readyPod);
        const desired = before.length;
        assert.ok(desired >= 2, `prod runs payments-api with 2 or more replicas (found ${desired})`);
        const current = /- name: payments-api\n\s+version: "([^"]+)"/.exec(fs.readFileSync(path.join(projectDir, "stacks", "Pulumi.prod.yaml"), "utf8"))![1];
        setVersion(projectDir, stack, "payments-api", current, "9.9.9");
        const rollout = recordRollout(namespace, selector);
        const up = await stackUp(projectDir, stack, backend);
        await new Promise((r) => setTimeout(r, 1000)); // the old pods' last events
        rollout.stop();
        assert.equal(up.status, 0, up.stderr);
        const last = rollout.samples.at(-1)!;
        assert.ok(last.images.length === desired && last.images.every((i) => i.includes("9.9.9")), `the new version serves: ${last.images.join(", ")}`);
        assert.deepEqual(capacityDips(rollout.samples, desired), []);
        const slices = (await api("GET", `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?labelSelector=${encodeURIComponent("kubernetes.io/service-name=payments-api")}`)).items;
        const readyEndpoints = slices.flatMap((s: any) => s.endpoints ?? []).filter((e: any) => e.conditions?.ready);
        assert.equal(readyEndpoints.length, desired, "the Service's endpoints are the new pods");
    });

    it("the capacity check bites: a Deployment allowed to drop replicas (maxUnavailable raised) is caught", async () => {
        const namespace = "payments-prod";
        const name = "bites";
        const labels = { "app.kubernetes.io/name": name };
        const deployment = (image: string) => ({
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name, namespace },
            spec: {
                replicas: 2,
                selector: { matchLabels: labels },
                strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 2, maxSurge: 0 } },
                template: { metadata: { labels }, spec: { containers: [{ name, image }] } },
            },
        });
        await api("POST", `/apis/apps/v1/namespaces/${namespace}/deployments`, deployment("example.com/bites:1"));
        try {
            await until(async () => (await api("GET", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`)).status?.readyReplicas === 2);
            const rollout = recordRollout(namespace, `app.kubernetes.io/name=${name}`);
            await new Promise((r) => setTimeout(r, 500));
            await api("PUT", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`, deployment("example.com/bites:2"));
            await until(async () => {
                const d = await api("GET", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
                return d.status?.updatedReplicas === 2 && d.status?.readyReplicas === 2 && d.status?.replicas === 2;
            });
            await new Promise((r) => setTimeout(r, 1000));
            rollout.stop();
            assert.notDeepEqual(capacityDips(rollout.samples, 2), [], "the dip is seen");
        } finally {
            await api("DELETE", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`).catch(() => undefined);
        }
    });
});

async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error("timed out waiting for the cluster");
        await new Promise((r) => setTimeout(r, 250));
    }
}
