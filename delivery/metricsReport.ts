// Delivery metrics as text, JSON or Markdown: a map from format name to reporter.
import type { DeliveryMetrics } from "./deliveryMetrics";

export const metricsFormats = ["text", "json", "markdown"] as const;
export type MetricsFormat = (typeof metricsFormats)[number];

function rows(m: DeliveryMetrics): [string, string, string][] {
    const show = (v: number | null, unit = "") => (v === null ? "unknown" : `${v}${unit}`);
    const level = (l: string | null) => l ?? "-";
    return [
        ["Deployments (finished updates)", `${m.deployments} (${m.succeeded} succeeded, ${m.failed} failed)`, "-"],
        ["Deployment frequency", `${show(m.deploymentsPerDay)} per day`, level(m.levels.deploymentFrequency)],
        ["Success rate", show(m.successRatePercent, "%"), "-"],
        ["Change failure rate", show(m.changeFailureRatePercent, "%"), level(m.levels.changeFailureRate)],
        ["Time to restore (median / mean)", `${show(m.timeToRestoreMinutes.median, " min")} / ${show(m.timeToRestoreMinutes.mean, " min")}`, level(m.levels.timeToRestore)],
        ["Lead time for changes (median)", show(m.leadTimeHours.median, " h"), level(m.levels.leadTime)],
        ["Merges to main live within 15 minutes", show(m.mergesDeployedWithin15MinutesPercent, "%"), "-"],
    ];
}

export const metricsReporters: Record<MetricsFormat, (m: DeliveryMetrics) => string> = {
    text(m) {
        const table = rows(m);
        const width = Math.max(...table.map((r) => r[0].length));
        const body = table.map(([k, v, l]) => `  ${k.padEnd(width)}  ${v}${l === "-" ? "" : `  [DORA: ${l}]`}`).join("\n");
        return `Delivery metrics for ${m.stack}, last ${m.window.days} days (${m.window.from.slice(0, 10)} to ${m.window.to.slice(0, 10)})\n${body}\n`;
    },
    json(m) {
        return `${JSON.stringify(m, null, 2)}\n`;
    },
    markdown(m) {
        const body = rows(m).map(([k, v, l]) => `| ${k} | ${v} | ${l} |`).join("\n");
        return `## Delivery metrics: ${m.stack}, last ${m.window.days} days\n\n| Metric | Value | DORA level |\n|---|---|---|\n${body}\n`;
    },
};
