// The one source of pod labels: Deployment selectors, pod templates, Service selectors and disruption
// budgets all derive from these functions, so a Service can never select the wrong pods.
import type { Color } from "../config/environmentSchema";

export const nameLabel = "app.kubernetes.io/name";
export const colorLabel = "lockstep.dev/color";

/** Labels that select a service's pods; blue-green pods also carry their colour. */
export function selectorLabels(service: string, color?: Color): Record<string, string> {
    return color === undefined ? { [nameLabel]: service } : { [nameLabel]: service, [colorLabel]: color };
}

/** Labels on every Kubernetes object of a service (selector labels plus ownership). */
export function objectLabels(service: string, team: string, color?: Color): Record<string, string> {
    return { ...selectorLabels(service, color), "app.kubernetes.io/part-of": team, "app.kubernetes.io/managed-by": "lockstep" };
}
