// The cluster tier: the real engine deploys every stack to a real control plane (npm run cluster:up), a
// rolling update is watched on the API server to prove it never drops capacity, and a version that never
// turns Ready fails `pulumi up` within the progress deadline while the old pods keep serving.
import * as assert from "assert";
import * as path from "path";
import { progressDeadlineSeconds } from "../../components/kubernetes/podTemplate";
import { repoRoot, requireEngine, tempDir } from "../engine/realEngine";
import { clusterProject, deliveryEnv, domainsOf, run, setVersion, stackUp, versionOf } from "./clusterProject";
import { startIngressStandIn, type IngressStandIn } from "./ingressStandIn";
import { api, clusterRunning, removeNamespace } from "./kubeApi";
import { capacityDips, readyPod, recordEndpoints, recordRollout } from "./rollout";

const stacks = ["dev", "staging", "prod"];
const newDigest = "sha256:" + "9".repeat(64);

async function servingPods(namespace: string, service: string): Promise<any[]> {
    const selector = encodeURIComponent(`app.kubernetes.io/name=${service}`);
    return (await api("GET", `/api/v1/namespaces/${namespace}/pods?labelSelector=${selector}`)).items.filter(readyPod);
}

describe("cluster: pulumi up of every stack against a real control plane", function () {
    let projectDir: string;
    let backend: string;
    let ingress: IngressStandIn;

    before(async function () {
        requireEngine();
        if (!clusterRunning()) throw new Error("no local cluster: run `npm run cluster:up` first");
        projectDir = clusterProject();
        for (const stack of stacks) await removeNamespace(`payments-${stack}`); // an earlier run's
        backend = tempDir("cluster-backend");
        ingress = await startIngressStandIn(domainsOf(projectDir));
    });
    after(() => ingress?.stop());

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

    it("a rolling update keeps every replica serving and the Service's endpoints ready, observed on the API server", async () => {
        const namespace = "payments-prod";
        const desired = (await servingPods(namespace, "payments-api")).length;
        assert.ok(desired >= 2, `prod runs payments-api with 2 or more replicas (found ${desired})`);
        setVersion(projectDir, "prod", "payments-api", newDigest);
        const rollout = recordRollout(namespace, "app.kubernetes.io/name=payments-api");
        const endpoints = recordEndpoints(namespace, "payments-api");
        const up = await stackUp(projectDir, "prod", backend);
        await new Promise((r) => setTimeout(r, 2500)); // the last pods' events
        rollout.stop();
        endpoints.stop();
        assert.equal(up.status, 0, up.stderr);
        const last = rollout.samples.at(-1)!;
        assert.ok(last.images.length === desired && last.images.every((i) => i.endsWith(newDigest)), `the new version serves: ${last.images.join(", ")}`);
        assert.ok(rollout.samples.some((s) => s.images.some((i) => !i.endsWith(newDigest))), "the watcher saw the old pods serving first");
        assert.deepEqual(capacityDips(rollout.samples, desired), []);
        const first = endpoints.readyCounts.findIndex((n) => n > 0);
        assert.ok(first >= 0 && endpoints.readyCounts.slice(first).every((n) => n > 0), `the Service always had ready endpoints: ${endpoints.readyCounts.join(" ")}`);
        assert.equal(endpoints.readyCounts.at(-1), desired, "the Service's endpoints are the new pods");
    });

    it("a version that never turns Ready fails pulumi up within the progress deadline, and the old pods keep serving", async function () {
        const namespace = "payments-staging";
        const before = versionOf(projectDir, "staging", "payments-api");
        const desired = (await servingPods(namespace, "payments-api")).length;
        setVersion(projectDir, "staging", "payments-api", "9.9.9-never-ready");
        const rollout = recordRollout(namespace, "app.kubernetes.io/name=payments-api");
        const up = await stackUp(projectDir, "staging", backend);
        rollout.stop();
        assert.notEqual(up.status, 0, "pulumi up failed");
        assert.match(up.stderr, /payments-api/, "the failure names the Deployment");
        assert.ok(up.ms < (progressDeadlineSeconds + 120) * 1000, `failed within the progress deadline (${progressDeadlineSeconds} s) and some slack: took ${Math.round(up.ms / 1000)} s`);
        assert.deepEqual(capacityDips(rollout.samples, desired), [], "the old pods served throughout");
        const serving = await servingPods(namespace, "payments-api");
        assert.equal(serving.length, desired);
        assert.ok(serving.every((p) => p.spec.containers[0].image.endsWith(`:${before}`)), "the serving pods are the old version");
        // Put staging back, as a rollback would, so the stack is healthy again.
        setVersion(projectDir, "staging", "payments-api", before);
        const restored = await stackUp(projectDir, "staging", backend);
        assert.equal(restored.status, 0, restored.stderr);
    });

    it("drift: a change made behind Pulumi's back shows in pulumi preview --refresh, and lockstep parity over the real exports reports it", async () => {
        const env = deliveryEnv(backend);
        const pulumi = (args: string[]) => run(path.join(repoRoot, ".engine", "bin", "pulumi"), [...args, "--non-interactive"], { cwd: projectDir, env });
        const lockstep = (args: string[]) => run(process.execPath, [path.join(repoRoot, "bin", "lockstep.js"), ...args, "--dir", projectDir], { cwd: projectDir, env });
        const stagingDrift = async () => {
            const parity = await lockstep(["parity", "--source", "state", "--live", "--format", "json"]);
            assert.ok(parity.status === 0 || parity.status === 1, parity.stderr);
            return JSON.stringify(JSON.parse(parity.stdout).differences.filter((d: { stack: string; intended: boolean }) => d.stack === "staging" && !d.intended));
        };
        assert.doesNotMatch(await stagingDrift(), /maxUnavailable/, "before the change, staging's rollout settings match prod's");
        // Someone lets staging's payments-api drop every replica at once, by hand (as `kubectl edit` would).
        const selector = encodeURIComponent("app.kubernetes.io/name=payments-api");
        const [deployment] = (await api("GET", `/apis/apps/v1/namespaces/payments-staging/deployments?labelSelector=${selector}`)).items;
        await api("PATCH", `/apis/apps/v1/namespaces/payments-staging/deployments/${deployment.metadata.name}?fieldManager=kubectl-edit`, { spec: { strategy: { rollingUpdate: { maxUnavailable: 2, maxSurge: 0 } } } }, "application/merge-patch+json");

        // The engine sees the drift, and the provider's server-side apply will not take the fields back from
        // the other field manager without being told to: the preview shows the update and fails on the conflict.
        const preview = await pulumi(["preview", "--refresh", "--stack", "staging"]);
        preview.stdout += preview.stderr;
        assert.notEqual(preview.status, 0, "the preview fails on the field conflict");
        assert.match(preview.stdout, /~\s+kubernetes:apps\/v1:Deployment payments-api-deployment update \[diff: ~spec\]/, preview.stdout.slice(-3000));
        assert.match(preview.stdout, /Server-Side Apply field conflict/);
        assert.match(preview.stdout, /conflicts with "kubectl-edit"[\s\S]*\.spec\.strategy\.rollingUpdate\.maxUnavailable/);

        const refresh = await pulumi(["refresh", "--yes", "--stack", "staging"]);
        assert.equal(refresh.status, 0, refresh.stderr);
        const stateDir = tempDir("cluster-exports");
        for (const stack of stacks) {
            const exported = await pulumi(["stack", "export", "--stack", stack, "--file", path.join(stateDir, `${stack}.json`)]);
            assert.equal(exported.status, 0, exported.stderr);
        }
        for (const source of [["--state", stateDir], ["--live"]]) {
            const parity = await lockstep(["parity", "--source", "state", ...source, "--format", "json"]);
            assert.equal(parity.status, 1, `parity fails on the drift (${source[0]}): ${parity.stderr}`);
            const drift = JSON.parse(parity.stdout).differences.filter((d: { stack: string; intended: boolean; key: string }) => d.stack === "staging" && !d.intended && /maxUnavailable/.test(d.key));
            assert.equal(drift.length, 1, `${source[0]}: one unexplained difference, the setting changed by hand: ${JSON.stringify(drift)}`);
        }
    });
});
