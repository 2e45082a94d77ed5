// The delivery metrics of one or more environments side by side: the DORA figures (from each stack's
// history, or from its records when the history is not at hand) and the figures of the release records,
// with the lead time through the stages and each figure week by week. Pure: everything is given.
import type { MainlineCommit } from "./commitTimes";
import { deliveryMetrics, finishedDeployments, type DeliveryMetrics } from "./deliveryMetrics";
import { arrivals, type Arrival } from "./releaseArrivals";
import { asStackHistory, recordedUpdates } from "./recordedUpdates";
import { rollbackFigures, timedUpdates, timeToDeploy, verifiedBeforeLive, type Rollbacks, type TimeToDeploy, type VerifiedBeforeLive } from "./recordMetrics";
import type { ReleaseRecord } from "./releaseRecord";
import { leadTimeToStack, stageLeadTime, type StageLeadTime } from "./stageLeadTime";
import type { UpdateRecord } from "./stackOperations";
import { median, nullable } from "./statistics";
import { weeksOf } from "./metricsWeeks";

export interface EnvironmentMetrics extends Omit<DeliveryMetrics, "schemaVersion" | "window"> {
    /** Where the DORA figures come from: the stack's update history, or its deploy, flip and rollback records. */
    doraSource: "history" | "records";
    timeToDeployMinutes: TimeToDeploy;
    rollbacks: Rollbacks;
    verifiedBeforeLive: VerifiedBeforeLive;
    /** From a version's commit to its going live here. */
    leadTimeToHereHours: { median: number | null; releases: number };
}

export interface WeekFigures {
    deployments: number;
    timeToDeployMedianMinutes: number | null;
    releases: number;
    verifiedPercent: number | null;
}

export interface MetricsWeek {
    start: string;
    environments: Record<string, WeekFigures>;
}

export interface RollbackPoint {
    stack: string;
    at: string;
    minutes: number | null;
    result: "succeeded" | "failed";
}

export interface MetricsView {
    schemaVersion: 2;
    window: DeliveryMetrics["window"];
    /** Where the release records were read. */
    records: string;
    /** The stages a release goes through, in order. */
    pipeline: string[];
    environments: EnvironmentMetrics[];
    /** Through the stages to the last environment shown. */
    leadTimeThroughStages: StageLeadTime;
    weeks: MetricsWeek[];
    rollbackPoints: RollbackPoint[];
}

export interface MetricsViewInput {
    /** The environments shown, in pipeline order. */
    stacks: string[];
    /** Every stage, in order (the shown stacks among them). */
    pipeline: string[];
    records: readonly ReleaseRecord[];
    /** The update history of the stacks whose history is at hand. */
    histories: ReadonlyMap<string, UpdateRecord[]>;
    commitTimes: Map<string, number>;
    mainline?: MainlineCommit[];
    now: number;
    windowDays: number;
    recordsLocation: string;
}

export function metricsView(input: MetricsViewInput): MetricsView {
    const to = input.now;
    const from = to - input.windowDays * 86_400_000;
    const byStack = new Map<string, Arrival[]>(input.pipeline.concat(input.stacks).map((s) => [s, arrivals(input.records, s)]));
    const previousOf = (stack: string) => {
        const i = input.pipeline.indexOf(stack);
        return i > 0 ? input.pipeline[i - 1] : undefined;
    };
    const weeks = weeksOf(from, to);
    const perWeek: Record<string, WeekFigures>[] = weeks.map(() => ({}));
    const rollbackPoints: RollbackPoint[] = [];

    const environments = input.stacks.map((stack): EnvironmentMetrics => {
        const updates = recordedUpdates(input.records, stack);
        const history = input.histories.get(stack);
        const doraHistory = history ?? asStackHistory(updates);
        const { schemaVersion: _version, window: _window, ...dora } = deliveryMetrics({ stack, history: doraHistory, commitTimes: input.commitTimes, mainline: input.mainline, now: to, windowDays: input.windowDays });
        const deploys = timedUpdates(updates, history, "deploy", from, to);
        const rollbacks = timedUpdates(updates, history, "rollback", from, to);
        rollbackPoints.push(...rollbacks.updates.map((u) => ({ stack, at: u.at, minutes: u.minutes === null ? null : nullable(u.minutes), result: u.result })));
        const finished = finishedDeployments(doraHistory);
        weeks.forEach((week, i) => {
            const verified = verifiedBeforeLive(input.records, stack, previousOf(stack), week.from, week.to);
            const durations = deploys.updates.flatMap((u) => (u.result === "succeeded" && u.minutes !== null && Date.parse(u.at) >= week.from && Date.parse(u.at) <= week.to ? [u.minutes] : []));
            perWeek[i][stack] = {
                deployments: finished.filter((d) => Date.parse(d.startTime) >= week.from && Date.parse(d.startTime) <= week.to).length,
                timeToDeployMedianMinutes: nullable(median(durations)),
                releases: verified.releases,
                verifiedPercent: verified.percent,
            };
        });
        return {
            ...dora,
            doraSource: history ? "history" : "records",
            timeToDeployMinutes: timeToDeploy(deploys),
            rollbacks: rollbackFigures(rollbacks.updates),
            verifiedBeforeLive: verifiedBeforeLive(input.records, stack, previousOf(stack), from, to),
            leadTimeToHereHours: leadTimeToStack(stack, byStack, input.commitTimes, from, to),
        };
    });
    const target = input.stacks[input.stacks.length - 1];
    const stages = target === undefined ? [] : input.pipeline.includes(target) ? input.pipeline.slice(0, input.pipeline.indexOf(target) + 1) : [target];
    return {
        schemaVersion: 2,
        window: { from: new Date(from).toISOString(), to: new Date(to).toISOString(), days: input.windowDays },
        records: input.recordsLocation,
        pipeline: input.pipeline,
        environments,
        leadTimeThroughStages: stageLeadTime(stages, byStack, input.commitTimes, from, to),
        weeks: weeks.map((w, i) => ({ start: w.start, environments: perWeek[i] })),
        rollbackPoints: rollbackPoints.sort((a, b) => Date.parse(a.at) - Date.parse(b.at)),
    };
}
