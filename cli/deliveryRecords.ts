// The records smoke, promote --stack (a blue-green flip) and rollback write of their own runs, after the
// stack file has been written: one per service, with the stack's release as it now stands. Where each
// record went is said on stderr, so that machine output on stdout stays as it was.
import type { DeliveryOutcome } from "../delivery/promote";
import type { RecordEvent, ReleaseRecord } from "../delivery/releaseRecord";
import { writeRecords } from "../delivery/releaseRecords";
import type { SmokeResult } from "../delivery/smokeChecks";
import type { PulumiProject } from "../project/pulumiProject";
import { redactUrlsIn } from "../project/redactUrls";
import { actor, recordedRelease, recordStores, stackRelease } from "./releaseRecordsOptions";

export interface DeliveryEvent {
    event: RecordEvent;
    service: string;
    /** The version the event concerned; the live version after it when undefined. */
    version?: string;
    result: "succeeded" | "failed";
    smoke: ReleaseRecord["smoke"];
    summary: string;
    /** When it changed a frozen stack. */
    breakGlass?: ReleaseRecord["breakGlass"];
}

type RecordsFlags = { records?: string; "s3-endpoint"?: string };

export async function recordDelivery(project: PulumiProject, stack: string, flags: RecordsFlags, events: DeliveryEvent[], startedAt: string): Promise<void> {
    if (events.length === 0) return;
    const stores = recordStores(project, flags);
    const { release } = stackRelease(project, stack);
    const endedAt = new Date().toISOString();
    const records = events.map((e): ReleaseRecord => ({
        schemaVersion: 1,
        event: e.event,
        stack,
        service: e.service,
        version: e.version ?? release.services.find((s) => s.name === e.service)!.version,
        result: e.result,
        release: recordedRelease(release),
        updateId: null,
        approvedBy: [],
        actor: actor(),
        smoke: e.smoke,
        verification: null,
        startedAt,
        endedAt,
        summary: e.summary,
        ...(e.breakGlass ? { breakGlass: e.breakGlass } : {}),
    }));
    const keys = await writeRecords(stores.write, records);
    for (const key of keys) process.stderr.write(`lockstep: recorded ${stores.write[0].where(key)}\n`);
}

/** The smoke steps of a promotion or rollback as a record's smoke result; null when none ran. */
export function smokeOfSteps(outcome: DeliveryOutcome): ReleaseRecord["smoke"] {
    const steps = outcome.steps.filter((s) => s.name.startsWith("smoke-test"));
    if (steps.length === 0) return null;
    return { passed: steps.every((s) => s.ok), checks: steps.map((s) => ({ name: s.name, passed: s.ok, ...(s.detail ? { reason: s.detail } : {}) })) };
}

/** One service's smoke results (`lockstep smoke --stack`) as a record's smoke result. */
export function smokeOfResults(results: SmokeResult[]): NonNullable<ReleaseRecord["smoke"]> {
    return { passed: results.every((r) => r.passed), checks: results.map((r) => ({ name: r.name, passed: r.passed, ...(r.reason ? { reason: redactUrlsIn(r.reason) } : {}) })) };
}
