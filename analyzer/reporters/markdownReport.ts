// For a CI job summary or a pull-request comment.
import type { PreviewReport } from "../previewReport";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\n/g, "<br>");

export function markdownReport(report: PreviewReport): string {
    const lines = [
        `### Policy preview: ${report.project}/${report.stack} ${report.passed ? "passed ✅" : "failed ❌"}`,
        "",
        `${report.resourceCount} resources checked by ${report.packs.map((p) => `\`${p.name}@v${p.version}\``).join(", ")}` +
            (report.values === "first-preview" ? ", as a first `pulumi preview` sees them (values only a create returns unknown)." : "."),
        "",
    ];
    if (report.violations.length === 0) {
        lines.push("No violations.");
    } else {
        lines.push("| Level | Policy | Resource | Message |", "| --- | --- | --- | --- |");
        for (const v of report.violations) {
            lines.push(`| ${v.enforcementLevel} | \`${v.policyName}\` | \`${cell(v.resourceType)}: ${cell(v.resourceName)}\` | ${cell(v.message)} |`);
        }
    }
    return lines.join("\n") + "\n";
}
