// The Pulumi CLI's "Policies:" block (pkg/backend/display/progress.go printPolicies), for one stack: the
// packs sorted by name@version, each with ✅, ⚠️ (advisories only) or ❌ (a mandatory violation) and its local
// path; then its remediations summed per policy; then its violations, sorted as the CLI sorts them (level,
// policy, URN), each `[level]  policy  (type: name)` with the message indented below. The engine tier holds
// this to what `pulumi preview` prints. The last line is lockstep's own summary.
import type { EnforcementLevel } from "../enforcement";
import type { PreviewReport, Violation } from "../previewReport";

const levelRank: Record<EnforcementLevel, number> = { remediate: 0, mandatory: 1, advisory: 2, disabled: 3 };

/** Go's sort.Strings order (bytes), which for these ASCII names is code-unit order. */
const byBytes = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** tokens.Type.DisplayName: `aws:iam/rolePolicy:RolePolicy` shows as `aws:iam:RolePolicy`. */
export function typeDisplayName(type: string): string {
    const parts = type.split(":");
    if (parts.length !== 3 || parts[2] === "") return type;
    const [pkg, module, name] = parts;
    const slash = module.lastIndexOf("/");
    if (slash < 0 || module.slice(slash + 1) !== name[0].toLowerCase() + name.slice(1)) return type;
    return `${pkg}:${module.slice(0, slash)}:${name}`;
}

function packIcon(violations: Violation[]): string {
    if (violations.some((v) => v.enforcementLevel === "mandatory")) return "❌";
    return violations.length > 0 ? "⚠️" : "✅";
}

export function textReport(report: PreviewReport): string {
    const lines: string[] = ["Policies:"];
    const key = (p: { name: string; version: string }) => `${p.name}@v${p.version}`;
    const inPack = <T extends { policyPackName: string; policyPackVersion: string }>(items: T[], pack: { name: string; version: string }) =>
        items.filter((i) => i.policyPackName === pack.name && i.policyPackVersion === pack.version);
    for (const pack of [...report.packs].sort((a, b) => byBytes(key(a), key(b)))) {
        const violations = inPack(report.violations, pack).sort(
            (a, b) => levelRank[a.enforcementLevel] - levelRank[b.enforcementLevel] || byBytes(a.policyName, b.policyName) || byBytes(a.urn, b.urn),
        );
        lines.push(`    ${packIcon(violations)} ${key(pack)} (local: ${pack.directory})`);
        const remediated = new Map<string, number>();
        for (const r of inPack(report.remediations ?? [], pack)) remediated.set(r.policyName, (remediated.get(r.policyName) ?? 0) + 1);
        for (const [policy, count] of [...remediated].sort(([a], [b]) => byBytes(a, b))) {
            lines.push(`        - [remediate]  ${policy}  (${count} ${count === 1 ? "resource" : "resources"})`);
        }
        for (const v of violations) {
            lines.push(`        - [${v.enforcementLevel}]  ${v.policyName}  (${typeDisplayName(v.resourceType)}: ${v.resourceName})`);
            for (const line of v.message.replace(/\n$/, "").split("\n")) lines.push(`          ${line}`);
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
