// freeze.yaml: the freeze windows of each environment, versioned beside the stack files and validated
// strictly (an unknown field, a time like 25:00, an unknown time zone or an empty window is an error with
// the file, line and key).
import * as fs from "fs";
import { z } from "zod";
import { closestName } from "../project/closestName";
import { InputError } from "../project/inputError";
import { plainIssueMessage } from "../project/plainIssue";
import { readYamlFile } from "../project/yamlFile";
import { calendarDateProblem } from "../project/calendarDate";
import { isKnownTimeZone, weekdays, type FreezeWindow, type WallDateTime, type WallTime, type Weekday } from "./freezeWindows";

const windowSchema = z.strictObject({
    start: z.string({ error: 'expected a quoted time like "Fri 16:00" (or "18:00" for every day)' }).optional(),
    end: z.string({ error: 'expected a quoted time like "Mon 08:00" (or "07:00" for every day)' }).optional(),
    from: z.string({ error: 'expected a quoted local time like "2026-12-24T00:00"' }).optional(),
    to: z.string({ error: 'expected a quoted local time like "2026-12-27T00:00"' }).optional(),
    timeZone: z.string({ error: "expected an IANA time zone like Europe/Berlin, or UTC" }),
    reason: z.string({ error: "expected the reason for the freeze" }).min(3, "give the reason for the freeze"),
});

const freezeFileSchema = z.strictObject({
    version: z.literal(1, { error: "expected 1 (the version of the freeze file's format)" }),
    environments: z.record(z.string(), z.array(windowSchema, { error: "expected a list of windows" }).nullable()).default({}),
});

export interface FreezeFile {
    /** The path as messages show it. */
    file: string;
    /** The windows of each stack that has any. */
    windows: Record<string, FreezeWindow[]>;
}

const windowFields = "window fields: start and end (recurring), or from and to (one-off), timeZone, reason";

/** The freeze windows in `file`; none when it does not exist. `stacks` are the project's stacks, which its keys must name. */
export function readFreezeFile(file: string, displayName: string, stacks: readonly string[]): FreezeFile {
    if (!fs.existsSync(file)) return { file: displayName, windows: {} };
    const yaml = readYamlFile(file, displayName);
    const fail = (at: (string | number)[], message: string, keyLine?: number): never => {
        const line = keyLine ?? at.map((_, i) => yaml.lineOf(at.slice(0, at.length - i))).find((l) => l !== undefined) ?? 1;
        const key = at.map((p) => (typeof p === "number" ? `[${p}]` : `.${p}`)).join("").slice(1);
        throw new InputError(`${displayName}:${line}: ${key ? `${key}: ` : ""}${message}`);
    };
    const parsed = freezeFileSchema.safeParse(yaml.value ?? {});
    if (!parsed.success) {
        // An unknown field first: a misspelt key is also why the real one is missing.
        const issue = parsed.error.issues.find((i) => i.code === "unrecognized_keys") ?? parsed.error.issues[0];
        const keys = issue.code === "unrecognized_keys" ? issue.keys : [];
        const inWindow = issue.path[0] === "environments" && issue.path.length > 2;
        const fields = inWindow ? windowFields : "fields: version, environments";
        const message = issue.code === "unrecognized_keys" ? `unknown field "${keys.join(", ")}"` : plainIssueMessage(issue);
        fail([...(issue.path as (string | number)[]), ...keys.slice(0, 1)], `${message}: fix freeze.yaml (${fields})`);
    }
    const windows: Record<string, FreezeWindow[]> = {};
    for (const [stack, list] of Object.entries(parsed.data!.environments)) {
        if (!stacks.includes(stack)) {
            const near = closestName(stack, [...stacks]);
            fail(["environments", stack], `no stack "${stack}" in this project${near ? ` (did you mean ${near}?)` : ""}: expected one of ${stacks.join(", ")}`, yaml.lineOfKey(["environments", stack]));
        }
        windows[stack] = (list ?? []).map((w, i) => freezeWindow(w, ["environments", stack, i], fail, `${displayName}:${yaml.lineOf(["environments", stack, i]) ?? 1}`));
    }
    return { file: displayName, windows };
}

type Fail = (at: (string | number)[], message: string) => never;

