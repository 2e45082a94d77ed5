import { strict as assert } from "assert";
import * as path from "path";
import { ruleWarnings } from "../../parity/ruleAudit";
import { runParity } from "../../app/parity";
import { compare, configEnv } from "./fixtures";

const prod = configEnv("prod", { "app:size": "large", "app:zone": "a", "app:db": { tier: "big", disk: 100 }, "app:cache": "redis-3", "app:queue": "sqs-long" });
const dev = configEnv("dev", { "app:size": "small", "app:zone": "b", "app:db": { tier: "tiny", disk: 10 }, "app:cache": "redis-1", "app:queue": "sqs-short" });
const reason = "dev is smaller to save cost";

function warningsFor(rules: { path: string[]; reason: string; line?: number }[], sources: ("config" | "rendered")[] = ["config"]) {
    const result = compare([prod, dev], rules);
    return ruleWarnings(rules, result.differences, sources, "stacks/parity.yaml");
}

describe("ruleWarnings: what the rules did in a run", () => {
    it("says nothing of rules that each explain their few differences", () => {
        assert.deepEqual(warningsFor([{ path: ["app:size"], reason }, { path: ["app:db.*"], reason }]), []);
    });

    it("reports a rule that matches no difference as stale, with its file and line", () => {
        assert.deepEqual(warningsFor([{ path: ["app:size"], reason, line: 3 }, { path: ["app:sise"], reason, line: 6 }]), [
            "stacks/parity.yaml:6: intended[1]: stale: the rule matches no difference in this run (config): remove it if the difference is gone, or fix its path",
        ]);
    });

    it("reports the stale pattern of a rule whose other patterns match", () => {
        assert.deepEqual(warningsFor([{ path: ["app:size", "app:zone.name", "app:cach"], reason, line: 2 }]), [
            'stacks/parity.yaml:2: intended[0]: stale patterns "app:zone.name", "app:cach": match no difference in this run: remove or fix them',
        ]);
    });

    it("does not judge a resource pattern on a run that compared config only", () => {
        assert.deepEqual(warningsFor([{ path: ["app:size", "k:Deployment::**/spec.replicas"], reason }]), []);
        assert.deepEqual(warningsFor([{ path: ["k:Deployment::**/spec.replicas"], reason }]), []);
        assert.equal(warningsFor([{ path: ["app:size"], reason }, { path: ["k:Deployment::**/spec.replicas"], reason }], ["config", "rendered"]).length, 1);
    });

    it("flags a rule that explains most differences across many kinds of setting as over-broad", () => {
        const broad = warningsFor([{ path: ["app:**"], reason, line: 4 }]);
        assert.deepEqual(broad, [
            "stacks/parity.yaml:4: intended[0]: over-broad: the rule explains 6 of 6 differences across 5 kinds of setting (app:cache, app:db, app:queue, app:size, app:zone): narrow its path to the settings its reason is about",
        ]);
        // The same differences, each explained by a rule about it: nothing to flag.
        assert.deepEqual(warningsFor(["app:size", "app:zone", "app:db.*", "app:cache", "app:queue"].map((p) => ({ path: [p], reason }))), []);
    });
});

describe("the shipped rules", () => {
    it("are neither stale nor over-broad", async function () {
        this.timeout(120_000);
        const run = await runParity({ dir: path.resolve(__dirname, "..", ".."), now: new Date("2026-11-22T12:00:00Z") });
        assert.deepEqual(run.report.warnings, []);
    });
});
