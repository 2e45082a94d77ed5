// The JSON report (schemaVersion 2): the figures, every difference, and what changed since the
// previous run. Fields are documented in README.md (lockstep parity).
import { schemaVersion, type ParityReport } from "../report";

export function jsonReport(report: ParityReport): string {
    const { trend, ...rest } = report;
    return JSON.stringify({ schemaVersion, ...rest, trend: trend.map((t) => ({ time: t.time, environments: t.environments, unexplained: t.unexplained })) }, null, 2) + "\n";
}
