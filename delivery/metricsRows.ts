// The figures of one environment as labelled rows, shared by the text, Markdown and HTML reports:
// a value in words ("unknown" when it cannot be told, never 0) and the DORA level where there is one.
import type { EnvironmentMetrics, MetricsView } from "./environmentMetrics";

export interface MetricRow {
    label: string;
    value: string;
    /** The DORA level; "-" where the metric has none or it cannot be told. */
    level: string;
}

export function show(v: number | null, unit = ""): string {
    return v === null ? "unknown" : `${v}${unit}`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export function metricRows(m: EnvironmentMetrics): MetricRow[] {
    const level = (l: string | null) => l ?? "-";
    const t = m.timeToDeployMinutes;
    const r = m.rollbacks;
    const v = m.verifiedBeforeLive;
    const source = t.source === null ? "" : `, from ${t.source}`;
    return [
        { label: "Deployments (finished updates)", value: `${m.deployments} (${m.succeeded} succeeded, ${m.failed} failed)`, level: "-" },
        { label: "Deployment frequency", value: `${show(m.deploymentsPerDay)} per day`, level: level(m.levels.deploymentFrequency) },
        { label: "Success rate", value: show(m.successRatePercent, "%"), level: "-" },
        { label: "Change failure rate", value: show(m.changeFailureRatePercent, "%"), level: level(m.levels.changeFailureRate) },
        { label: "Time to restore (median / mean)", value: `${show(m.timeToRestoreMinutes.median, " min")} / ${show(m.timeToRestoreMinutes.mean, " min")}`, level: level(m.levels.timeToRestore) },
        { label: "Lead time for changes (median)", value: show(m.leadTimeHours.median, " h"), level: level(m.levels.leadTime) },
        { label: "Merges to main live within 15 minutes", value: show(m.mergesDeployedWithin15MinutesPercent, "%"), level: "-" },
        {
            label: "Time to deploy (median / mean)",
            value: `${show(t.median, " min")} / ${show(t.mean, " min")} (${plural(t.deploys, "deploy")}${t.unknownDuration ? `, ${t.unknownDuration} without a start time` : ""}${source})`,
            level: "-",
        },
        { label: "Rollback duration (median / max)", value: `${show(r.durationMinutes.median, " min")} / ${show(r.durationMinutes.max, " min")} (${plural(r.rollbacks, "rollback")}, ${r.failed} failed)`, level: "-" },
        { label: "Rollbacks under 5 minutes", value: show(r.under5MinutesPercent, "%"), level: "-" },
        {
            label: "Verified before going live",
            value: v.previousStage === null ? `not applicable: first stage (${plural(v.releases, "release")})` : `${show(v.percent, "%")} (${v.verified} of ${plural(v.releases, "release")}, in ${v.previousStage})`,
            level: "-",
        },
        { label: "Lead time from commit to here (median)", value: `${show(m.leadTimeToHereHours.median, " h")} (${plural(m.leadTimeToHereHours.releases, "release")})`, level: "-" },
        { label: "DORA figures from", value: m.doraSource === "history" ? "the stack history" : "the release records", level: "-" },
    ];
}

export interface StageRow {
    label: string;
    value: string;
}

export function stageRows(view: MetricsView): StageRow[] {
    const s = view.leadTimeThroughStages;
    return [
        ...s.segments.map((g) => ({ label: `${g.from} → ${g.to}`, value: `${show(g.medianHours, " h")} (${plural(g.releases, "release")})` })),
        { label: `total, commit → ${s.target ?? "-"}`, value: `${show(s.totalHours.median, " h")} (${plural(s.totalHours.releases, "release")})` },
    ];
}

export function unverifiedLines(view: MetricsView): string[] {
    return view.environments.flatMap((e) => e.verifiedBeforeLive.unverified.map((u) => `${e.stack}: ${u.service} ${u.version}, live ${u.liveAt}: ${u.reason}`));
}
