import * as assert from "assert";
import { formatDuration, parseDuration, verifyService } from "../../delivery/promotionGate";
import type { ReleaseRecord, StoredRecord } from "../../delivery/releaseRecord";
import { aRecord } from "./recordFixtures";

const at = (minute: number) => new Date(Date.UTC(2027, 5, 30, 12, minute)).toISOString();
let n = 0;
const stored = (overrides: Partial<ReleaseRecord>): StoredRecord => ({ key: `k${n++}`, record: aRecord({ startedAt: overrides.endedAt, ...overrides }) });
const deploy = (minute: number, version = "1.9.0", result: "succeeded" | "failed" = "succeeded") => stored({ event: "deploy", endedAt: at(minute), version, result });
const smoke = (minute: number, passed: boolean, version = "1.9.0") => stored({ event: "smoke", endedAt: at(minute), version, result: passed ? "succeeded" : "failed", smoke: { passed, checks: [{ name: "payments-api", passed }] } });
const verify = (records: StoredRecord[], nowMinute = 60, soakSeconds = 0) => verifyService(records, "dev", "payments-api", "1.9.0", new Date(at(nowMinute)), soakSeconds);

describe("verifyService (the promotion gate)", () => {
    it("verifies a version whose newest deploy succeeded and whose smoke test passed since, naming both records", () => {
        const d = deploy(0);
        const s = smoke(1, true);
        assert.deepStrictEqual(verify([deploy(-10, "1.8.0"), d, s]), { verified: true, since: at(0), evidence: [d.key, s.key] });
    });

    it("refuses without a deploy, after a failed or different newest deploy, and without a passing smoke test since the deploy", () => {
        assert.deepStrictEqual(verify([]), { verified: false, reason: "no deploy of payments-api is recorded in dev: deploy it and record it (lockstep release record --stack dev --event deploy)" });
        assert.deepStrictEqual(verify([deploy(0), smoke(1, true), deploy(2, "2.0.0", "failed")]), { verified: false, reason: `the newest deploy of payments-api in dev (2.0.0, ended ${at(2)}) failed` });
        assert.deepStrictEqual(verify([deploy(0, "2.0.0"), smoke(1, true, "2.0.0")]), { verified: false, reason: `dev last deployed payments-api 2.0.0 (deploy, ended ${at(0)}), not 1.9.0 as its stack file says: deploy dev first` });
        assert.deepStrictEqual(verify([smoke(0, true), deploy(1)]), { verified: false, reason: `no passing smoke test of payments-api 1.9.0 is recorded in dev since it was deployed (${at(1)}): run lockstep smoke --stack dev` });
        assert.deepStrictEqual(verify([deploy(0), smoke(1, true), smoke(2, false)]), { verified: false, reason: `the newest smoke test of payments-api 1.9.0 in dev failed (ended ${at(2)})` });
    });

    it("counts only this stack and service, and a cross-environment promotion record is no deploy", () => {
        const others = [stored({ ...deploy(0).record, stack: "staging" }), stored({ ...deploy(0).record, service: "checkout" }), stored({ event: "promote", endedAt: at(0) })];
        assert.strictEqual(verify([...others, smoke(1, true)]).verified, false);
    });

    it("with a soak time: since the oldest of an unbroken run of successful deploys of the version, and no failed smoke test in it", () => {
        const records = [deploy(0), deploy(20), smoke(21, true)]; // a re-deploy of the same version does not restart the soak
        assert.strictEqual(verify(records, 30, 1800).verified, true);
        assert.deepStrictEqual(verify(records, 29, 1800), { verified: false, reason: `payments-api 1.9.0 has run in dev for 29m of its soak time of 30m: promote after ${at(30)}` });
        assert.deepStrictEqual(verify([deploy(0), smoke(5, false), smoke(6, true)], 60, 1800), { verified: false, reason: `a smoke test of payments-api 1.9.0 in dev failed during the soak (ended ${at(5)})` });
        assert.strictEqual(verify([deploy(0), smoke(5, false), smoke(6, true)], 60, 0).verified, true, "without a soak the newest smoke test decides");
        // A rollback to the version starts its run anew.
        const rolledBack = [deploy(0), deploy(10, "2.0.0"), stored({ event: "rollback", endedAt: at(15), version: "1.9.0" }), smoke(16, true)];
        assert.deepStrictEqual(verify(rolledBack, 40, 1800), { verified: false, reason: `payments-api 1.9.0 has run in dev for 25m of its soak time of 30m: promote after ${at(45)}` });
    });

    it("parses and prints durations", () => {
        assert.deepStrictEqual(["30m", "1h", "1h30m", "90s", "0", "", "5", "1d", "m"].map(parseDuration), [1800, 3600, 5400, 90, 0, undefined, undefined, undefined, undefined]);
        assert.deepStrictEqual([0, 59, 61, 3600, 5430].map(formatDuration), ["0s", "59s", "1m1s", "1h", "1h30m30s"]);
    });
});
