// A rollout as the API server records it: every pod event of one service, and the pure judgement of
// whether capacity ever fell below the desired count or the Service was left without a ready endpoint.
import { watch } from "./kubeApi";

export interface Sample {
    /** Pods Ready and not terminating after this event. */
    ready: number;
    /** Their images, to tell the old pods from the new. */
    images: string[];
}

export function readyPod(pod: any): boolean {
    return pod.metadata.deletionTimestamp === undefined && (pod.status?.conditions ?? []).some((c: any) => c.type === "Ready" && c.status === "True");
}

/** Records, after every pod event in the namespace matching the selector, how many pods are ready. */
export function recordRollout(namespace: string, selector: string): { samples: Sample[]; stop: () => void } {
    const pods = new Map<string, any>();
    const samples: Sample[] = [];
    const stop = watch(`/api/v1/namespaces/${namespace}/pods?labelSelector=${encodeURIComponent(selector)}`, (event) => {
        if (event.type === "DELETED") pods.delete(event.object.metadata.name);
        else if (event.type === "ADDED" || event.type === "MODIFIED") pods.set(event.object.metadata.name, event.object);
        else return;
        const ready = [...pods.values()].filter(readyPod);
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
