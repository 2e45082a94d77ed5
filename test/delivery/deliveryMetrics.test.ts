import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { commitTimes, mainlineCommits } from "../../delivery/commitTimes";
import { deliveryMetrics, mergesDeployedWithin } from "../../delivery/deliveryMetrics";
import { readHistoryFile } from "../../delivery/historyFile";
import { metricsView } from "../../delivery/environmentMetrics";
import { metricsReporters } from "../../delivery/metricsReport";
import { InputError } from "../../project/inputError";

const fixtures = path.join(__dirname, "..", "fixtures", "history");
const now = Date.parse("2026-11-21T00:00:00.000Z");
const commits = new Map([
    ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", Date.parse("2026-11-01T09:55:00.000Z")], // deployed 10 minutes later
    ["cccccccccccccccccccccccccccccccccccccccc", Date.parse("2026-11-03T09:10:00.000Z")], // deployed 2 hours later
]);
// main: merge A (deployed 10 minutes later by update 2), merge X (never deployed on its own; the next
// deployment, of C, came a day later), merge C (deployed 2 hours later by update 5).
const mainline = [
    { sha: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", time: Date.parse("2026-11-01T09:55:00.000Z") },
    { sha: "9999999999999999999999999999999999999999", time: Date.parse("2026-11-02T08:00:00.000Z") },
    { sha: "cccccccccccccccccccccccccccccccccccccccc", time: Date.parse("2026-11-03T09:10:00.000Z") },
];
const metricsOf = (fixture: string, windowDays = 30) =>
    deliveryMetrics({ stack: "dev", history: readHistoryFile(path.join(fixtures, fixture)), commitTimes: commits, mainline, now, windowDays });

describe("delivery metrics", () => {
    it("has known answers for a mixed history (previews, refreshes, in-progress, rollbacks, no git metadata, outside the window)", () => {
        const m = metricsOf("mixed.json");
        assert.deepStrictEqual(
            { ...m, window: undefined },
            {
                schemaVersion: 1, stack: "dev", window: undefined,
                deployments: 8, succeeded: 5, failed: 3,
                successRatePercent: 62.5,
                changeFailureRatePercent: 50, // 3 failed updates + 1 success that was rolled back
                timeToRestoreMinutes: { median: 90, mean: 90 }, // 60 and 120 minutes
                deploymentsPerDay: 0.267,
                leadTimeHours: { median: 1.1 }, // 10 minutes and 2 hours
                mergesDeployedWithin15MinutesPercent: 33.3, // A of A, X, C
                levels: { deploymentFrequency: "high", leadTime: "elite", changeFailureRate: "low", timeToRestore: "high" },
            },
        );
        assert.deepStrictEqual(m.window, { from: "2026-10-22T00:00:00.000Z", to: "2026-11-21T00:00:00.000Z", days: 30 });
    });

    it("says null for everything an empty history cannot tell", () => {
        const m = metricsOf("empty.json");
        assert.strictEqual(m.deployments, 0);
        assert.strictEqual(m.successRatePercent, null);
        assert.strictEqual(m.changeFailureRatePercent, null);
        assert.deepStrictEqual(m.timeToRestoreMinutes, { median: null, mean: null });
        assert.deepStrictEqual(m.leadTimeHours, { median: null });
        assert.strictEqual(m.deploymentsPerDay, 0);
        assert.deepStrictEqual(m.levels, { deploymentFrequency: "low", leadTime: null, changeFailureRate: null, timeToRestore: null });
    });

    it("counts only failures as a 100% change failure rate with no time to restore yet", () => {
        const m = metricsOf("only-failures.json");
        assert.deepStrictEqual([m.deployments, m.succeeded, m.failed, m.successRatePercent, m.changeFailureRatePercent], [3, 0, 3, 0, 100]);
        assert.deepStrictEqual(m.timeToRestoreMinutes, { median: null, mean: null });
        assert.deepStrictEqual(m.leadTimeHours, { median: null }); // failed updates have no lead time
    });

    it("counts a merge as deployed in time when a later mainline commit went live within 15 minutes of it", () => {
        const history = readHistoryFile(path.join(fixtures, "mixed.json"));
        const succeeded = history.filter((h) => h.result === "succeeded" && h.kind === "update");
        const merges = [{ sha: "a1", time: Date.parse("2026-11-01T09:50:00.000Z") }, ...mainline];
        // a1 was not deployed itself, but update 2 ran its successor A 15 minutes after a1: in time.
        assert.strictEqual(mergesDeployedWithin(merges, succeeded, 0, now, 15), 50);
        assert.strictEqual(mergesDeployedWithin(undefined, succeeded, 0, now, 15), null);
        assert.strictEqual(mergesDeployedWithin([{ sha: "new", time: now - 60_000 }], succeeded, 0, now, 15), null); // too young to judge
        // No update ran a commit of this repository's main (history from another clone, or a squashed main):
        // unknown, as lead time is, not 0%.
        assert.strictEqual(mergesDeployedWithin([{ sha: "elsewhere", time: now - 3_600_000 }], succeeded, 0, now, 15), null);
    });

    it("narrows to the window", () => {
        assert.strictEqual(metricsOf("mixed.json", 15).deployments, 3); // only the 10 November updates
    });

    it("reports as text, JSON and Markdown, one stack's figures where schema 1 had them", () => {
        const history = readHistoryFile(path.join(fixtures, "mixed.json"));
        const view = (h: typeof history) => metricsView({ stacks: ["dev"], pipeline: ["dev"], records: [], histories: new Map([["dev", h]]), commitTimes: commits, mainline, now, windowDays: 30, recordsLocation: "records" });
        const m = metricsOf("mixed.json");
        const json = JSON.parse(metricsReporters.json(view(history), true));
        const { schemaVersion: _one, ...v1 } = m;
        for (const [key, value] of Object.entries(v1)) assert.deepStrictEqual(json[key], value, key);
        assert.strictEqual(json.schemaVersion, 2);
        assert.match(metricsReporters.text(view(history), true), /Change failure rate\s+50%\s+\[DORA: low\]/);
        assert.match(metricsReporters.markdown(view(history), true), /\| Time to restore \(median \/ mean\) \| 90 min \/ 90 min \| high \|/);
        assert.match(metricsReporters.text(view([]), true), /Lead time for changes \(median\)\s+unknown/);
    });

    it("rejects a history file that is not pulumi stack history --json, naming the flag and entry", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-history-"));
        fs.writeFileSync(path.join(dir, "h.json"), JSON.stringify([{ kind: "update" }]));
        try {
            assert.throws(() => readHistoryFile(path.join(dir, "h.json")), (e: Error) => e instanceof InputError && /--history .*h\.json: entry 0: expected kind, startTime/.test(e.message));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("reads commit times from the local repository and skips SHAs it does not have", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-git-"));
        const env = { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com", GIT_COMMITTER_DATE: "2026-11-01T09:55:00Z", GIT_AUTHOR_DATE: "2026-11-01T09:55:00Z" };
        const git = (...args: string[]) => spawnSync("git", args, { cwd: dir, env, encoding: "utf8" });
        try {
            git("init", "-q", "-b", "trunk");
            git("commit", "-q", "--allow-empty", "-m", "merge");
            const sha = git("rev-parse", "HEAD").stdout.trim();
            const times = commitTimes(dir, [sha, "dddddddddddddddddddddddddddddddddddddddd", ""]);
            assert.deepStrictEqual([...times], [[sha, Date.parse("2026-11-01T09:55:00Z")]]);
            assert.strictEqual(mainlineCommits(dir, 0), undefined); // the branch is not called main yet
            git("branch", "-M", "main");
            assert.deepStrictEqual(mainlineCommits(dir, 0), [{ sha, time: Date.parse("2026-11-01T09:55:00Z") }]);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
