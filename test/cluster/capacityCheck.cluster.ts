// The zero-downtime check is known to bite: the same watcher and judgement the deploy tests use, over raw
// Deployments on the API server that differ from a safe rollout in one setting each.
import * as assert from "assert";
import { api, clusterRunning, removeNamespace, waitFor } from "./kubeApi";
import { capacityDips, recordRollout } from "./rollout";

const namespace = "lockstep-capacity-check";
const replicas = 2;

interface Variant {
    maxUnavailable: number;
    maxSurge: number;
    readinessProbe: boolean;
}

function deployment(name: string, image: string, v: Variant) {
    const labels = { "app.kubernetes.io/name": name };
    const probe = { httpGet: { path: "/healthz", port: 8080 }, periodSeconds: 1 };
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name, namespace },
        spec: {
            replicas,
            selector: { matchLabels: labels },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: v.maxUnavailable, maxSurge: v.maxSurge } },
            template: { metadata: { labels }, spec: { containers: [{ name: "app", image, ...(v.readinessProbe ? { readinessProbe: probe } : {}) }] } },
        },
    };
}

async function settled(name: string): Promise<void> {
    await waitFor(`${name} rolled out`, async () => {
        const d = await api("GET", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`);
        return d.status?.observedGeneration === d.metadata.generation && d.status?.updatedReplicas === replicas && d.status?.readyReplicas === replicas && d.status?.replicas === replicas;
    });
}

/** Creates the Deployment, rolls it to a second image while watching, and returns the capacity dips seen. */
async function rollOut(name: string, v: Variant): Promise<string[]> {
    await api("POST", `/apis/apps/v1/namespaces/${namespace}/deployments`, deployment(name, "example.com/app:1", v));
    try {
        await settled(name);
        await new Promise((r) => setTimeout(r, 2500)); // the first pods warm up
        const rollout = recordRollout(namespace, `app.kubernetes.io/name=${name}`);
        await new Promise((r) => setTimeout(r, 500));
        await api("PUT", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`, deployment(name, "example.com/app:2", v));
        await settled(name);
        await new Promise((r) => setTimeout(r, 2500));
        rollout.stop();
        return capacityDips(rollout.samples, replicas);
    } finally {
        await api("DELETE", `/apis/apps/v1/namespaces/${namespace}/deployments/${name}`).catch(() => undefined);
    }
}

describe("cluster: the zero-downtime check bites", function () {
    before(async function () {
        if (!clusterRunning()) throw new Error("no local cluster: run `npm run cluster:up` first");
        await removeNamespace(namespace); // an earlier run's
        await api("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: namespace } });
    });

    it("a safe rollout (surge one, none unavailable, a readiness probe) keeps every replica serving", async () => {
        assert.deepEqual(await rollOut("safe", { maxUnavailable: 0, maxSurge: 1, readinessProbe: true }), []);
    });

    it("maxUnavailable raised: the dip is caught", async () => {
        const dips = await rollOut("unavailable", { maxUnavailable: 2, maxSurge: 0, readinessProbe: true });
        assert.notDeepEqual(dips, [], "a rollout allowed to take both replicas down at once is seen to drop capacity");
    });

    it("the readiness probe removed: the dip is caught (pods are Ready before they serve)", async () => {
        const dips = await rollOut("unprobed", { maxUnavailable: 0, maxSurge: 1, readinessProbe: false });
        assert.notDeepEqual(dips, [], "old pods are removed while the new ones are still warming up");
    });
});
