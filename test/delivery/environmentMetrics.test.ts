import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { metricsView } from "../../delivery/environmentMetrics";
import { weeksOf } from "../../delivery/metricsWeeks";
import { pipelineOrder } from "../../delivery/pipelineOrder";
import { recordText } from "../../delivery/releaseRecord";
import { deliveryScenario, fixtureCommits, fixtureNow } from "./metricsScenario";

const scenario = deliveryScenario(fixtureCommits);
const records = scenario.map((r) => r.record);
const commitTimes = new Map(fixtureCommits.map((c) => [c.sha, c.time]));
const view = (stacks = ["dev", "staging", "prod"]) => metricsView({ stacks, pipeline: ["dev", "staging", "prod"], records, histories: new Map(), commitTimes, now: fixtureNow, windowDays: 14, recordsLocation: "test/fixtures/records" });

describe("environment metrics side by side", () => {
    it("has known answers for the scenario in every environment", () => {
        const v = view();
        const by = Object.fromEntries(v.environments.map((e) => [e.stack, e]));
        assert.deepStrictEqual(v.environments.map((e) => e.stack), ["dev", "staging", "prod"]);
        assert.deepStrictEqual(v.environments.map((e) => [e.deployments, e.failed, e.doraSource]), [[6, 0, "records"], [5, 0, "records"], [6, 1, "records"]]);
        assert.deepStrictEqual(v.environments.map((e) => e.timeToDeployMinutes.median), [8, 12, 15]);
        assert.deepStrictEqual(v.environments.map((e) => e.timeToDeployMinutes.deploys), [5, 4, 4]); // the failed prod deploy is not one
        assert.deepStrictEqual(v.environments.map((e) => [e.rollbacks.durationMinutes.max, e.rollbacks.under5MinutesPercent]), [[7, 0], [5, 0], [3, 100]]);
        assert.deepStrictEqual(by.dev.verifiedBeforeLive, { previousStage: null, releases: 5, verified: null, percent: null, unverified: [] });
        assert.deepStrictEqual([by.staging.verifiedBeforeLive.percent, by.prod.verifiedBeforeLive.percent], [100, 80]);
        assert.deepStrictEqual(by.prod.verifiedBeforeLive.unverified.map((u) => `${u.service} ${u.version}`), ["payments-api 1.10.1"]);
        // prod's failed deploy was restored 16 minutes later by the next successful one.
        assert.deepStrictEqual(by.prod.timeToRestoreMinutes, { median: 16, mean: 16 });
        assert.deepStrictEqual(by.prod.changeFailureRatePercent, 33.3);
    });

    it("measures the lead time from commit through each stage to prod, a stage a hotfix skipped unknown", () => {
        const s = view().leadTimeThroughStages;
        assert.deepStrictEqual(s.stages, ["dev", "staging", "prod"]);
        assert.deepStrictEqual(
            s.segments.map((g) => [g.from, g.to, g.medianHours, g.releases]),
            [["commit", "dev", 0.3, 5], ["dev", "staging", 1, 4], ["staging", "prod", 23.1, 4]],
        );
        assert.deepStrictEqual(s.totalHours, { median: 24.4, releases: 5 });
        const hotfix = s.journeys.find((j) => j.version === "1.10.1")!;
        assert.strictEqual(hotfix.live.staging, null);
        assert.strictEqual(hotfix.committedAt, new Date(fixtureCommits[3].time).toISOString());
        // Unknown commits: the commit segment and the total are unknown, not 0.
        const unknown = metricsView({ stacks: ["prod"], pipeline: ["dev", "staging", "prod"], records, histories: new Map(), commitTimes: new Map(), now: fixtureNow, windowDays: 14, recordsLocation: "x" });
        assert.deepStrictEqual([unknown.leadTimeThroughStages.segments[0].medianHours, unknown.leadTimeThroughStages.totalHours.median, unknown.environments[0].leadTimeToHereHours.median], [null, null, null]);
        assert.strictEqual(unknown.leadTimeThroughStages.segments[1].medianHours, 1);
    });

    it("gives each figure week by week, Monday to Monday", () => {
        const v = view();
        assert.deepStrictEqual(v.weeks.map((w) => w.start), ["2026-11-16", "2026-11-23", "2026-11-30"]);
        // 22 November is a Sunday: prod first deployed on the 23rd (two deploys, one failed, a rollback), then twice in the week of the 30th.
        assert.deepStrictEqual(v.weeks.map((w) => w.environments.prod.deployments), [0, 4, 2]);
        assert.deepStrictEqual(v.weeks.map((w) => w.environments.prod.verifiedPercent), [null, 100, 50]);
        assert.deepStrictEqual(v.rollbackPoints.map((p) => [p.stack, p.minutes]), [["dev", 7], ["prod", 3], ["staging", 5]]);
        assert.deepStrictEqual(weeksOf(Date.parse("2027-06-30T12:00:00Z"), Date.parse("2027-07-01T00:00:00Z")).map((w) => [w.start, new Date(w.from).toISOString()]), [["2027-06-28", "2027-06-30T12:00:00.000Z"]]);
    });

    it("orders the stages as the promotions went, whatever order the stacks are listed in", () => {
        assert.deepStrictEqual(pipelineOrder(["dev", "prod", "staging"], records), ["dev", "staging", "prod"]);
        assert.deepStrictEqual(pipelineOrder(["dev", "prod", "staging"], []), ["dev", "prod", "staging"]);
    });

    it("is what test/fixtures/records holds (the README's examples read it)", () => {
        const dir = path.join(__dirname, "..", "fixtures", "records");
        const files = fs.readdirSync(dir, { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".json")).map((f) => f.split(path.sep).join("/")).sort();
        assert.deepStrictEqual(files, scenario.map((r) => r.key).sort());
        for (const r of scenario) assert.strictEqual(fs.readFileSync(path.join(dir, r.key), "utf8"), recordText(r.record), r.key);
    });
});