function freezeWindow(w: z.infer<typeof windowSchema>, at: (string | number)[], fail: Fail, source: string): FreezeWindow {
    if (!isKnownTimeZone(w.timeZone)) {
        fail([...at, "timeZone"], `unknown time zone "${w.timeZone}": give an IANA zone like Europe/Berlin, America/New_York or UTC`);
    }
    const recurring = w.start !== undefined || w.end !== undefined;
    const once = w.from !== undefined || w.to !== undefined;
    if (recurring && once) fail(at, "a window is recurring (start, end) or one-off (from, to), not both: split it in two");
    if (!recurring && !once) fail(at, 'give start and end for a recurring window ("Fri 16:00" to "Mon 08:00") or from and to for a one-off one ("2026-12-24T00:00" to "2026-12-27T00:00")');
    const base = { timeZone: w.timeZone, reason: w.reason, source };
    if (recurring) {
        for (const key of ["start", "end"] as const) if (w[key] === undefined) fail(at, `${key} is missing: a recurring window needs start and end, e.g. start: "Fri 16:00", end: "Mon 08:00"`);
        const start = wallTime(w.start!, [...at, "start"], fail);
        const end = wallTime(w.end!, [...at, "end"], fail);
        if ((start.weekday === undefined) !== (end.weekday === undefined)) fail([...at, "end"], `"${w.start}" to "${w.end}": name a weekday in both (weekly) or in neither (daily)`);
        if (start.weekday === end.weekday && start.hour === end.hour && start.minute === end.minute) fail([...at, "end"], `"${w.end}" is the window's start: a window must end at another time`);
        return { kind: "recurring", start, end, ...base };
    }
    for (const key of ["from", "to"] as const) if (w[key] === undefined) fail(at, `${key} is missing: a one-off window needs from and to, e.g. from: "2026-12-24T00:00", to: "2026-12-27T00:00"`);
    const from = wallDateTime(w.from!, [...at, "from"], fail);
    const to = wallDateTime(w.to!, [...at, "to"], fail);
    const minutes = (t: WallDateTime) => Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute);
    if (minutes(to) <= minutes(from)) fail([...at, "to"], `"${w.to}" is not after from "${w.from}": a window must end after it starts`);
    return { kind: "once", from, to, ...base };
}

/** `time` of the value `text` as hours and minutes. */
function clock(time: string, text: string, at: (string | number)[], fail: Fail, example: string): { hour: number; minute: number } {
    const match = /^(\d{1,2}):(\d{2})$/.exec(time);
    if (!match) return fail(at, `"${text}" is not a time: expected ${example}`);
    const [hour, minute] = [Number(match[1]), Number(match[2])];
    if (hour > 23 || minute > 59) fail(at, `"${text}" is not a time of day (00:00 to 23:59): expected ${example}`);
    return { hour, minute };
}

/** "Fri 16:00" (weekly) or "16:00" (daily). */
function wallTime(text: string, at: (string | number)[], fail: Fail): WallTime {
    const match = /^(?:([A-Za-z]+)\s+)?(\S+)$/.exec(text.trim());
    const day = match?.[1];
    if (match === null || (day !== undefined && !weekdays.includes(day as Weekday))) {
        fail(at, `"${text}" is not a weekday and time: expected a day of ${weekdays.join(", ")} and a time, like "Fri 16:00" (or "18:00" for every day)`);
    }
    return { ...(day ? { weekday: day as Weekday } : {}), ...clock(match![2], text, at, fail, '"Fri 16:00" (or "18:00" for every day)') };
}

/** "2026-12-24T00:00" or "2026-12-24" (midnight), a wall time in the window's zone. */
function wallDateTime(text: string, at: (string | number)[], fail: Fail): WallDateTime {
    const match = /^(\d{4}-\d{2}-\d{2})(?:T(.+))?$/.exec(text);
    if (match === null) return fail(at, `"${text}" is not a local time: expected "2026-12-24T00:00" or "2026-12-24" (no offset: the window's timeZone says where)`);
    const problem = calendarDateProblem(match[1]);
    if (problem) fail(at, `${problem}: expected a real day like "2026-12-24T00:00"`);
    const [year, month, day] = match[1].split("-").map(Number);
    const time = match[2] === undefined ? { hour: 0, minute: 0 } : clock(match[2], text, at, fail, '"2026-12-24T00:00" (no seconds, no offset: the window\'s timeZone says where)');
    return { year, month, day, ...time };
}
