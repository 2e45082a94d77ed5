// The one place that compares two scopes' settings. deep-diff (the client's choice) walks the two
// normalized trees; its changes are expanded to settings (a new or deleted subtree is one difference
// per leaf). `applyChange` is never used, so no input can write to a prototype.
import { diff, type Diff } from "deep-diff";
import type { Normalized } from "./settings";

export type DifferenceKind = "missing" | "extra" | "changed";

export interface SettingDifference {
    /** The path's segments in the normalized tree (keyed-list items by name). */
    segments: string[];
    path: string;
    kind: DifferenceKind;
}

type Tree = { [key: string]: Normalized };

/** How `other` differs from `baseline`: missing (only in the baseline), extra (only in other), changed. */
export function compareSettings(baseline: Tree, other: Tree): SettingDifference[] {
    const changes: Diff<Tree, Tree>[] = diff(baseline, other) ?? []; // undefined, not [], when equal
    const out: SettingDifference[] = [];
    for (const change of changes) {
        const at = (change.path ?? []).map(String);
        if (change.kind === "N") expand(change.rhs as Normalized, at, "extra", out);
        else if (change.kind === "D") expand(change.lhs as Normalized, at, "missing", out);
        else if (change.kind === "E") {
            const lhs = change.lhs as Normalized;
            const rhs = change.rhs as Normalized;
            const lhsIsTree = lhs !== null && typeof lhs === "object";
            const rhsIsTree = rhs !== null && typeof rhs === "object";
            if (!lhsIsTree && !rhsIsTree) out.push({ segments: at, path: at.join("."), kind: "changed" });
            else {
                // A value on one side where the other has a subtree: different settings altogether.
                expand(lhs, at, "missing", out);
                expand(rhs, at, "extra", out);
            }
        }
        // Arrays are leaves after normalization, so deep-diff never reports an "A" change here.
    }
    return out;
}

function expand(value: Normalized, at: string[], kind: DifferenceKind, out: SettingDifference[]): void {
    if (value === null || typeof value !== "object") {
        out.push({ segments: at, path: at.join("."), kind });
        return;
    }
    for (const key of Object.keys(value)) expand(value[key], [...at, key], kind, out);
}
