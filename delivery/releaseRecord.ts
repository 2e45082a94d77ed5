// A release record: what happened to one service of one stack (a deploy, a smoke test, a blue-green flip,
// a promotion from another environment, a rollback), with the release it concerned, who approved it,
// what was verified and when. One JSON object per event, filed under `releases/<service>/<stack>/`.
import { randomBytes } from "crypto";
import { z } from "zod";
import { InputError } from "../project/inputError";

export const recordEvents = ["deploy", "smoke", "flip", "promote", "rollback"] as const;
export type RecordEvent = (typeof recordEvents)[number];

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/);

export const releaseRecordSchema = z.object({
    schemaVersion: z.literal(1),
    /**
     * deploy: a `pulumi up` of the stack (CI records it); smoke: smoke tests of what runs; flip: a blue-green
     * promotion inside the stack (deploy to the idle colour, smoke, flip); promote: the version copied into
     * this stack's file from another environment whose records verified it; rollback: restored a version.
     */
    event: z.enum(recordEvents),
    stack: name,
    service: name,
    /** The version the event concerned: deployed, tested, flipped to, promoted or restored (for a blue-green service, the live colour's). */
    version: z.string().min(1),
    result: z.enum(["succeeded", "failed"]),
    /** The stack's whole release when the event ended (`lockstep release show`). */
    release: z.object({
        id: z.string().regex(/^[0-9a-f]{12}$/),
        commit: z.string().nullable(),
        services: z.array(z.object({ name, version: z.string() })),
    }),
    /** The Pulumi update (stack history version or Pulumi Cloud update id), when one ran and is known. */
    updateId: z.string().nullable(),
    approvedBy: z.array(z.string()),
    /** Who ran it: the CI actor or the local user. */
    actor: z.string(),
    smoke: z
        .object({
            passed: z.boolean(),
            checks: z.array(z.object({ name: z.string(), passed: z.boolean(), reason: z.string().optional() })),
        })
        .nullable(),
    /** promote only: the source environment and the records that verified the version there. */
    verification: z
        .object({
            fromStack: name,
            fromReleaseId: z.string(),
            soakSeconds: z.number().nonnegative(),
            evidence: z.array(z.string()),
        })
        .nullable(),
    /**
     * Only when a gate was broken: the stack was changed during a freeze window (which windows, until when), or
     * with versions the records did not verify in the environment before (unverified: "service version: why");
     * why, and who approved it (two other than the author).
     */
    breakGlass: z
        .object({
            reason: z.string().min(1),
            approvers: z.array(z.string()).min(2),
            author: z.string(),
            windows: z.array(z.string()),
            until: z.iso.datetime().optional(),
            unverified: z.array(z.string()).optional(),
        })
        .optional(),
    startedAt: z.iso.datetime(),
    endedAt: z.iso.datetime(),
    summary: z.string(),
});

export type ReleaseRecord = z.infer<typeof releaseRecordSchema>;

/** A record as read back, with the key it is filed under. */
export interface StoredRecord {
    key: string;
    record: ReleaseRecord;
}

export function recordPrefix(service: string, stack: string): string {
    return `releases/${service}/${stack}/`;
}

/**
 * `releases/<service>/<stack>/<ended, compact UTC>-<event>-<random>.json`: keys sort by time, and two writers
 * never pick the same name (the store refuses to overwrite one all the same).
 */
export function recordKey(record: ReleaseRecord, random: string = randomBytes(6).toString("hex")): string {
    const time = new Date(record.endedAt).toISOString().replace(/[-:.]/g, ""); // 20270630T120000123Z
    return `${recordPrefix(record.service, record.stack)}${time}-${record.event}-${random}.json`;
}

/** The record as stored: one JSON document, fields in schema order. */
export function recordText(record: ReleaseRecord): string {
    return `${JSON.stringify(releaseRecordSchema.parse(record), null, 2)}\n`;
}

/** Parses a stored record; `where` (the store's name for the key) names it in the error. */
export function parseRecord(text: string, key: string, where: string): ReleaseRecord {
    let json: unknown;
    try {
        json = JSON.parse(text);
    } catch (err) {
        throw new InputError(`${where}: corrupt release record (${(err as Error).message.split("\n")[0]}): move it aside and re-run`);
    }
    const parsed = releaseRecordSchema.safeParse(json);
    if (!parsed.success) {
        const issue = parsed.error.issues[0];
        throw new InputError(`${where}: corrupt release record (${issue.path.join(".") || "record"}: ${issue.message}): move it aside and re-run`);
    }
    const record = parsed.data;
    if (!key.startsWith(recordPrefix(record.service, record.stack))) {
        throw new InputError(`${where}: release record of ${record.service} in ${record.stack} filed under another service or stack: move it aside and re-run`);
    }
    return record;
}
