import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { metricsCommand } from "../../cli/commands/metrics";
import { InputError } from "../../project/inputError";

const fixtures = path.join(__dirname, "..", "fixtures", "history");

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
        await assert.rejects(metricsCommand.run(["--stack", "dev", "--history", history, "--format", "html"]), (e: Error) => e instanceof InputError && e.message === '--format: expected one of text, json, markdown, got "html"');
        await assert.rejects(metricsCommand.run(["--history", history]), (e: Error) => e instanceof InputError && e.message === "--stack is required, e.g. --stack dev");
        assert.deepStrictEqual(fs.readdirSync(dir), []); // nothing half-written
    });
});
