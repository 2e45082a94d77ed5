// The few summary statistics the delivery metrics need, over plain numbers: undefined when there is
// nothing to summarise (callers say "unknown", never 0).

export function median(values: readonly number[]): number | undefined {
    if (values.length === 0) return undefined;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function mean(values: readonly number[]): number | undefined {
    return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

export function round(value: number, digits = 1): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}

/** Rounded to one decimal, or null when unknown. */
export function nullable(value: number | undefined): number | null {
    return value === undefined ? null : round(value);
}

/** `part` of `whole` in percent (one decimal), or null when there is no whole. */
export function percentOf(part: number, whole: number): number | null {
    return whole ? round((part / whole) * 100) : null;
}
