// The freeze gate of a promotion: frozen refuses, unless break glass is declared with two approvers other
// than the change's author (the approval format CI already writes), and then the use is recorded.
import { describeWindow, freezeAt, inZone, intervalsOf, type FreezeState, type FreezeWindow } from "./freezeWindows";

/** Distinct approvers other than the author that break glass needs. */
export const breakGlassApprovals = 2;

export interface BreakGlass {
    reason: string;
    approvers: string[];
    author: string;
}

/** What a record keeps of a break glass: why, who approved it, whose change, and which freeze it broke. */
export interface BreakGlassUse extends BreakGlass {
    windows: string[];
    until: string;
}

export type FreezeVerdict = { allowed: true; state: FreezeState; breakGlass?: BreakGlassUse } | { allowed: false; state: FreezeState; reason: string; breakGlass?: undefined };

/** Logins compare case-insensitively (GitHub's do), so "Alice" cannot approve Alice's change. */
const normalize = (login: string) => login.trim().toLowerCase();

/** The approvers that count for break glass: distinct, not the author. */
export function countedApprovers(b: BreakGlass): string[] {
    const author = normalize(b.author);
    const seen = new Set<string>();
    return b.approvers.filter((a) => {
        const n = normalize(a);
        if (n === "" || n === author || seen.has(n)) return false;
        seen.add(n);
        return true;
    });
}

/** "until 2026-12-28 08:00 CET (Europe/Berlin), 2026-12-28T07:00:00.000Z". */
export function describeUntil(state: FreezeState): string {
    const last = state.active.find((i) => i.end.getTime() === state.until!.getTime()) ?? state.active[0];
    return `${inZone(state.until!, last.window.timeZone)}, ${state.until!.toISOString()}`;
}

/** Whether `stack` may change at `at` under `windows`, and with what break glass. */
export function judgeFreeze(stack: string, at: Date, windows: readonly FreezeWindow[], breakGlass?: BreakGlass): FreezeVerdict {
    const state = freezeAt(at, windows);
    if (!state.frozen) return { allowed: true, state };
    const frozenBy = `${stack} is frozen by ${state.active.map((i) => `${describeWindow(i.window)}${i.window.source ? ` [${i.window.source}]` : ""}`).join(" and ")} until ${describeUntil(state)}`;
    if (breakGlass === undefined) {
        return { allowed: false, state, reason: `${frozenBy}: wait until it ends, or break glass with --break-glass REASON and --policy-pack-config approvals.json naming ${breakGlassApprovals} approvers other than the author` };
    }
    const counted = countedApprovers(breakGlass);
    if (counted.length < breakGlassApprovals) {
        const by = breakGlass.approvers.length === 0 ? "nobody" : breakGlass.approvers.join(", ");
        return { allowed: false, state, reason: `${frozenBy}: break glass needs ${breakGlassApprovals} distinct approvers other than the author ${breakGlass.author}; approved by ${by}: ${breakGlassApprovals - counted.length} more approval(s) needed` };
    }
    return { allowed: true, state, breakGlass: { ...breakGlass, approvers: counted, windows: state.active.map((i) => describeWindow(i.window)), until: state.until!.toISOString() } };
}

/** How far ahead the policy config lists freezes: a deploy job runs well within it after the config is built. */
export const policyConfigHorizonDays = 7;

/** One occurrence of a freeze as the deployment-freeze-window policy reads it (UTC instants, no zone math in the pack). */
export interface PolicyFreeze {
    from: string;
    to: string;
    /** The end on the window's own clock, for the violation message. */
    toLocal: string;
    window: string;
}

/** The deployment-freeze-window policy's config for `stack`: every freeze overlapping [at, at + horizon). */
export function freezePolicyConfig(stack: string, at: Date, windows: readonly FreezeWindow[], breakGlass?: BreakGlass) {
    const validUntil = new Date(at.getTime() + policyConfigHorizonDays * 24 * 3600_000);
    const freezes: PolicyFreeze[] = windows
        .flatMap((w) => intervalsOf(w, at, validUntil))
        .sort((a, b) => a.start.getTime() - b.start.getTime())
        .map((i) => ({ from: i.start.toISOString(), to: i.end.toISOString(), toLocal: inZone(i.end, i.window.timeZone), window: `${describeWindow(i.window)}${i.window.source ? ` [${i.window.source}]` : ""}` }));
    return {
        stack,
        freezes,
        validUntil: validUntil.toISOString(),
        breakGlass: breakGlass?.reason ?? "",
        approvers: breakGlass?.approvers ?? [],
        author: breakGlass?.author ?? "",
    };
}
