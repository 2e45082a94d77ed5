import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { metricsCommand } from "../../cli/commands/metrics";
import { InputError } from "../../project/inputError";
import { runLockstep } from "./runLockstep";

const fixtures = path.join(__dirname, "..", "fixtures", "history");
const records = path.join(__dirname, "..", "fixtures", "records");
const window = ["--records", records, "--until", "2026-12-03", "--since", "14d"];

describe("lockstep metrics (in-process)", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-metrics-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes the JSON report from a saved history to --out, with the fields the client asked for", async () => {
        const out = path.join(dir, "metrics.json");
        const code = await metricsCommand.run(["--stack", "dev", "--history", path.join(fixtures, "only-failures.json"), "--since", "3650d", "--format", "json", "--out", out]);
        assert.strictEqual(code, 0);
        const report = JSON.parse(fs.readFileSync(out, "utf8"));
        for (const key of ["deployments", "succeeded", "failed", "successRatePercent", "changeFailureRatePercent", "timeToRestoreMinutes", "deploymentsPerDay", "leadTimeHours"]) assert.ok(key in report, key);
        assert.deepStrictEqual([report.deployments, report.failed, report.timeToRestoreMinutes], [3, 3, { median: null, mean: null }]);
    });

    it("rejects a bad window, a missing history file and an unknown format with one line naming the flag", async () => {
        const history = path.join(fixtures, "empty.json");
        await assert.rejects(metricsCommand.run(["--stack", "dev", "--history", history, "--since", "2w"]), (e: Error) => e instanceof InputError && e.message === "--since 2w: expected a number of days from 1d to 9999d, like 30d");
        await assert.rejects(metricsCommand.run(["--stack", "dev", "--history", history, "--since", "100000d"]), (e: Error) => e instanceof InputError && /from 1d to 9999d/.test(e.message));
        // A history file takes any name; the project decides which stacks exist.
        await assert.rejects(metricsCommand.run(["--stack", "prd", "--history", history]), (e: Error) => e instanceof InputError && e.message.startsWith(`stacks/Pulumi.prd.yaml: no such stack "prd" (did you mean prod?)`));
        await assert.rejects(metricsCommand.run(["--stack", "dev", "--history", path.join(dir, "nope.json")]), (e: Error) => e instanceof InputError && /^--history .*nope\.json: cannot read the file \(ENOENT\)/.test(e.message));
        await assert.rejects(metricsCommand.run(["--stack", "dev", "--history", history, "--format", "xml"]), (e: Error) => e instanceof InputError && e.message === '--format: expected one of text, json, markdown, html, got "xml"');
        await assert.rejects(metricsCommand.run(["--history", history]), (e: Error) => e instanceof InputError && e.message === "--stack is required, e.g. --stack dev (or --stacks dev,staging,prod, or --all)");
        assert.deepStrictEqual(fs.readdirSync(dir), []); // nothing half-written
    });
});

