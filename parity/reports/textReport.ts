// The text report: the headline table with counts beside every percentage, the unexplained
// differences, then the intended ones grouped by their reason.
import type { Difference, Figure } from "../model";
import { percent, shownValues, type ParityReport } from "../report";
import { describeWhole, isWhole } from "./wholeDifference";

function withCounts(f: Figure | undefined): string {
    return f === undefined ? "-" : `${percent(f.parityPercent)} (${f.identical}/${f.total})`;
}

function table(rows: string[][]): string {
    const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
    return rows.map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n") + "\n";
}

export function describeDifference(d: Difference, baseline: string): string {
    if (isWhole(d)) return `${d.stack}  ${d.source}  ${describeWhole(d, baseline)}`;
    const shown = shownValues(d);
    const values =
        d.kind === "missing"
            ? `${d.stack} lacks it (baseline: ${shown.baseline.text})`
            : d.kind === "extra"
              ? `only ${d.stack} has it: ${shown.value.text}`
              : `baseline ${shown.baseline.text}, ${d.stack} ${shown.value.text}`;
    return `${d.stack}  ${d.source}  ${d.kind}  ${d.key}: ${values}${d.neutralized ? " (stack name replaced)" : ""}`;
}

export function textReport(report: ParityReport): string {
    const out: string[] = [];
    out.push(
        `Parity vs ${report.baseline} (${report.sources.join(" + ")}), threshold ${report.threshold}%, max unexplained ${report.maxUnexplained}: ${report.passed ? "PASSED" : "FAILED"}\n\n`,
    );
    const header = ["STACK", "PARITY", ...report.sources.map((s) => s.toUpperCase()), "RESOURCES", "INTENDED", "UNEXPLAINED"];
    const rows = report.environments.map((e) => [
        e.stack,
        withCounts(e),
        ...report.sources.map((s) => withCounts(e.bySource[s])),
        withCounts(e.resources),
        String(e.intended),
        String(e.unexplained),
    ]);
    out.push(table([header, ...rows]));
    out.push("\n");
    if (report.worst) out.push(`Worst environment: ${report.worst.stack} at ${percent(report.worst.parityPercent)} (threshold ${report.threshold}%).\n`);
    out.push(`Identical in all environments: ${withCounts(report.identicalInAll)}.\n`);
    out.push(`Unexplained drift: ${report.unexplained} (maximum ${report.maxUnexplained}).\n`);
    if (report.neutralizedSettings > 0) out.push(`${report.neutralizedSettings} settings held the stack name and were compared with it replaced by {stack}.\n`);

    const unexplained = report.differences.filter((d) => !d.intended);
    out.push(`\nUnexplained differences (${unexplained.length}):\n`);
    if (unexplained.length === 0) out.push("  none\n");
    for (const d of unexplained) out.push(`  ${describeDifference(d, report.baseline)}${d.note ? ` [${d.note}]` : ""}\n`);

    const intended = report.differences.filter((d) => d.intended);
    out.push(`\nIntended differences (${intended.length}):\n`);
    if (intended.length === 0) out.push("  none\n");
    const byReason = new Map<string, Difference[]>();
    for (const d of intended) byReason.set(d.reason ?? "", [...(byReason.get(d.reason ?? "") ?? []), d]);
    for (const [reason, list] of byReason) {
        out.push(`  ${reason}${list[0].owner ? ` (owner: ${list[0].owner})` : ""}\n`);
        for (const d of list) out.push(`    ${describeDifference(d, report.baseline)}\n`);
    }

    const since = report.sinceLastRun;
    if (since.previous) {
        out.push(`\nSince the previous run (${since.previous.time}${since.previous.commit ? `, ${since.previous.commit.slice(0, 12)}` : ""}):\n`);
        out.push(`  new drift: ${since.newDrift.length}${since.newDrift.length ? `: ${since.newDrift.join("; ")}` : ""}\n`);
        out.push(`  resolved drift: ${since.resolvedDrift.length}${since.resolvedDrift.length ? `: ${since.resolvedDrift.join("; ")}` : ""}\n`);
        out.push(`  threshold: ${since.crossings.length ? since.crossings.join("; ") : "no change"}\n`);
    }
    if (report.warnings.length) {
        out.push(`\nWarnings:\n`);
        for (const w of report.warnings) out.push(`  ${w}\n`);
    }
    return out.join("");
}
