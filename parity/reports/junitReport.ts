// The JUnit XML report for CI test tabs: a test case per environment (parity against the threshold)
// and one per unexplained difference.
import { percent, shownValues, type ParityReport } from "../report";

function xml(text: string): string {
    // Characters XML 1.0 cannot hold at all are dropped; the rest escaped.
    // eslint-disable-next-line no-control-regex
    return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[<>&"']/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "apos" }[c]};`);
}

export function junitReport(report: ParityReport): string {
    const cases: string[] = [];
    let failures = 0;
    for (const e of report.environments) {
        const name = `${e.stack} parity ${percent(e.parityPercent)} (${e.identical}/${e.total}) vs ${report.baseline}`;
        const ok = e.parityPercent >= report.threshold;
        if (!ok) failures += 1;
        cases.push(
            `    <testcase classname="parity.environments" name="${xml(name)}">${ok ? "" : `<failure message="${xml(`below the threshold of ${report.threshold}%`)}"/>`}</testcase>`,
        );
    }
    for (const d of report.differences.filter((x) => !x.intended)) {
        failures += 1;
        const shown = shownValues(d);
        const message = `${d.kind}: baseline ${shown.baseline.text}, ${d.stack} ${shown.value.text}${d.note ? ` (${d.note})` : ""}`;
        cases.push(`    <testcase classname="parity.drift.${xml(d.stack)}" name="${xml(`${d.source} ${d.key}`)}"><failure message="${xml(message)}"/></testcase>`);
    }
    return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="lockstep parity" tests="${cases.length}" failures="${failures}">
  <testsuite name="parity vs ${xml(report.baseline)}" tests="${cases.length}" failures="${failures}" timestamp="${xml(report.generatedAt)}">
${cases.join("\n")}
  </testsuite>
</testsuites>
`;
}
