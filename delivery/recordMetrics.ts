// The figures only release records can give, for one stack: how long a deploy takes, how long and how
// fast rollbacks are, and how many new releases were verified in the previous environment before they
// went live here. Pure: the records (and the stack's history, when at hand) and the window are given.
import { finishedDeployments } from "./deliveryMetrics";
import { recordPrefix, type ReleaseRecord } from "./releaseRecord";
import { arrivals, inWindow } from "./releaseArrivals";
import type { RecordedUpdate } from "./recordedUpdates";
import type { UpdateRecord } from "./stackOperations";
import { mean, median, nullable, percentOf } from "./statistics";

export const rollbackTargetMinutes = 5;

/** One update's duration: `minutes` is null when its records say only when it ended. */
export interface TimedUpdate {
    at: string;
    minutes: number | null;
    result: "succeeded" | "failed";
}

export interface TimeToDeploy {
    mean: number | null;
    median: number | null;
    /** Successful deploys in the window, and how many of them have no known duration. */
    deploys: number;
    unknownDuration: number;
    /** Where the durations come from: the deploy records (their update's history entry when at hand), or the stack history alone. */
    source: "records" | "history" | null;
}

export interface Rollbacks {
    rollbacks: number;
    failed: number;
    durationMinutes: { median: number | null; max: number | null };
    /** Of the rollbacks with a known outcome and duration, those that succeeded in under 5 minutes (exactly 5 is not under). */
    under5MinutesPercent: number | null;
}

export interface UnverifiedRelease {
    service: string;
    version: string;
    liveAt: string;
    reason: string;
}

export interface VerifiedBeforeLive {
    /** The environment a release must have been verified in first; null for the first stage (nothing to verify in). */
    previousStage: string | null;
    releases: number;
    verified: number | null;
    percent: number | null;
    unverified: UnverifiedRelease[];
}

const rollbackMessage = /^lockstep rollback/;

/** Durations of the stack's updates of one kind in the window, from the records, else from the history. */
export function timedUpdates(updates: readonly RecordedUpdate[], history: readonly UpdateRecord[] | undefined, kind: "deploy" | "rollback", from: number, to: number): { source: TimeToDeploy["source"]; updates: TimedUpdate[] } {
    const recorded = updates.filter((u) => u.event === kind && Date.parse(u.endedAt) >= from && Date.parse(u.endedAt) <= to);
    const byVersion = new Map((history ?? []).map((h) => [String(h.version), h]));
    if (recorded.length > 0) {
        return {
            source: "records",
            updates: recorded.map((u) => {
                // The engine's own times when the record names its update; a record that says only when it ended has no duration.
                const h = u.updateId === null ? undefined : byVersion.get(u.updateId);
                const ms = h?.endTime ? Date.parse(h.endTime) - Date.parse(h.startTime) : Date.parse(u.endedAt) - Date.parse(u.startedAt);
                return { at: u.endedAt, minutes: ms > 0 ? ms / 60_000 : null, result: u.result };
            }),
        };
    }
    const fromHistory = finishedDeployments([...(history ?? [])]).filter((h) => Date.parse(h.endTime!) >= from && Date.parse(h.endTime!) <= to && rollbackMessage.test(h.message ?? "") === (kind === "rollback"));
    if (fromHistory.length === 0) return { source: null, updates: [] };
    return {
        source: "history",
        updates: fromHistory.map((h) => {
            const ms = Date.parse(h.endTime!) - Date.parse(h.startTime);
            return { at: h.endTime!, minutes: ms > 0 ? ms / 60_000 : null, result: h.result as TimedUpdate["result"] };
        }),
    };
}

export function timeToDeploy(timed: { source: TimeToDeploy["source"]; updates: TimedUpdate[] }): TimeToDeploy {
    const ok = timed.updates.filter((u) => u.result === "succeeded");
    const known = ok.flatMap((u) => (u.minutes === null ? [] : [u.minutes]));
    return { mean: nullable(mean(known)), median: nullable(median(known)), deploys: ok.length, unknownDuration: ok.length - known.length, source: timed.source };
}

export function rollbackFigures(timed: TimedUpdate[]): Rollbacks {
    const failed = timed.filter((u) => u.result === "failed").length;
    const durations = timed.flatMap((u) => (u.result === "succeeded" && u.minutes !== null ? [u.minutes] : []));
    const under = durations.filter((m) => m < rollbackTargetMinutes).length;
    return {
        rollbacks: timed.length,
        failed,
        durationMinutes: { median: nullable(median(durations)), max: durations.length ? nullable(Math.max(...durations)) : null },
        under5MinutesPercent: percentOf(under, durations.length + failed),
    };
}

/**
 * Of the service versions that first went live in `stack` in the window, those whose promotion into it
 * was verified in `previous` first: a successful promote record of that version, before it went live,
 * whose verification comes from `previous` and names evidence (records) of it there. A version that went
 * live with no such record (deployed by hand, promoted from another stage, or with no evidence) is not.
 */
export function verifiedBeforeLive(records: readonly ReleaseRecord[], stack: string, previous: string | undefined, from: number, to: number): VerifiedBeforeLive {
    const live = inWindow(arrivals(records, stack), from, to);
    if (previous === undefined) return { previousStage: null, releases: live.length, verified: null, percent: null, unverified: [] };
    const unverified: UnverifiedRelease[] = [];
    for (const a of live) {
        const promotions = records.filter((r) => r.event === "promote" && r.stack === stack && r.service === a.service && r.version === a.version && r.result === "succeeded" && Date.parse(r.endedAt) <= Date.parse(a.at));
        const reason = whyUnverified(promotions, a.service, previous);
        if (reason !== undefined) unverified.push({ service: a.service, version: a.version, liveAt: a.at, reason });
    }
    const verified = live.length - unverified.length;
    return { previousStage: previous, releases: live.length, verified, percent: percentOf(verified, live.length), unverified };
}

function whyUnverified(promotions: ReleaseRecord[], service: string, previous: string): string | undefined {
    if (promotions.length === 0) return "no promotion record: deployed without lockstep promote --from";
    const evidence = recordPrefix(service, previous);
    if (promotions.some((p) => p.verification?.fromStack === previous && p.verification.evidence.length > 0 && p.verification.evidence.every((k) => k.startsWith(evidence)))) return undefined;
    const sources = [...new Set(promotions.map((p) => p.verification?.fromStack ?? "nowhere"))];
    if (!sources.includes(previous)) return `promoted from ${sources.join(", ")}, not from ${previous}`;
    return `its promotion from ${previous} names no records of ${service} there as evidence`;
}
