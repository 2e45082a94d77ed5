// Which planned changes a rollback may make on its own. A rollback should only touch the app layer (the
// workloads and what routes to them); deleting or replacing anything else (namespace, buckets, IAM,
// providers) is a decision for a human with --force.
import type { PlannedChange } from "./stackOperations";

/** Resource types that a release owns and that are recreated cheaply. */
export const appLayerTypes: ReadonlySet<string> = new Set([
    "lockstep:kubernetes:RollingService",
    "lockstep:kubernetes:BlueGreenService",
    "kubernetes:apps/v1:Deployment",
    "kubernetes:apps/v1:ReplicaSet",
    "kubernetes:core/v1:Service",
    "kubernetes:core/v1:ConfigMap",
    "kubernetes:core/v1:Pod",
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler",
    "kubernetes:policy/v1:PodDisruptionBudget",
    "kubernetes:networking.k8s.io/v1:Ingress",
]);

const destructiveOps = new Set(["delete", "replace", "create-replacement", "delete-replaced", "discard", "discard-replaced"]);

/** Deletions and replacements outside the app layer: each one is a reason to refuse a rollback. */
export function changesOutsideAppLayer(changes: PlannedChange[]): PlannedChange[] {
    return changes.filter((c) => destructiveOps.has(c.op) && !appLayerTypes.has(c.type));
}

/** Counts of planned changes by operation and resource type, e.g. `update kubernetes:apps/v1:Deployment: 1`. */
export function changesByType(changes: PlannedChange[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const c of changes) counts[`${c.op} ${c.type}`] = (counts[`${c.op} ${c.type}`] ?? 0) + 1;
    return counts;
}
