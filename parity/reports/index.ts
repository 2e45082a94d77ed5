// Report formats, by name: each turns a parity report into text.
import type { ParityReport } from "../report";
import { htmlReport } from "./htmlReport";
import { jsonReport } from "./jsonReport";
import { junitReport } from "./junitReport";
import { markdownReport } from "./markdownReport";
import { textReport } from "./textReport";

export const reporters = {
    text: textReport,
    json: jsonReport,
    markdown: markdownReport,
    junit: junitReport,
    html: htmlReport,
} satisfies Record<string, (report: ParityReport) => string>;

export type ReportFormat = keyof typeof reporters;
export const reportFormats = Object.keys(reporters) as ReportFormat[];
