import type { PreviewReport } from "../previewReport";

export function jsonReport(report: PreviewReport): string {
    return JSON.stringify(report, null, 2) + "\n";
}
