import * as assert from "assert";
import type { Release } from "../../delivery/release";
import type { ReleaseRecord, StoredRecord } from "../../delivery/releaseRecord";
import { deployedVersions, previousStage, refusedVersions, releasePolicyConfig, runningVersions } from "../../delivery/releaseVerification";
import { aRecord } from "./recordFixtures";

let n = 0;
const stored = (overrides: Partial<ReleaseRecord>): StoredRecord => ({ key: `k${n++}`, record: aRecord(overrides) });
const at = (minute: number) => `2027-06-30T12:${String(minute).padStart(2, "0")}:00.000Z`;

describe("release verification (the deployment-release-verified config)", () => {
    it("places a stack after the environment before it", () => {
        assert.deepStrictEqual(["dev", "staging", "prod", "staging-eu", "org/prod", "qa"].map(previousStage), [undefined, "dev", "staging", "dev", "staging", undefined]);
    });

    it("a rolling service runs its newest successful change's version; a blue-green one also the version it replaced", () => {
        const records = [
            stored({ stack: "staging", service: "checkout", version: "2.3.0", endedAt: at(1) }),
            stored({ stack: "staging", service: "checkout", version: "2.3.1", endedAt: at(2) }),
            stored({ stack: "staging", service: "checkout", event: "flip", version: "2.4.0", endedAt: at(3) }),
            stored({ stack: "staging", service: "checkout", event: "deploy", version: "2.5.0", result: "failed", endedAt: at(4) }),
            stored({ stack: "staging", service: "checkout", event: "smoke", version: "2.6.0", endedAt: at(5) }),
        ];
        assert.deepStrictEqual(runningVersions(records, "staging", "checkout", true).map((r) => r.version), ["2.4.0", "2.3.1"]);
        assert.deepStrictEqual(runningVersions(records, "staging", "checkout", false).map((r) => r.version), ["2.4.0"]);
        assert.deepStrictEqual(runningVersions(records, "prod", "checkout", true), []);
    });

    it("admits what the environment before verified or what runs already, and refuses the rest with promotion's reason", () => {
        const release: Release = {
            stack: "staging", id: "0123456789ab", commit: null, uncommitted: false,
            services: [{ name: "payments-api", strategy: "rolling", version: "1.9.0" }, { name: "checkout", strategy: "blueGreen", version: "2.4.0", activeColor: "green", idleVersion: "2.3.1" }],
        };
        assert.deepStrictEqual(deployedVersions(release).map((d) => d.versions), [["1.9.0"], ["2.4.0", "2.3.1"]]);
        const fromRecords = new Map([
            ["payments-api", [{ key: "deploy-key", record: aRecord() }, stored({ event: "smoke", smoke: { passed: true, checks: [] }, endedAt: at(10) })]],
            ["checkout", [stored({ service: "checkout", version: "2.4.0" })]],
        ]);
        const stackRecords = new Map([["checkout", [stored({ stack: "staging", service: "checkout", version: "2.3.1" })]]]);
        const config = releasePolicyConfig({ release, from: "dev", fromRecords, stackRecords, now: new Date(at(30)), soakSeconds: 0 });
        assert.deepStrictEqual(Object.keys(config.admitted), ["payments-api", "checkout"]);
        assert.match(config.admitted["payments-api"]["1.9.0"], /^verified in dev since 2027-06-30T12:05:00.000Z \(deploy-key, k\d+\)$/);
        assert.match(config.admitted.checkout["2.3.1"], /^runs in staging already \(k\d+\)$/);
        assert.deepStrictEqual(refusedVersions(config), [`checkout 2.4.0: no passing smoke test of checkout 2.4.0 is recorded in dev since it was deployed (2027-06-30T12:05:00.000Z): run lockstep smoke --stack dev`]);
        assert.deepStrictEqual([config.breakGlass, config.approvers, config.author], ["", [], ""]);
        const soaking = releasePolicyConfig({ release, from: "dev", fromRecords, stackRecords, now: new Date(at(30)), soakSeconds: 3600 });
        assert.match(soaking.refused["payments-api"]["1.9.0"], /^payments-api 1\.9\.0 has run in dev for 25m of its soak time of 1h: promote after /);
    });
});
