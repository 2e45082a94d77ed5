// Lead time from commit to an environment, through the stages before it: for each service version that
// first went live in the target in the window, the time from its commit to its first going live in the
// first stage, from each stage to the next, and in total. Medians over the versions where both ends are
// known; a stage a version skipped, or a commit the repository lacks, is unknown, never 0.
import type { Arrival } from "./releaseArrivals";
import { inWindow } from "./releaseArrivals";
import { median, nullable } from "./statistics";

export interface StageSegment {
    /** `commit` for the first segment. */
    from: string;
    to: string;
    medianHours: number | null;
    /** How many versions the median is over. */
    releases: number;
}

export interface ReleaseJourney {
    service: string;
    version: string;
    commit: string | null;
    committedAt: string | null;
    /** When it first went live in each stage, null where it never did (before it reached the target). */
    live: Record<string, string | null>;
}

export interface StageLeadTime {
    target: string | null;
    stages: string[];
    releases: number;
    segments: StageSegment[];
    totalHours: { median: number | null; releases: number };
    journeys: ReleaseJourney[];
}

const hours = (fromMs: number, toMs: number) => (toMs - fromMs) / 3_600_000;

/** The commit a version came from: that of the earliest record of it going live anywhere in the pipeline that names one. */
export function releaseCommit(byStack: ReadonlyMap<string, readonly Arrival[]>, service: string, version: string): string | null {
    const all = [...byStack.values()].flat().filter((a) => a.service === service && a.version === version && a.commit !== null);
    all.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    return all[0]?.commit ?? null;
}

export function stageLeadTime(stages: readonly string[], byStack: ReadonlyMap<string, readonly Arrival[]>, commitTimes: ReadonlyMap<string, number>, from: number, to: number): StageLeadTime {
    const target = stages[stages.length - 1];
    if (target === undefined) return { target: null, stages: [], releases: 0, segments: [], totalHours: { median: null, releases: 0 }, journeys: [] };
    const firstLive = (stack: string, service: string, version: string) => byStack.get(stack)?.find((a) => a.service === service && a.version === version)?.at ?? null;
    const journeys: ReleaseJourney[] = inWindow(byStack.get(target) ?? [], from, to).map((a) => {
        const commit = releaseCommit(byStack, a.service, a.version);
        const committed = commit === null ? undefined : commitTimes.get(commit);
        return {
            service: a.service,
            version: a.version,
            commit,
            committedAt: committed === undefined ? null : new Date(committed).toISOString(),
            live: Object.fromEntries(stages.map((s) => [s, firstLive(s, a.service, a.version)])),
        };
    });
    const points = ["commit", ...stages];
    const timeAt = (j: ReleaseJourney, point: string) => {
        const t = point === "commit" ? j.committedAt : j.live[point];
        return t === null ? undefined : Date.parse(t);
    };
    const segments = points.slice(1).map((stage, i) => {
        const spans = journeys.flatMap((j) => {
            const a = timeAt(j, points[i]);
            const b = timeAt(j, stage);
            // A version that reached a stage before the previous one (a hotfix straight to prod) has no span here.
            return a === undefined || b === undefined || b < a ? [] : [hours(a, b)];
        });
        return { from: points[i], to: stage, medianHours: nullable(median(spans)), releases: spans.length };
    });
    const totals = journeys.flatMap((j) => {
        const a = timeAt(j, "commit");
        const b = timeAt(j, target)!;
        return a === undefined || b < a ? [] : [hours(a, b)];
    });
    return { target, stages: [...stages], releases: journeys.length, segments, totalHours: { median: nullable(median(totals)), releases: totals.length }, journeys };
}

/** Median hours from commit to going live in `stack`, over its versions that went live in the window. */
export function leadTimeToStack(stack: string, byStack: ReadonlyMap<string, readonly Arrival[]>, commitTimes: ReadonlyMap<string, number>, from: number, to: number): { median: number | null; releases: number } {
    const spans = inWindow(byStack.get(stack) ?? [], from, to).flatMap((a) => {
        const commit = releaseCommit(byStack, a.service, a.version);
        const committed = commit === null ? undefined : commitTimes.get(commit);
        return committed === undefined || Date.parse(a.at) < committed ? [] : [hours(committed, Date.parse(a.at))];
    });
    return { median: nullable(median(spans)), releases: spans.length };
}
