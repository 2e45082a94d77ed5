// Delivery metrics as text, JSON, Markdown or an HTML page: a map from format name to reporter. With one
// stack (`--stack`), the JSON keeps that stack's figures at the top level, as schema 1 had them.
import type { MetricsView } from "./environmentMetrics";
import { metricsHtml } from "./metricsHtml";
import { metricRows, stageRows, unverifiedLines } from "./metricsRows";

export const metricsFormats = ["text", "json", "markdown", "html"] as const;
export type MetricsFormat = (typeof metricsFormats)[number];

/** `single`: the report of one stack (`--stack`), else the environments side by side. */
export type MetricsReporter = (view: MetricsView, single: boolean) => string;

/** The JSON document: one stack's figures at the top level, or `environments` side by side. */
export function metricsJson(view: MetricsView, single: boolean): unknown {
    if (!single) return view;
    const { environments, schemaVersion, window, ...rest } = view;
    const { stack, ...figures } = environments[0];
    return { schemaVersion, stack, window, ...figures, ...rest };
}

function heading(view: MetricsView): string {
    const w = view.window;
    return `last ${w.days} days (${w.from.slice(0, 10)} to ${w.to.slice(0, 10)})`;
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => `  ${r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]))).join("  ")}`.trimEnd()).join("\n");
}

function tail(view: MetricsView, markdown: boolean): string {
    const s = view.leadTimeThroughStages;
    const unverified = unverifiedLines(view);
    const stages = stageRows(view);
    const parts: string[] = [];
    if (s.target !== null) {
        const title = `Lead time through the stages to ${s.target} (${s.stages.join(" → ")}), median`;
        parts.push(markdown ? `### ${title}\n\n| Stage | Median |\n|---|---|\n${stages.map((r) => `| ${r.label} | ${r.value} |`).join("\n")}` : `${title}:\n${table(stages.map((r) => [r.label, r.value]))}`);
    }
    if (unverified.length > 0) parts.push(markdown ? `### Not verified before going live\n\n${unverified.map((u) => `- ${u}`).join("\n")}` : `Not verified before going live:\n${unverified.map((u) => `  ${u}`).join("\n")}`);
    parts.push(markdown ? `Release records: \`${view.records}\`` : `Release records: ${view.records}`);
    return parts.join("\n\n");
}

export const metricsReporters: Record<MetricsFormat, MetricsReporter> = {
    text(view, single) {
        if (single) {
            const m = view.environments[0];
            const body = table(metricRows(m).map((r) => [r.label, `${r.value}${r.level === "-" ? "" : `  [DORA: ${r.level}]`}`]));
            return `Delivery metrics for ${m.stack}, ${heading(view)}\n${body}\n\n${tail(view, false)}\n`;
        }
        const columns = view.environments.map((e) => metricRows(e));
        const rows = columns[0].map((r, i) => [r.label, ...columns.map((c) => `${c[i].value}${c[i].level === "-" ? "" : ` [${c[i].level}]`}`)]);
        return `Delivery metrics, ${heading(view)}; [DORA level]\n${table([["", ...view.environments.map((e) => e.stack)], ...rows])}\n\n${tail(view, false)}\n`;
    },
    json(view, single) {
        return `${JSON.stringify(metricsJson(view, single), null, 2)}\n`;
    },
    markdown(view, single) {
        const cell = (s: string) => s.replace(/\|/g, "\\|");
        if (single) {
            const m = view.environments[0];
            const body = metricRows(m).map((r) => `| ${cell(r.label)} | ${cell(r.value)} | ${r.level} |`).join("\n");
            return `## Delivery metrics: ${m.stack}, last ${view.window.days} days\n\n| Metric | Value | DORA level |\n|---|---|---|\n${body}\n\n${tail(view, true)}\n`;
        }
        const columns = view.environments.map((e) => metricRows(e));
        const body = columns[0].map((r, i) => `| ${cell(r.label)} | ${columns.map((c) => cell(`${c[i].value}${c[i].level === "-" ? "" : ` (DORA: ${c[i].level})`}`)).join(" | ")} |`).join("\n");
        return `## Delivery metrics: ${view.environments.map((e) => e.stack).join(", ")}, last ${view.window.days} days\n\n| Metric | ${view.environments.map((e) => e.stack).join(" | ")} |\n|---|${view.environments.map(() => "---|").join("")}\n${body}\n\n${tail(view, true)}\n`;
    },
    html(view) {
        return metricsHtml(view);
    },
};
