// Smoke results as text, JSON or JUnit XML: a map from format name to reporter.
import type { SmokeResult } from "./smokeChecks";

export const smokeFormats = ["text", "json", "junit"] as const;
export type SmokeFormat = (typeof smokeFormats)[number];

export const smokeReporters: Record<SmokeFormat, (results: SmokeResult[]) => string> = {
    text(results) {
        const lines = results.map((r) =>
            `${r.passed ? "PASS" : "FAIL"}  ${r.name}  ${r.url}  ${r.status ?? "-"}  ${r.latencyMs} ms  ${r.attempts} attempt(s)${r.reason ? `  ${r.reason}` : ""}`,
        );
        const failed = results.filter((r) => !r.passed).length;
        return `${lines.join("\n")}\n${failed === 0 ? `all ${results.length} smoke check(s) passed` : `${failed} of ${results.length} smoke check(s) failed`}\n`;
    },
    json(results) {
        return `${JSON.stringify({ schemaVersion: 1, passed: results.every((r) => r.passed), checks: results }, null, 2)}\n`;
    },
    junit(results) {
        const failures = results.filter((r) => !r.passed).length;
        const cases = results.map((r) => {
            const open = `    <testcase classname="smoke" name="${xml(`${r.name} ${r.url}`)}" time="${(r.latencyMs / 1000).toFixed(3)}"`;
            return r.passed ? `${open}/>` : `${open}>\n      <failure message="${xml(r.reason ?? "failed")}"/>\n    </testcase>`;
        });
        return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n  <testsuite name="lockstep smoke" tests="${results.length}" failures="${failures}">\n${cases.join("\n")}\n  </testsuite>\n</testsuites>\n`;
    },
};

function xml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}
