import * as assert from "assert";
import { recordedUpdates } from "../../delivery/recordedUpdates";
import { rollbackFigures, timedUpdates, timeToDeploy, verifiedBeforeLive } from "../../delivery/recordMetrics";
import type { ReleaseRecord } from "../../delivery/releaseRecord";
import type { UpdateRecord } from "../../delivery/stackOperations";
import { aRecord } from "./recordFixtures";

const from = Date.parse("2027-06-01T00:00:00Z");
const to = Date.parse("2027-07-01T00:00:00Z");
const at = (minutes: number) => new Date(Date.parse("2027-06-30T12:00:00Z") + minutes * 60_000).toISOString();
/** A record of `minutes` that starts at minute `start` of 30 June. */
const timed = (start: number, minutes: number, o: Partial<ReleaseRecord> = {}) => aRecord({ startedAt: at(start), endedAt: at(start + minutes), ...o });

describe("release record metrics", () => {
    it("says unknown, never 0, for a stack with no records", () => {
        const none = timedUpdates([], undefined, "deploy", from, to);
        assert.deepStrictEqual(timeToDeploy(none), { mean: null, median: null, deploys: 0, unknownDuration: 0, source: null });
        assert.deepStrictEqual(rollbackFigures(timedUpdates([], undefined, "rollback", from, to).updates), { rollbacks: 0, failed: 0, durationMinutes: { median: null, max: null }, under5MinutesPercent: null });
        assert.deepStrictEqual(verifiedBeforeLive([], "prod", "staging", from, to), { previousStage: "staging", releases: 0, verified: 0, percent: null, unverified: [] });
    });

    it("times a deploy once for all its services, from its history entry when the record names the update", () => {
        const records = [
            timed(0, 10, { updateId: "7" }),
            timed(0, 10, { updateId: "7", service: "checkout", version: "2.4.0" }), // the same pulumi up
            timed(60, 4, { updateId: "8" }),
            timed(120, 0, { updateId: null }), // recorded after the fact with no start time
            timed(200, 30, { result: "failed", updateId: "9" }), // failed deploys are not a time to deploy
            timed(300, 2, { event: "smoke", updateId: null }),
        ];
        const updates = recordedUpdates(records, "dev");
        assert.deepStrictEqual(updates.map((u) => [u.event, u.updateId, u.services.length]), [["deploy", "7", 2], ["deploy", "8", 1], ["deploy", null, 1], ["deploy", "9", 1]]);
        const history: UpdateRecord[] = [{ version: 8, kind: "update", startTime: at(59), endTime: at(65), result: "succeeded" }]; // the engine's 6 minutes
        assert.deepStrictEqual(timeToDeploy(timedUpdates(updates, history, "deploy", from, to)), { mean: 8, median: 8, deploys: 3, unknownDuration: 1, source: "records" });
        assert.deepStrictEqual(timeToDeploy(timedUpdates(updates, undefined, "deploy", from, to)), { mean: 7, median: 7, deploys: 3, unknownDuration: 1, source: "records" });
        // Out of the window: nothing.
        assert.strictEqual(timeToDeploy(timedUpdates(updates, undefined, "deploy", to, to + 1)).deploys, 0);
    });

    it("falls back to the stack history's update durations when no deploy is recorded", () => {
        const history: UpdateRecord[] = [
            { version: 2, kind: "update", startTime: at(0), endTime: at(3), result: "succeeded" },
            { version: 3, kind: "update", startTime: at(10), endTime: at(19), result: "succeeded" },
            { version: 4, kind: "update", startTime: at(20), endTime: at(22), result: "succeeded", message: "lockstep rollback: restore update 2" },
            { version: 5, kind: "preview", startTime: at(30), endTime: at(31), result: "succeeded" },
        ];
        assert.deepStrictEqual(timeToDeploy(timedUpdates([], history, "deploy", from, to)), { mean: 6, median: 6, deploys: 2, unknownDuration: 0, source: "history" });
        assert.deepStrictEqual(rollbackFigures(timedUpdates([], history, "rollback", from, to).updates).durationMinutes, { median: 2, max: 2 });
    });

    it("counts a rollback of exactly 5 minutes as not under 5 minutes, and a failed one as not restored in time", () => {
        const records = [timed(0, 5, { event: "rollback", updateId: "1" }), timed(10, 4.99, { event: "rollback", updateId: "2" }), timed(20, 12, { event: "rollback", updateId: "3" }), timed(40, 1, { event: "rollback", result: "failed", updateId: "4" })];
        const figures = rollbackFigures(timedUpdates(recordedUpdates(records, "dev"), undefined, "rollback", from, to).updates);
        assert.deepStrictEqual(figures, { rollbacks: 4, failed: 1, durationMinutes: { median: 5, max: 12 }, under5MinutesPercent: 25 });
    });

    it("counts a prod version as verified only when a promotion from staging, before it went live, names staging's records", () => {
        const promote = (version: string, o: Partial<ReleaseRecord> = {}) =>
            aRecord({ event: "promote", stack: "prod", version, updateId: null, startedAt: at(0), endedAt: at(1), verification: { fromStack: "staging", fromReleaseId: "0123456789ab", soakSeconds: 0, evidence: ["releases/payments-api/staging/a.json", "releases/payments-api/staging/b.json"] }, ...o });
        const live = (version: string, minute: number, o: Partial<ReleaseRecord> = {}) => timed(minute, 5, { stack: "prod", version, ...o });
        const records = [
            promote("2.0.0"),
            live("2.0.0", 10),
            live("2.0.0", 20), // deployed again: still one release
            live("2.0.1", 30), // never promoted
            promote("2.0.2", { verification: { fromStack: "dev", fromReleaseId: "0123456789ab", soakSeconds: 0, evidence: ["releases/payments-api/dev/a.json"] } }),
            live("2.0.2", 40),
            promote("2.0.3", { verification: { fromStack: "staging", fromReleaseId: "0123456789ab", soakSeconds: 0, evidence: [] } }),
            live("2.0.3", 50, { event: "flip" }), // a blue-green flip puts it live
            live("2.0.4", 60),
            promote("2.0.4", { startedAt: at(70), endedAt: at(71) }), // promoted only after it was live
            live("2.0.5", 80, { result: "failed" }), // never went live
        ];
        const v = verifiedBeforeLive(records, "prod", "staging", from, to);
        assert.deepStrictEqual([v.releases, v.verified, v.percent], [5, 1, 20]);
        assert.deepStrictEqual(
            v.unverified.map((u) => [u.version, u.reason]),
            [
                ["2.0.1", "no promotion record: deployed without lockstep promote --from"],
                ["2.0.2", "promoted from dev, not from staging"],
                ["2.0.3", "its promotion from staging names no records of payments-api there as evidence"],
                ["2.0.4", "no promotion record: deployed without lockstep promote --from"],
            ],
        );
        // The first stage has nothing to be verified in: not applicable, not 0%.
        assert.deepStrictEqual(verifiedBeforeLive(records, "prod", undefined, from, to), { previousStage: null, releases: 5, verified: null, percent: null, unverified: [] });
    });
});
