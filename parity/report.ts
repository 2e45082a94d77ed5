// What every report format renders: the core's result plus the run's context.
import type { HistoryEntry, SinceLastRun } from "./history";
import { differingPart, shortened, shownWidth, type ShownPart } from "./differingPart";
import type { Difference, ParityResult } from "./model";
import { secretMarker } from "./secrets";
import { isWhole, wholeSide, type WholeDifference } from "./reports/wholeDifference";

/** 2: a difference carries `settings`, and `whole` when one stack lacks a whole resource or entry. */
export const schemaVersion = 2;

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

const absent = "(absent)";

export function percent(n: number): string {
    return `${n.toFixed(1)}%`;
}

/** One value printed short; values are canonical JSON already masked for secrets. */
export function shortValue(value: string | undefined): string {
    return value === undefined ? absent : shortened(value);
}

/**
 * A difference's two values as every format shows them: whole when they fit, else the part where they
 * differ. A secret shows as the marker only, whatever the difference holds: its value never reaches
 * the helper.
 */
export function shownValues(d: Pick<Difference, "baselineValue" | "value" | "secret"> & Partial<WholeDifference>, width = shownWidth): { baseline: ShownPart; value: ShownPart } {
    // A whole resource or entry one stack lacks carries no values: its size on one side, absent on the other.
    if (isWhole(d)) return { baseline: { text: wholeSide(d, "baseline") }, value: { text: wholeSide(d, "value") } };
    if (d.secret) return { baseline: { text: d.baselineValue === undefined ? absent : secretMarker }, value: { text: d.value === undefined ? absent : secretMarker } };
    if (d.baselineValue === undefined || d.value === undefined) return { baseline: { text: shortValue(d.baselineValue) }, value: { text: shortValue(d.value) } };
    return differingPart(d.baselineValue, d.value, width);
}

/** One side of a difference in full (for a report that shows it on demand), a secret as the marker only. */
export function fullValue(d: Pick<Difference, "secret">, value: string | undefined): string {
    if (value === undefined) return absent;
    return d.secret ? secretMarker : value;
}
