// Deployment metrics (DORA's four keys plus success rate and the dev 15-minute target) computed from
// stack history: a pure function of the updates, commit times and the reporting window.
import type { MainlineCommit } from "./commitTimes";
import type { UpdateRecord } from "./stackOperations";
import { doraLevels, type DoraLevels } from "./doraLevels";
import { mean, median, nullable, round } from "./statistics";

export interface DeliveryMetrics {
    schemaVersion: 1;
    stack: string;
    window: { from: string; to: string; days: number };
    deployments: number;
    succeeded: number;
    failed: number;
    successRatePercent: number | null;
    changeFailureRatePercent: number | null;
    timeToRestoreMinutes: { median: number | null; mean: number | null };
    deploymentsPerDay: number | null;
    leadTimeHours: { median: number | null };
    /**
     * Of the merges to main in the window (older than 15 minutes), the share that a successful update of
     * this stack made live within 15 minutes: the update ran that merge or a later one on the mainline.
     */
    mergesDeployedWithin15MinutesPercent: number | null;
    levels: DoraLevels;
}

export interface MetricsInput {
    stack: string;
    history: UpdateRecord[];
    /** Commit time (ms since epoch) by commit SHA, from the local repository. */
    commitTimes: Map<string, number>;
    /** The first-parent line of main, oldest first; undefined when there is no local repository to read. */
    mainline?: MainlineCommit[];
    now: number;
    windowDays: number;
}

const rollbackMessage = /^lockstep rollback/;

/** Only finished updates are deployments: not previews, refreshes, or updates still running. */
export function finishedDeployments(history: UpdateRecord[]): UpdateRecord[] {
    return history
        .filter((h) => h.kind === "update" && (h.result === "succeeded" || h.result === "failed") && h.endTime !== undefined)
        .sort((a, b) => Date.parse(a.startTime) - Date.parse(b.startTime));
}

export function deliveryMetrics(input: MetricsInput): DeliveryMetrics {
    const from = input.now - input.windowDays * 86_400_000;
    const all = finishedDeployments(input.history);
    const inWindow = all.filter((d) => Date.parse(d.startTime) >= from && Date.parse(d.startTime) <= input.now);
    const succeeded = inWindow.filter((d) => d.result === "succeeded");
    const failed = inWindow.filter((d) => d.result === "failed");
    const total = inWindow.length;

    // A change failed if its update failed, or if it succeeded and the next deployment rolled it back.
    const changeFailures = inWindow.filter((d, i) => d.result === "failed" || (rollbackMessage.test(inWindow[i + 1]?.message ?? "") && !rollbackMessage.test(d.message ?? ""))).length;

    const restoreMinutes: number[] = [];
    let brokenSince: number | undefined;
    for (const d of inWindow) {
        if (d.result === "failed") brokenSince ??= Date.parse(d.endTime!);
        else if (brokenSince !== undefined) {
            restoreMinutes.push((Date.parse(d.endTime!) - brokenSince) / 60_000);
            brokenSince = undefined;
        }
    }

    const leadHours = succeeded
        .map((d) => {
            const committed = input.commitTimes.get(d.environment?.["git.head"] ?? "");
            return committed === undefined ? undefined : (Date.parse(d.endTime!) - committed) / 3_600_000;
        })
        .filter((h): h is number => h !== undefined);

    const metrics = {
        deployments: total,
        succeeded: succeeded.length,
        failed: failed.length,
        successRatePercent: total ? round((succeeded.length / total) * 100) : null,
        changeFailureRatePercent: total ? round((changeFailures / total) * 100) : null,
        timeToRestoreMinutes: { median: nullable(median(restoreMinutes)), mean: nullable(mean(restoreMinutes)) },
        deploymentsPerDay: input.windowDays > 0 ? round(total / input.windowDays, 3) : null,
        leadTimeHours: { median: nullable(median(leadHours)) },
        mergesDeployedWithin15MinutesPercent: mergesDeployedWithin(input.mainline, succeeded, from, input.now, 15),
    };
    return {
        schemaVersion: 1,
        stack: input.stack,
        window: { from: new Date(from).toISOString(), to: new Date(input.now).toISOString(), days: input.windowDays },
        ...metrics,
        levels: doraLevels(metrics),
    };
}

export function mergesDeployedWithin(mainline: MainlineCommit[] | undefined, succeeded: UpdateRecord[], from: number, now: number, minutes: number): number | null {
    if (mainline === undefined) return null;
    const limit = minutes * 60_000;
    const position = new Map(mainline.map((c, i) => [c.sha, i]));
    const deployedAt = succeeded
        .map((d) => ({ at: position.get(d.environment?.["git.head"] ?? ""), end: Date.parse(d.endTime!) }))
        .filter((d): d is { at: number; end: number } => d.at !== undefined);
    // No update ran a commit of this main: which merges went live is unknown here, not none.
    if (deployedAt.length === 0) return null;
    // Merges younger than the limit cannot have missed it yet.
    const judged = mainline.map((c, i) => ({ ...c, i })).filter((c) => c.time >= from && c.time <= now - limit);
    if (judged.length === 0) return null;
    const inTime = judged.filter((m) => deployedAt.some((d) => d.at >= m.i && d.end >= m.time && d.end - m.time <= limit)).length;
    return round((inTime / judged.length) * 100);
}
