// Freeze windows and the question they answer: is an environment frozen at an instant, by which windows,
// and until when. Wall times are read in each window's own time zone (luxon resolves zones and DST from the
// platform's tz data): "Fri 16:00" is 16:00 on the clock there, in summer and in winter alike.
import { DateTime } from "luxon";

export const weekdays = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"] as const;
export type Weekday = (typeof weekdays)[number];

/** A time of day on the clock, with the weekday for a weekly window (none: every day). */
export interface WallTime {
    weekday?: Weekday;
    hour: number;
    minute: number;
}

/** A calendar day and a time on the clock, as a one-off window names them. */
export interface WallDateTime {
    year: number;
    month: number;
    day: number;
    hour: number;
    minute: number;
}

interface WindowBase {
    /** An IANA time zone (Europe/Berlin) or UTC. */
    timeZone: string;
    reason: string;
    /** Where it is declared (file:line), for messages. */
    source?: string;
}

/** Every week from `start` to `end` (e.g. Fri 16:00 to Mon 08:00), or every day when neither names a weekday. */
export interface RecurringWindow extends WindowBase {
    kind: "recurring";
    start: WallTime;
    end: WallTime;
}

/** Once, from one wall time to another (e.g. 2026-12-24T00:00 to 2026-12-27T00:00). */
export interface OneOffWindow extends WindowBase {
    kind: "once";
    from: WallDateTime;
    to: WallDateTime;
}

export type FreezeWindow = RecurringWindow | OneOffWindow;

/** One occurrence of a window: frozen from `start` (inclusive) to `end` (exclusive). */
export interface FreezeInterval {
    window: FreezeWindow;
    start: Date;
    end: Date;
}

export interface FreezeState {
    frozen: boolean;
    /** The occurrences that hold at the instant, longest-lasting first. */
    active: FreezeInterval[];
    /** When no window holds any more (windows that overlap or adjoin count as one freeze). */
    until?: Date;
    /** The next occurrence that starts after the instant (or after `until` when frozen), if any. */
    next?: FreezeInterval;
}

const pad = (n: number) => String(n).padStart(2, "0");

export function formatWallTime(t: WallTime): string {
    return `${t.weekday ? `${t.weekday} ` : ""}${pad(t.hour)}:${pad(t.minute)}`;
}

