// lockstep release policy-config, spawned: the deployment-release-verified config built from a records
// directory refuses an unverified release in lockstep preview (the offline `pulumi preview`), and lets it
// through once the records verify it; break glass passes and release record --break-glass records it.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { gatesPack } from "../helpers/gatesFixture";
import { tempProject } from "../helpers/tempProject";
import { runLockstep } from "./runLockstep";

const approvals = (approvers: string[]) => JSON.stringify({ "deployment-change-approval": { approvers, author: "alice" } });

describe("lockstep release policy-config (spawned)", () => {
    let dir: string;
    let approvalsFile: string;
    let records: string;
    beforeEach(() => {
        dir = tempProject({ "approvals.json": approvals(["bob", "carol"]) });
        approvalsFile = path.join(dir, "approvals.json");
        records = path.join(dir, "records");
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const env = { LOCKSTEP_RECORDS: "", LOCKSTEP_SOAK: "", GIT_CEILING_DIRECTORIES: "/" };
    const run = (args: string[]) => runLockstep([...args, "--dir", dir], { cwd: dir, env });
    const record = async (stack: string, ...args: string[]) => {
        const result = await run(["release", "record", "--stack", stack, "--records", records, ...args]);
        assert.strictEqual(result.status, 0, result.stderr);
    };
    const policyConfig = (...args: string[]) => run(["release", "policy-config", "--stack", "staging", "--records", records, "--policy-pack-config", approvalsFile, "--out", approvalsFile, ...args]);
    const preview = () => run(["preview", "--stack", "staging", "--policy-pack", gatesPack, "--policy-pack-config", approvalsFile]);
    const gate = () => JSON.parse(fs.readFileSync(approvalsFile, "utf8"))["deployment-release-verified"];
    /** staging ran checkout 2.3.1 live on blue before it flipped to green's 2.4.0. */
    const stagingRanBlue = async () => {
        const file = path.join(dir, "stacks", "Pulumi.staging.yaml");
        const text = fs.readFileSync(file, "utf8");
        fs.writeFileSync(file, text.replace("activeColor: green", "activeColor: blue"));
        await record("staging", "--service", "checkout", "--event", "deploy", "--result", "succeeded", "--ended-at", "2027-01-01T00:00:00Z");
        fs.writeFileSync(file, text);
    };

    it("refuses staging's release in lockstep preview while dev's records do not verify it, and passes once they do", async () => {
        await record("dev", "--service", "payments-api", "--event", "deploy", "--result", "succeeded");
        await stagingRanBlue();
        const refused = await policyConfig();
        assert.deepStrictEqual([refused.status, refused.stdout], [0, ""], refused.stderr);
        const config = JSON.parse(fs.readFileSync(approvalsFile, "utf8"));
        assert.deepStrictEqual(config["deployment-change-approval"], { approvers: ["bob", "carol"], author: "alice" }, "the approvals are kept");
        assert.deepStrictEqual(Object.keys(gate().admitted), ["checkout"]);
        assert.match(gate().admitted.checkout["2.3.1"], /^runs in staging already \(releases\/checkout\/staging\/20270101T000000000Z-deploy-[0-9a-f]{12}\.json\)$/);
        assert.deepStrictEqual(gate().refused, {
            "payments-api": { "1.9.0": "no passing smoke test of payments-api 1.9.0 is recorded in dev since it was deployed (" + gate().refused["payments-api"]["1.9.0"].split("deployed (")[1] },
            checkout: { "2.4.0": "no deploy of checkout is recorded in dev: deploy it and record it (lockstep release record --stack dev --event deploy)" },
        });
        assert.match(refused.stderr, /\nlockstep: the deployment-release-verified policy will refuse 2 version\(s\) in pulumi preview\/up\n$/);

        const failed = await preview();
        assert.strictEqual(failed.status, 1, failed.stdout + failed.stderr);
        const lines = failed.stdout.split("\n");
        assert.strictEqual(lines.filter((l) => l.includes("[mandatory]  deployment-release-verified")).length, 2, failed.stdout);
        assert.ok(failed.stdout.includes("payments-api 1.9.0 must be verified in dev before it enters staging: no passing smoke test of payments-api 1.9.0"), failed.stdout);
        assert.ok(failed.stdout.includes("checkout 2.4.0 must be verified in dev before it enters staging: no deploy of checkout is recorded in dev"), failed.stdout);

        await record("dev", "--service", "checkout", "--event", "deploy", "--result", "succeeded");
        await record("dev", "--event", "smoke", "--result", "succeeded");
        const verified = await policyConfig();
        assert.strictEqual(verified.status, 0, verified.stderr);
        assert.deepStrictEqual([Object.keys(gate().admitted["payments-api"]), Object.keys(gate().admitted.checkout).sort(), gate().refused], [["1.9.0"], ["2.3.1", "2.4.0"], {}]);
        assert.match(gate().admitted["payments-api"]["1.9.0"], /^verified in dev since \S+Z \(releases\/payments-api\/dev\/\S+-deploy-\S+\.json, releases\/payments-api\/dev\/\S+-smoke-\S+\.json\)$/);
        const passed = await preview();
        assert.strictEqual(passed.status, 0, passed.stdout + passed.stderr);
        assert.doesNotMatch(passed.stdout, /deployment-release-verified/);
    });

    it("break glass with two approvers passes preview and is recorded with the unverified versions; with one it fails", async () => {
        fs.writeFileSync(approvalsFile, approvals(["bob"]));
        const one = await policyConfig("--break-glass", "payment outage fix");
        assert.strictEqual(one.status, 0, one.stderr);
        assert.match(one.stderr, /\nlockstep: break glass needs 2 approvers other than the author alice; approved by bob: the policy will refuse the update\n$/);
        const refused = await preview();
        assert.strictEqual(refused.status, 1, refused.stdout);
        assert.ok(refused.stdout.includes('break glass ("payment outage fix") needs 2 distinct approvers other than the author alice; approved by bob: 1 more approval(s) needed.'), refused.stdout);

        fs.writeFileSync(approvalsFile, approvals(["bob", "carol"]));
        const two = await policyConfig("--break-glass", "payment outage fix");
        assert.strictEqual(two.status, 0, two.stderr);
        assert.deepStrictEqual([gate().breakGlass, gate().approvers, gate().author], ["payment outage fix", ["bob", "carol"], "alice"]);
        const passed = await preview();
        assert.strictEqual(passed.status, 0, passed.stdout + passed.stderr);

        await record("staging", "--service", "payments-api", "--event", "deploy", "--result", "succeeded", "--break-glass", "payment outage fix", "--policy-pack-config", approvalsFile);
        const listed = JSON.parse((await run(["release", "records", "--stack", "staging", "--records", records, "--format", "json"])).stdout).records;
        assert.deepStrictEqual(listed.map((r: { record: { breakGlass: unknown } }) => r.record.breakGlass), [
            {
                reason: "payment outage fix",
                approvers: ["bob", "carol"],
                author: "alice",
                windows: [],
                unverified: [
                    "payments-api 1.9.0: no deploy of payments-api is recorded in dev: deploy it and record it (lockstep release record --stack dev --event deploy)",
                    "checkout 2.4.0: no deploy of checkout is recorded in dev: deploy it and record it (lockstep release record --stack dev --event deploy)",
                    "checkout 2.3.1: no deploy of checkout is recorded in dev: deploy it and record it (lockstep release record --stack dev --event deploy)",
                ],
            },
        ]);
    });

    it("bad input is one line and exit 2, writing nothing: an unknown stack, no environment before, a corrupt record, an unreachable bucket", async () => {
        await record("dev", "--event", "deploy", "--result", "succeeded");
        const before = fs.readFileSync(approvalsFile, "utf8");
        const cases: [string[], RegExp][] = [
            [["--stack", "qa"], /^lockstep: stacks\/Pulumi\.qa\.yaml: no such stack "qa": expected one of dev, prod, staging\n$/],
            [["--stack", "dev"], /^lockstep: --stack dev: no environment comes before it \(dev -> staging -> prod\): give the stack whose records verify its versions, e\.g\. --from STACK\n$/],
            [["--stack", "staging", "--from", "qa"], /^lockstep: --from qa: no such stack: expected one of dev, prod, staging\n$/],
            [["--stack", "staging", "--soak", "soon"], /^lockstep: --soak soon: expected a duration like 30m, 1h or 90s\n$/],
            [["--stack", "staging", "--break-glass", "fix"], /^lockstep: --break-glass needs --policy-pack-config FILE/],
            [["--stack", "staging", "--from-records", "s3://release-records", "--s3-endpoint", "http://127.0.0.1:9"], /^lockstep: s3:\/\/release-records\/releases\/payments-api\/dev\/: cannot list the release records \(.+\): check the bucket name, AWS_ENDPOINT_URL and the credentials\n$/],
        ];
        const out = path.join(dir, "out.json");
        for (const [args, stderr] of cases) {
            const result = await runLockstep(["release", "policy-config", "--records", records, "--out", out, ...args, "--dir", dir], { cwd: dir, env: { ...env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" } });
            assert.deepStrictEqual([result.status, result.stdout], [2, ""], `${args.join(" ")}: ${result.stderr}`);
            assert.match(result.stderr, stderr);
        }
        const recordsDir = path.join(records, "releases", "checkout", "dev");
        const corrupt = path.join(recordsDir, fs.readdirSync(recordsDir)[0]);
        fs.writeFileSync(corrupt, '{"schemaVersion": 1, "event": "dep');
        const result = await policyConfig();
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, new RegExp(`^lockstep: ${corrupt.replace(/[.]/g, "\\.")}: corrupt release record \\(.*\\): move it aside and re-run\\n$`));
        assert.deepStrictEqual([fs.existsSync(out), fs.readFileSync(approvalsFile, "utf8")], [false, before], "nothing written");
    });
});
