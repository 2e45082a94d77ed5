// What every report format renders: the core's result plus the run's context.
import type { HistoryEntry, SinceLastRun } from "./history";
import type { ParityResult } from "./model";

export const schemaVersion = 1;

export interface ParityReport extends ParityResult {
    generatedAt: string;
    project: string;
    stacks: string[];
    commit?: string;
    rulesFile?: string;
    warnings: string[];
    sinceLastRun: SinceLastRun;
    /** Earlier runs and this one, oldest first, for the trend. */
    trend: HistoryEntry[];
}

export function percent(n: number): string {
    return `${n.toFixed(1)}%`;
}

/** Values are printed short; they are canonical JSON already masked for secrets. */
export function shortValue(value: string | undefined): string {
    if (value === undefined) return "(absent)";
    return value.length > 72 ? `${value.slice(0, 69)}...` : value;
}
