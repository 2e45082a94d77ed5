// Report formats by name.
import type { PreviewReport } from "../previewReport";
import { jsonReport } from "./jsonReport";
import { junitReport } from "./junitReport";
import { markdownReport } from "./markdownReport";
import { textReport } from "./textReport";

export const reporters = {
    text: textReport,
    json: jsonReport,
    markdown: markdownReport,
    junit: junitReport,
} satisfies Record<string, (report: PreviewReport) => string>;

export type ReportFormat = keyof typeof reporters;
export const reportFormats = Object.keys(reporters) as ReportFormat[];
