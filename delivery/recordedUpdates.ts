// The updates a stack's release records tell of. One `pulumi up` (a deploy, a blue-green flip, a rollback)
// leaves one record per service, all with the same update id or the same times: here they are one update
// again, so that a stack of two services is not counted as deploying twice.
import type { RecordEvent, ReleaseRecord } from "./releaseRecord";
import type { UpdateRecord } from "./stackOperations";

/** Events that ran an update of the stack; smoke tests and cross-environment promotions (a stack file edit) do not. */
export const updateEvents: readonly RecordEvent[] = ["deploy", "flip", "rollback"];

export interface RecordedUpdate {
    stack: string;
    event: "deploy" | "flip" | "rollback";
    updateId: string | null;
    startedAt: string;
    endedAt: string;
    /** Failed if any service's record of it failed. */
    result: "succeeded" | "failed";
    /** The commit of the stack's release after it (the commit that last changed the stack file). */
    commit: string | null;
    /** Each service and the version the update concerned. */
    services: { service: string; version: string }[];
}

/** The stack's updates, oldest first. */
export function recordedUpdates(records: readonly ReleaseRecord[], stack: string): RecordedUpdate[] {
    const byUpdate = new Map<string, RecordedUpdate>();
    for (const r of records) {
        if (r.stack !== stack || !updateEvents.includes(r.event)) continue;
        const id = `${r.event}|${r.updateId ?? `${r.startedAt}|${r.endedAt}`}`;
        const seen = byUpdate.get(id);
        if (seen === undefined) {
            byUpdate.set(id, {
                stack,
                event: r.event as RecordedUpdate["event"],
                updateId: r.updateId,
                startedAt: r.startedAt,
                endedAt: r.endedAt,
                result: r.result,
                commit: r.release.commit,
                services: [{ service: r.service, version: r.version }],
            });
            continue;
        }
        seen.services.push({ service: r.service, version: r.version });
        if (r.result === "failed") seen.result = "failed";
        if (Date.parse(r.startedAt) < Date.parse(seen.startedAt)) seen.startedAt = r.startedAt;
        if (Date.parse(r.endedAt) > Date.parse(seen.endedAt)) {
            seen.endedAt = r.endedAt;
            seen.commit = r.release.commit;
        }
    }
    return [...byUpdate.values()].sort((a, b) => Date.parse(a.startedAt) - Date.parse(b.startedAt));
}

/**
 * The updates as `pulumi stack history --json` would list them (newest first), for the DORA figures of a
 * stack whose history is not at hand: a rollback carries lockstep rollback's message, the commit is git.head.
 */
export function asStackHistory(updates: readonly RecordedUpdate[]): UpdateRecord[] {
    return updates
        .map((u, i): UpdateRecord => ({
            version: Number(u.updateId) || i + 1,
            kind: "update",
            startTime: u.startedAt,
            endTime: u.endedAt,
            message: u.event === "rollback" ? `lockstep rollback: ${u.services.map((s) => `${s.service} ${s.version}`).join(", ")}` : `${u.event}: ${u.services.map((s) => `${s.service} ${s.version}`).join(", ")}`,
            result: u.result,
            environment: u.commit ? { "git.head": u.commit } : {},
        }))
        .reverse();
}
