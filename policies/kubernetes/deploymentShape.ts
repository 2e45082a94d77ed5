// The parts of a Kubernetes Deployment (apps/v1) and Service the gates read. Typed here rather than
// importing @pulumi/kubernetes, which would add most of a second to every pack start.
export const deploymentType = "kubernetes:apps/v1:Deployment";
export const serviceType = "kubernetes:core/v1:Service";
export const disruptionBudgetType = "kubernetes:policy/v1:PodDisruptionBudget";

export type Labels = Record<string, string>;

export interface Container {
    name?: string;
    image?: string;
    readinessProbe?: unknown;
    resources?: { requests?: Record<string, string>; limits?: Record<string, string> };
    lifecycle?: { preStop?: { sleep?: { seconds?: number }; exec?: unknown; httpGet?: unknown } };
}

export interface Deployment {
    metadata?: { name?: string; namespace?: string; labels?: Labels };
    spec?: {
        replicas?: number;
        strategy?: { type?: string; rollingUpdate?: { maxUnavailable?: number | string; maxSurge?: number | string } };
        selector?: { matchLabels?: Labels };
        template?: {
            metadata?: { labels?: Labels };
            spec?: { containers?: Container[]; terminationGracePeriodSeconds?: number };
        };
    };
}

export function containersOf(deployment: Deployment): Container[] {
    return deployment.spec?.template?.spec?.containers ?? [];
}

/** Kubernetes defaults an unset replica count to 1. */
export function replicasOf(deployment: Deployment): number {
    return deployment.spec?.replicas ?? 1;
}

export function namespaceOf(object: { metadata?: { namespace?: string } }): string {
    return object.metadata?.namespace ?? "default";
}

export function podLabelsOf(deployment: Deployment): Labels {
    return deployment.spec?.template?.metadata?.labels ?? {};
}

/** A label selector (matchLabels form) selects a pod when every one of its labels matches. */
export function selects(selector: Labels | undefined, labels: Labels): boolean {
    if (!selector || Object.keys(selector).length === 0) return false;
    return Object.entries(selector).every(([key, value]) => labels[key] === value);
}

/** Items grouped by namespace, so that matching within a namespace stays linear in big stacks. */
export function byNamespace<T>(items: T[], namespace: (item: T) => string): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const item of items) {
        const key = namespace(item);
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
    }
    return groups;
}

export function describeContainer(container: Container, index: number): string {
    return `container "${container.name ?? `#${index}`}"`;
}
