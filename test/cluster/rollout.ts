// A rollout as the API server records it: every pod event of one service, and the pure judgement of
// whether serving capacity ever fell below the desired count.
import { watch } from "./kubeApi";

/**
 * How long the stand-in application takes to start serving after its container starts: the delay after
 * which kwok passes its readiness probe (engine/cluster/kwok-stages.yaml). A pod without a probe is Ready
 * at once, but serves only after this, as a real application would.
 */
export const warmUpMs = 2000;

export interface Sample {
    /** Pods serving after this event: Ready, not terminating, and started at least `warmUpMs` before. */
    ready: number;
    /** Their images, to tell the old pods from the new. */
    images: string[];
}

export function readyPod(pod: any): boolean {
    return pod.metadata.deletionTimestamp === undefined && (pod.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
}

/** Ready and warmed up at `now` (the API server's start times have whole seconds: a pod can only look older than it is). */
export function servingPod(pod: any, now: number): boolean {
    const started = pod.status?.containerStatuses?.[0]?.state?.running?.startedAt;
    return readyPod(pod) && started !== undefined && now - Date.parse(started) >= warmUpMs;
}

/** Records, after every pod event in the namespace matching the selector, how many pods are ready. */
export function recordRollout(namespace: string, selector: string): { samples: Sample[]; stop: () => void } {
    const pods = new Map<string, any>();
    const samples: Sample[] = [];
    const stop = watch(`/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`, (event) => {
        if (event.type === "DELETED") pods.delete(event.object.metadata.name);
        else if (event.type === "ADDED" || event.type === "MODIFIED") pods.set(event.object.metadata.name, event.object);
        else return;
        const ready = [...pods.values()].filter((pod) => servingPod(pod, Date.now()));
        samples.push({ ready: ready.length, images: ready.map((p) => p.spec.containers[0].image) });
    });
    return { samples, stop };
}

/** Problems with a rollout's samples: each moment (after the first at full capacity) below `desired`. */
export function capacityDips(samples: Sample[], desired: number): string[] {
    const start = samples.findIndex((s) => s.ready >= desired);
    if (start < 0) return [`never reached ${desired} ready pods`];
    return samples.slice(start).flatMap((s, i) => (s.ready < desired ? [`event ${start + i}: ${s.ready} of ${desired} ready (${s.images.join(", ") || "none"})`] : []));
}

/** Records, after every EndpointSlice event of a Service, how many of its endpoints are ready. */
export function recordEndpoints(namespace: string, service: string): { readyCounts: number[]; stop: () => void } {
    const slices = new Map<string, any>();
    const readyCounts: number[] = [];
    const stop = watch(`/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?labelSelector=${encodeURIComponent(`kubernetes.io/service-name=${service}`)}`, (event) => {
        if (event.type === "DELETED") slices.delete(event.object.metadata.name);
        else if (event.type === "ADDED" || event.type === "MODIFIED") slices.set(event.object.metadata.name, event.object);
        else return;
        readyCounts.push([...slices.values()].flatMap((s) => s.endpoints ?? []).filter((e: any) => e.conditions?.ready).length);
    });
    return { readyCounts, stop };
}
