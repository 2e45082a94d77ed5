// The Pulumi CLI's way of showing policy results: per pack, `[level]  policy  (type: name)` and the message.
import type { PreviewReport } from "../previewReport";

export function textReport(report: PreviewReport): string {
    const lines: string[] = [];
    for (const pack of report.packs) {
        const violations = report.violations.filter((v) => v.policyPackName === pack.name && v.policyPackVersion === pack.version);
        lines.push(`Policies:`);
        lines.push(`    ${violations.length === 0 ? "✅" : "❌"} ${pack.name}@v${pack.version} (${pack.directory})`);
        for (const v of violations) {
            lines.push(`        - [${v.enforcementLevel}]  ${v.policyName}  (${v.resourceType}: ${v.resourceName})`);
            for (const line of v.message.split("\n")) lines.push(`          ${line}`);
        }
    }
    const mandatory = report.violations.filter((v) => v.enforcementLevel === "mandatory").length;
    const advisory = report.violations.length - mandatory;
    lines.push("");
    lines.push(
        `${report.stack}: ${report.resourceCount} resources, ${mandatory} mandatory and ${advisory} advisory violations: ` +
            (report.passed ? "passed" : "failed") +
            (report.values === "first-preview" ? " (as a first pulumi preview: values only a create returns unknown)" : ""),
    );
    return lines.join("\n") + "\n";
}