export function formatWallDateTime(t: WallDateTime): string {
    return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}`;
}

/** "Fri 16:00 to Mon 08:00 Europe/Berlin (weekend)": the window as its file declares it. */
export function describeWindow(w: FreezeWindow): string {
    const span = w.kind === "recurring" ? `${w.start.weekday ? "every week" : "every day"} ${formatWallTime(w.start)} to ${formatWallTime(w.end)}` : `${formatWallDateTime(w.from)} to ${formatWallDateTime(w.to)}`;
    return `${span} ${w.timeZone} (${w.reason})`;
}

/** Whether `zone` names a time zone this platform knows. */
export function isKnownTimeZone(zone: string): boolean {
    return DateTime.now().setZone(zone).isValid;
}

/** The instant a wall time names in `zone`; a time skipped by a DST change moves forward, as clocks do. */
function instantOf(t: WallDateTime, zone: string): DateTime {
    return DateTime.fromObject({ year: t.year, month: t.month, day: t.day, hour: t.hour, minute: t.minute }, { zone });
}

/** A day `days` after the calendar day `d` (calendar arithmetic, no clock involved). */
function dayAfter(d: { year: number; month: number; day: number }, days: number) {
    const next = DateTime.utc(d.year, d.month, d.day).plus({ days });
    return { year: next.year, month: next.month, day: next.day };
}

const weekdayNumber = (w: Weekday) => weekdays.indexOf(w) + 1; // luxon: Monday 1 .. Sunday 7

/** Days from the start's day to the end's day of one occurrence of a recurring window. */
function spanDays(w: RecurringWindow): number {
    const startMinutes = w.start.hour * 60 + w.start.minute;
    const endMinutes = w.end.hour * 60 + w.end.minute;
    if (w.start.weekday === undefined) return endMinutes > startMinutes ? 0 : 1;
    const days = (weekdayNumber(w.end.weekday!) - weekdayNumber(w.start.weekday) + 7) % 7;
    return days === 0 && endMinutes <= startMinutes ? 7 : days;
}

/** The occurrence of a recurring window that starts on the calendar day `day`. */
function occurrenceOn(w: RecurringWindow, day: { year: number; month: number; day: number }): FreezeInterval {
    const start = instantOf({ ...day, hour: w.start.hour, minute: w.start.minute }, w.timeZone);
    const end = instantOf({ ...dayAfter(day, spanDays(w)), hour: w.end.hour, minute: w.end.minute }, w.timeZone);
    return { window: w, start: start.toJSDate(), end: end.toJSDate() };
}

/** Every occurrence of `w` that overlaps [from, to), in order. */
export function intervalsOf(w: FreezeWindow, from: Date, to: Date): FreezeInterval[] {
    if (w.kind === "once") {
        const interval = { window: w, start: instantOf(w.from, w.timeZone).toJSDate(), end: instantOf(w.to, w.timeZone).toJSDate() };
        return interval.end > from && interval.start < to ? [interval] : [];
    }
    const period = w.start.weekday === undefined ? 1 : 7;
    // Start a period and the longest span early on the zone's calendar, so an occurrence already under way is found.
    const local = DateTime.fromJSDate(from, { zone: w.timeZone });
    let day = dayAfter({ year: local.year, month: local.month, day: local.day }, -(period + 8));
    if (w.start.weekday !== undefined) {
        const weekday = DateTime.utc(day.year, day.month, day.day).weekday;
        day = dayAfter(day, (weekdayNumber(w.start.weekday) - weekday + 7) % 7);
    }
    const out: FreezeInterval[] = [];
    for (;;) {
        const occurrence = occurrenceOn(w, day);
        if (occurrence.start >= to) return out;
        if (occurrence.end > from) out.push(occurrence);
        day = dayAfter(day, period);
    }
}

const minute = 60_000;
/** How far ahead `until` follows windows that overlap or adjoin: past it, a freeze is reported as lasting until then. */
const horizonDays = 400;

/** Whether the windows freeze the environment at `at`, which of them, until when, and what comes next. */
export function freezeAt(at: Date, windows: readonly FreezeWindow[]): FreezeState {
    const activeAt = (t: Date) => windows.flatMap((w) => intervalsOf(w, t, new Date(t.getTime() + 1))).filter((i) => i.start <= t);
    const active = activeAt(at).sort((a, b) => b.end.getTime() - a.end.getTime());
    const limit = at.getTime() + horizonDays * 24 * 60 * minute;
    let until: Date | undefined;
    if (active.length > 0) {
        until = active[0].end;
        for (let now = activeAt(until); now.length > 0 && until.getTime() < limit; now = activeAt(until)) {
            until = new Date(Math.max(...now.map((i) => i.end.getTime())));
        }
    }
    const after = until ?? at;
    const upcoming = windows.flatMap((w) => intervalsOf(w, after, new Date(limit))).filter((i) => i.start > after || (until !== undefined && i.start >= after));
    const next = upcoming.sort((a, b) => a.start.getTime() - b.start.getTime())[0];
    return { frozen: active.length > 0, active, ...(until ? { until } : {}), ...(next ? { next } : {}) };
}

/** An instant as the clock in `zone` shows it: "2026-12-25 16:00 CET (Europe/Berlin)". */
export function inZone(instant: Date, zone: string): string {
    const t = DateTime.fromJSDate(instant, { zone });
    return `${t.toFormat("yyyy-MM-dd HH:mm ZZZZ")} (${zone})`;
}
