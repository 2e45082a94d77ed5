// The Markdown report: fits a CI job summary or a pull-request comment.
import type { Figure } from "../model";
import { percent, shownValues, type ParityReport } from "../report";

function cell(f: Figure | undefined): string {
    return f === undefined ? "–" : `${percent(f.parityPercent)} (${f.identical}/${f.total})`;
}

/** Markdown table cells must not break the table or run code. */
function md(text: string): string {
    return text.replace(/[|\\`*_<>[\]]/g, (c) => `\\${c}`).replace(/\n/g, " ");
}

export function markdownReport(report: ParityReport): string {
    const out: string[] = [];
    out.push(`## Parity vs ${md(report.baseline)}: ${report.passed ? "✅ passed" : "❌ failed"}\n\n`);
    out.push(`Threshold ${report.threshold}%, maximum unexplained drift ${report.maxUnexplained}; sources: ${report.sources.join(" + ")}.\n\n`);
    out.push(`| Stack | Parity | ${report.sources.map((s) => s[0].toUpperCase() + s.slice(1)).join(" | ")} | Resources | Intended | Unexplained |\n`);
    out.push(`|---|---|${report.sources.map(() => "---|").join("")}---|---|---|\n`);
    for (const e of report.environments) {
        out.push(`| ${md(e.stack)} | **${cell(e)}** | ${report.sources.map((s) => cell(e.bySource[s])).join(" | ")} | ${cell(e.resources)} | ${e.intended} | ${e.unexplained} |\n`);
    }
    out.push(`\nIdentical in all environments: ${cell(report.identicalInAll)}. Unexplained drift: **${report.unexplained}**.\n`);
    const unexplained = report.differences.filter((d) => !d.intended);
    if (unexplained.length) {
        out.push(`\n### Unexplained differences\n\n| Stack | Source | Kind | Setting | Baseline | Value |\n|---|---|---|---|---|---|\n`);
        for (const d of unexplained) {
            const shown = shownValues(d);
            out.push(`| ${md(d.stack)} | ${d.source} | ${d.kind} | ${md(d.key)} | ${md(shown.baseline.text)} | ${md(shown.value.text)}${d.note ? ` (${md(d.note)})` : ""} |\n`);
        }
    }
    const intended = report.differences.filter((d) => d.intended);
    if (intended.length) {
        out.push(`\n<details><summary>Intended differences (${intended.length})</summary>\n\n| Stack | Setting | Reason |\n|---|---|---|\n`);
        for (const d of intended) out.push(`| ${md(d.stack)} | ${md(d.key)} | ${md(d.reason ?? "")} |\n`);
        out.push(`\n</details>\n`);
    }
    const since = report.sinceLastRun;
    if (since.previous) {
        out.push(`\nSince the previous run: ${since.newDrift.length} new drift, ${since.resolvedDrift.length} resolved${since.crossings.length ? `; ${md(since.crossings.join("; "))}` : ""}.\n`);
    }
    for (const w of report.warnings) out.push(`\n> ⚠️ ${md(w)}\n`);
    return out.join("");
}
