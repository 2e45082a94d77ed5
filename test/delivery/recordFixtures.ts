// Release records for tests: a valid record with the fields a case changes.
import type { ReleaseRecord } from "../../delivery/releaseRecord";

export function aRecord(overrides: Partial<ReleaseRecord> = {}): ReleaseRecord {
    return {
        schemaVersion: 1,
        event: "deploy",
        stack: "dev",
        service: "payments-api",
        version: "1.9.0",
        result: "succeeded",
        release: { id: "0123456789ab", commit: null, services: [{ name: "payments-api", version: "1.9.0" }] },
        updateId: "42",
        approvedBy: [],
        actor: "ci",
        smoke: null,
        verification: null,
        startedAt: "2027-06-30T12:00:00.000Z",
        endedAt: "2027-06-30T12:05:00.000Z",
        summary: "deploy of payments-api 1.9.0 in dev succeeded",
        ...overrides,
    };
}
