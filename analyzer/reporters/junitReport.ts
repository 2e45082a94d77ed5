// JUnit XML for CI test tabs: one suite per pack, one case per policy; mandatory violations fail it.
import type { PreviewReport } from "../previewReport";

const xml = (text: string) =>
    text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "");

export function junitReport(report: PreviewReport): string {
    const suites: string[] = [];
    for (const pack of report.packs) {
        const cases: string[] = [];
        let failures = 0;
        for (const policy of pack.policies) {
            const violations = report.violations.filter((v) => v.policyPackName === pack.name && v.policyName === policy.name);
            const mandatory = violations.filter((v) => v.enforcementLevel === "mandatory");
            const body = violations.map((v) => `[${v.enforcementLevel}] ${v.resourceType}: ${v.resourceName}: ${v.message}`).join("\n");
            let inner = "";
            if (policy.enforcementLevel === "disabled") inner = `<skipped message="disabled"/>`;
            else if (mandatory.length > 0) {
                failures++;
                inner = `<failure message="${xml(`${mandatory.length} mandatory violation(s)`)}">${xml(body)}</failure>`;
            } else if (body) inner = `<system-out>${xml(body)}</system-out>`;
            cases.push(`    <testcase classname="${xml(`${pack.name}.${report.stack}`)}" name="${xml(policy.name)}">${inner}</testcase>`);
        }
        suites.push(
            `  <testsuite name="${xml(`${pack.name}@v${pack.version} (${report.stack})`)}" tests="${pack.policies.length}" failures="${failures}">\n${cases.join("\n")}\n  </testsuite>`,
        );
    }
    return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="lockstep preview">\n${suites.join("\n")}\n</testsuites>\n`;
}
