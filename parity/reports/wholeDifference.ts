// How the reports show a whole resource or keyed-list entry that one of the two stacks lacks: one line
// for all its settings, e.g. "only in dev: kubernetes:apps/v1:Deployment payments-web-deployment (24 settings)".
import type { Difference, WholeKind } from "../model";

/** A difference of a whole resource or entry, as far as these helpers read it. */
export type WholeDifference = Pick<Difference, "kind" | "settings"> & { whole: WholeKind };

export function isWhole<T extends Partial<WholeDifference>>(d: T): d is T & WholeDifference {
    return d.whole !== undefined && d.kind !== undefined && d.settings !== undefined;
}

function settingsCount(d: WholeDifference): string {
    return `${d.settings} setting${d.settings === 1 ? "" : "s"}`;
}

/** The stack that holds it: the environment for an extra one, the baseline for a missing one. */
function holder(d: WholeDifference & Pick<Difference, "stack">, baseline: string): string {
    return d.kind === "missing" ? baseline : d.stack;
}

export function describeWhole(d: WholeDifference & Pick<Difference, "stack" | "key">, baseline: string): string {
    // A resource's identity is `<type>::<name>`, shown as "<type> <name>"; an entry by its config path.
    const subject = d.whole === "resource" ? d.key.replace("::", " ") : d.key;
    return `only in ${holder(d, baseline)}: ${subject} (${settingsCount(d)})`;
}

/** What a report's baseline or value column shows for it: the whole thing's size, or its absence. */
export function wholeSide(d: WholeDifference, side: "baseline" | "value"): string {
    const held = side === "baseline" ? d.kind === "missing" : d.kind === "extra";
    return held ? `(the whole ${d.whole}, ${settingsCount(d)})` : "(absent)";
}