describe("lockstep metrics from the release records", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-metrics-records-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = async (args: string[]) => {
        const out = path.join(dir, "report");
        assert.strictEqual(await metricsCommand.run([...args, "--out", out]), 0);
        return fs.readFileSync(out, "utf8");
    };

    it("puts dev, staging and prod side by side in JSON, ordered as the promotions went", async () => {
        const report = JSON.parse(await run(["--all", ...window, "--format", "json"]));
        assert.strictEqual(report.schemaVersion, 2);
        assert.deepStrictEqual(report.pipeline, ["dev", "staging", "prod"]);
        assert.deepStrictEqual(report.environments.map((e: { stack: string; timeToDeployMinutes: { median: number } }) => [e.stack, e.timeToDeployMinutes.median]), [["dev", 8], ["staging", 12], ["prod", 15]]);
        assert.deepStrictEqual(report.environments.map((e: { verifiedBeforeLive: { percent: number | null } }) => e.verifiedBeforeLive.percent), [null, 100, 80]);
        assert.deepStrictEqual(report.leadTimeThroughStages.segments.map((s: { medianHours: number | null }) => s.medianHours).slice(1), [1, 23.1]);
    });

    it("keeps --stack's schema 1 fields at the top level and adds the records' figures beside them", async () => {
        const report = JSON.parse(await run(["--stack", "prod", "--history", path.join(fixtures, "only-failures.json"), ...window, "--format", "json"]));
        assert.deepStrictEqual([report.schemaVersion, report.stack, report.doraSource, report.deployments], [2, "prod", "history", 0]);
        assert.deepStrictEqual(report.rollbacks, { rollbacks: 1, failed: 0, durationMinutes: { median: 3, max: 3 }, under5MinutesPercent: 100 });
        assert.strictEqual(report.verifiedBeforeLive.previousStage, "staging");
        assert.strictEqual(report.environments, undefined);
    });

    it("reports as text, Markdown and one HTML page, --service narrowing to one service", async () => {
        const text = await run(["--stacks", "dev,staging,prod", ...window]);
        assert.match(text, /^\s+dev\s+staging\s+prod$/m);
        assert.match(text, /Rollbacks under 5 minutes\s+0%\s+0%\s+100%/);
        assert.match(text, /prod: payments-api 1\.10\.1, live 2026-12-02T09:28:45\.000Z: no promotion record/);
        const markdown = await run(["--stacks", "staging,prod", ...window, "--format", "markdown", "--service", "checkout"]);
        assert.match(markdown, /^\| Metric \| staging \| prod \|$/m);
        assert.match(markdown, /\| Verified before going live \| 100% \(1 of 1 release, in dev\) \| 100% \(1 of 1 release, in staging\) \|/);
        const html = await run(["--all", ...window, "--format", "html"]);
        assert.match(html, /^<!doctype html>/);
        for (const id of ["side-by-side", "deploys-per-week", "time-to-deploy", "rollback-durations", "verified-share", "stages"]) assert.ok(html.includes(`id="${id}"`), id);
    });

    it("refuses an unknown stack or service, a missing records directory and a corrupt record: one line, exit 2, nothing written", async () => {
        await assert.rejects(metricsCommand.run(["--stacks", "dev,prd", ...window]), (e: Error) => e instanceof InputError && e.message.startsWith('stacks/Pulumi.prd.yaml: no such stack "prd" (did you mean prod?)'));
        await assert.rejects(metricsCommand.run(["--all", ...window, "--service", "payment-api"]), (e: Error) => e instanceof InputError && e.message === "--service payment-api: not in stacks/Pulumi.dev.yaml lockstep:services: expected one of payments-api, checkout");
        await assert.rejects(metricsCommand.run(["--all", "--records", path.join(dir, "nope")]), (e: Error) => e instanceof InputError && /^--records .*nope: no such directory: /.test(e.message));
        await assert.rejects(metricsCommand.run(["--stack", "dev", "--stacks", "dev,prod"]), (e: Error) => e instanceof InputError && e.message === "--stack and --stacks: give one of --stack, --stacks or --all");
        fs.cpSync(records, path.join(dir, "records"), { recursive: true });
        const corrupt = path.join(dir, "records", "releases", "checkout", "staging", "20261201T000000000Z-deploy-000000000999.json");
        fs.writeFileSync(corrupt, '{"schemaVersion": 1, "event": "deploy"');
        const out = path.join(dir, "metrics.html");
        const run = await runLockstep(["metrics", "--all", "--records", path.join(dir, "records"), "--format", "html", "--out", out]);
        assert.strictEqual(run.status, 2);
        assert.strictEqual(run.stdout, "");
        assert.match(run.stderr, /^lockstep: .*checkout\/staging\/20261201T000000000Z-deploy-000000000999\.json: corrupt release record \(.*\): move it aside and re-run\n$/);
        assert.ok(!fs.existsSync(out), "nothing half-written");
    });
});
