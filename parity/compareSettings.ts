// The one place that compares two scopes' settings. deep-diff (the client's choice) does the work
// on flat path→value records; `applyChange` is never used, so no input can write to a prototype.
import { diff } from "deep-diff";

export type DifferenceKind = "missing" | "extra" | "changed";

export interface SettingDifference {
    path: string;
    kind: DifferenceKind;
}

/** How `other` differs from `baseline`: missing (only in the baseline), extra (only in other), changed. */
export function compareSettings(baseline: Record<string, string>, other: Record<string, string>): SettingDifference[] {
    const changes = diff(baseline, other) ?? []; // deep-diff answers undefined, not [], when equal
    return changes.map((change) => ({
        path: String(change.path?.[0] ?? ""),
        kind: change.kind === "N" ? "extra" : change.kind === "D" ? "missing" : "changed",
    }));
}
