// The last lines of `lockstep check`: one verdict over its three parts and what to do next, so a failure's
// reason is not seventy lines up behind the intended differences.
import type { CheckResult } from "./check";

export interface VerdictLine {
    part: "stacks" | "gates" | "parity";
    passed: boolean;
    text: string;
}

export interface CheckVerdict {
    passed: boolean;
    lines: VerdictLine[];
    /** What to run or change next; empty when everything passed. */
    next: string[];
}

export function checkVerdict(result: Pick<CheckResult, "stacks" | "gates" | "gatesNote" | "parity">): CheckVerdict {
    const lines: VerdictLine[] = [];
    const next: string[] = [];
    lines.push({ part: "stacks", passed: true, text: `${result.stacks.length} rendered (${result.stacks.map((s) => `${s.stack} ${s.resources.length}`).join(", ")} resources)` });

    const failedGates = result.gates.filter((g) => !g.report.passed);
    const mandatory = (g: (typeof result.gates)[number]) => g.report.violations.filter((v) => v.enforcementLevel === "mandatory");
    const advisories = result.gates.reduce((n, g) => n + g.report.violations.filter((v) => v.enforcementLevel === "advisory").length, 0);
    const aside = result.gatesNote ? `; ${result.gatesNote.split(":")[0]}` : "";
    if (failedGates.length === 0) {
        lines.push({ part: "gates", passed: true, text: `no mandatory violation in ${result.gates.length} stack(s), ${advisories} advisory${aside}` });
    } else {
        const where = failedGates.map((g) => `${g.report.stack}: ${[...new Set(mandatory(g).map((v) => v.policyName))].join(", ")}`).join("; ");
        lines.push({ part: "gates", passed: false, text: `${failedGates.reduce((n, g) => n + mandatory(g).length, 0)} mandatory violation(s): ${where}${aside}` });
        for (const g of failedGates) next.push(`lockstep preview --stack ${g.report.stack}   (the violations and their messages)`);
    }

    const p = result.parity.report;
    const worst = p.worst ? `worst ${p.worst.parityPercent.toFixed(1)}% (${p.worst.stack})` : "no environment compared";
    const belowTarget = p.worst !== undefined && p.worst.parityPercent < p.threshold;
    const tooMuchDrift = p.unexplained > p.maxUnexplained;
    lines.push({
        part: "parity",
        passed: p.passed,
        text: `${worst} against a target of ${p.threshold}%, ${p.unexplained} unexplained difference(s) (at most ${p.maxUnexplained})${p.passed ? "" : `: ${[belowTarget && "below target", tooMuchDrift && "unexplained drift"].filter(Boolean).join(" and ")}`}`,
    });
    if (tooMuchDrift) next.push("lockstep parity   (the unexplained differences: fix the stack file, or declare each in stacks/parity.yaml with a reason)");
    else if (belowTarget) next.push("lockstep parity   (the differences behind the percentage: make the stacks agree where they need not differ)");

    return { passed: lines.every((l) => l.passed), lines, next };
}

export function formatVerdict(verdict: CheckVerdict): string {
    const rows = verdict.lines.map((l) => `  ${l.part.padEnd(7)} ${l.passed ? "passed" : "FAILED"}  ${l.text}`);
    const head = verdict.passed ? "check passed" : `check FAILED (${verdict.lines.filter((l) => !l.passed).map((l) => l.part).join(", ")})`;
    const next = verdict.next.length ? ["", "Next:", ...verdict.next.map((n) => `  ${n}`)] : [];
    return ["== Verdict", "", ...rows, "", head, ...next, ""].join("\n");
}
