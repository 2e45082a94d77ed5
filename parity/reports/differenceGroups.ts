// Differences grouped for a reader: by resource (or the stack config), then by why they differ (the
// rule's reason for intended ones, "unexplained" otherwise), unexplained drift first.
import type { Difference } from "../model";

export const unexplainedReason = "unexplained";

export interface ReasonGroup {
    /** The rule's reason, or `unexplained`. */
    reason: string;
    intended: boolean;
    owner?: string;
    differences: Difference[];
}

export interface ResourceGroup {
    /** `config` or the resource's stack-neutral identity. */
    scope: string;
    intended: number;
    unexplained: number;
    reasons: ReasonGroup[];
}

export function differenceGroups(differences: readonly Difference[]): ResourceGroup[] {
    const byScope = new Map<string, ResourceGroup>();
    for (const d of differences) {
        let group = byScope.get(d.scope);
        if (group === undefined) byScope.set(d.scope, (group = { scope: d.scope, intended: 0, unexplained: 0, reasons: [] }));
        if (d.intended) group.intended += 1;
        else group.unexplained += 1;
        const reason = d.intended ? (d.reason ?? d.rule ?? "intended") : unexplainedReason;
        let byReason = group.reasons.find((r) => r.intended === d.intended && r.reason === reason);
        if (byReason === undefined) group.reasons.push((byReason = { reason, intended: d.intended, ...(d.owner ? { owner: d.owner } : {}), differences: [] }));
        byReason.differences.push(d);
    }
    for (const group of byScope.values()) group.reasons.sort((a, b) => Number(a.intended) - Number(b.intended) || b.differences.length - a.differences.length);
    // Unexplained drift first (most first), then the stack config, then resources by name.
    return [...byScope.values()].sort((a, b) => b.unexplained - a.unexplained || Number(b.scope === "config") - Number(a.scope === "config") || a.scope.localeCompare(b.scope));
}
