// Where two long values differ: a window around their first differing character on both sides, so that
// two values sharing a long prefix (two IAM policies differing in one principal) do not look the same.
// Hand-written rather than a diff library (diff is a dependency): it only needs the common prefix.

/** What marks the text cut from a value. */
export const ellipsis = "…";

/** Values up to this many characters are shown whole. */
export const shownWidth = 72;

export interface ShownPart {
    text: string;
    /** Where in `text` the values start to differ; absent when they do not. */
    differsAt?: number;
    /**
     * Where in `text` the differing run ends (exclusive): the end of the word holding the difference, or
     * sooner where the two values end alike; never past the shown text.
     */
    differsTo?: number;
}

/** `"key":` in JSON, or `\"key\":` in JSON held in a string: the key the difference belongs to. */
const jsonKey = /\\?"[^"\\]{1,64}\\?":/g;
/** A line break, real or escaped in JSON. */
const lineBreak = /\n|\\n/g;

/** The first position at which the two values differ (the length of their common prefix). */
export function firstDifference(a: string, b: string): number {
    const end = Math.min(a.length, b.length);
    let i = 0;
    while (i < end && a.charCodeAt(i) === b.charCodeAt(i)) i += 1;
    // Never split a surrogate pair: step back to the character's start.
    if (i > 0 && i < end && isHighSurrogate(a.charCodeAt(i - 1))) i -= 1;
    return i;
}

/**
 * Both values as a reader can compare them. Each value that fits in `width` is shown whole; a longer one is
 * cut to a window that starts a little before the first difference (at the JSON key or the line holding
 * it, when that is near) and `…` marks each end that was cut. The values must already be masked: a
 * secret's value is never passed here.
 */
export function differingPart(baseline: string, value: string, width = shownWidth): { baseline: ShownPart; value: ShownPart } {
    const at = firstDifference(baseline, value);
    const equal = at === baseline.length && at === value.length;
    const opening = windowOpening(baseline, at, width);
    const suffix = commonSuffix(baseline, value, at);
    return { baseline: shownSide(baseline, at, suffix, opening, width, equal), value: shownSide(value, at, suffix, opening, width, equal) };
}

/** One value on its own (present on one side only): its beginning, cut at `width`. */
export function shortened(value: string, width = shownWidth): string {
    return value.length <= width ? value : `${value.slice(0, width)}${ellipsis}`;
}

/** Where a window opens, and the key to show before it when that key lies further back. */
interface Opening {
    start: number;
    key?: string;
}

function shownSide(text: string, at: number, suffix: number, opening: Opening, width: number, equal: boolean): ShownPart {
    if (equal) return { text: shortened(text, width) };
    const differsTo = Math.min(text.length - suffix, wordEnd(text, at));
    if (text.length <= width) return { text, differsAt: at, differsTo };
    const { start, key } = opening;
    const lead = key !== undefined ? `${ellipsis}${key}${ellipsis}` : start > 0 ? ellipsis : "";
    const end = Math.min(text.length, start + width - (key !== undefined ? key.length + 1 : 0));
    const shift = lead.length - start;
    return { text: `${lead}${text.slice(start, end)}${end < text.length ? ellipsis : ""}`, differsAt: at + shift, differsTo: Math.min(differsTo, end) + shift };
}

/** Separators between the words of a value (ARNs, URLs, JSON, image references); `-`, `_` and `.` join words. */
const separator = /[\s"'\\,:/;=&?#@{}[\]()<>|]/;

/** The end of the word starting at `at` (after any separators there). */
function wordEnd(text: string, at: number): number {
    let i = at;
    while (i < text.length && separator.test(text[i])) i += 1;
    while (i < text.length && !separator.test(text[i])) i += 1;
    return i;
}

/** How many characters the two values share at their ends, without reaching back into the common prefix. */
function commonSuffix(a: string, b: string, prefix: number): number {
    const most = Math.min(a.length, b.length) - prefix;
    let n = 0;
    while (n < most && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n += 1;
    return n;
}

/** How far back a key is looked for: further than any key of a sane document is from its value's difference. */
const keyLookback = 4096;

/**
 * Where the window opens: at the start when the difference lies in the first half of a window; else at the
 * nearest key or line start within half a window before it; else a little before it, after the nearest
 * key further back (shown first, so that the reader still sees which key differs).
 */
function windowOpening(text: string, at: number, width: number): Opening {
    const reach = Math.floor(width / 2);
    if (at <= width - reach) return { start: 0 };
    const from = Math.max(0, at - keyLookback);
    const before = text.slice(from, at);
    let key: { index: number; text: string } | undefined;
    for (const m of before.matchAll(jsonKey)) key = { index: from + m.index, text: m[0] };
    let anchor = key && at - key.index <= reach ? key.index : -1;
    const near = Math.max(0, at - reach);
    for (const m of text.slice(near, at).matchAll(lineBreak)) anchor = Math.max(anchor, near + m.index + m[0].length);
    // Cutting only a few characters hides nothing and costs an ellipsis.
    if (anchor >= 0) return { start: anchor <= 3 ? 0 : anchor };
    let start = Math.max(0, at - Math.min(16, reach));
    if (isLowSurrogate(text.charCodeAt(start))) start -= 1;
    // The key is worth its room only when its text is not already in the window.
    return key !== undefined && key.index + key.text.length < start && key.text.length <= reach ? { start, key: key.text } : { start };
}

function isHighSurrogate(code: number): boolean {
    return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
    return code >= 0xdc00 && code <= 0xdfff;
}
