// The window in weeks (Monday to Monday, UTC), for the figures drawn over time.

export interface WeekSpan {
    /** The Monday the week starts, YYYY-MM-DD. */
    start: string;
    /** The part of the window it covers, ms since epoch (the first and last weeks may be partial). */
    from: number;
    to: number;
}

const day = 86_400_000;

export function weeksOf(from: number, to: number): WeekSpan[] {
    const first = new Date(from);
    const monday = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()) - ((first.getUTCDay() + 6) % 7) * day;
    const weeks: WeekSpan[] = [];
    for (let start = monday; start <= to; start += 7 * day) {
        weeks.push({ start: new Date(start).toISOString().slice(0, 10), from: Math.max(from, start), to: Math.min(to, start + 7 * day - 1) });
    }
    return weeks;
}
