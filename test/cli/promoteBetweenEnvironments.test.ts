import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as http from "http";
import type { AddressInfo } from "net";
import * as os from "os";
import * as path from "path";
import { releaseId } from "../../delivery/release";
import { tempProject } from "../helpers/tempProject";
import { runLockstep } from "./runLockstep";

/** dev runs payments-api 2.0.0 and checkout 2.5.0 live on blue; staging runs 1.9.0 and 2.4.0 live on green. */
const devStack = (text: string) =>
    text.replace('version: "1.9.0"', 'version: "2.0.0" # the retry fix').replace("activeColor: green", "activeColor: blue").replace('versions: { blue: "2.3.1", green: "2.4.0" }', 'versions: { blue: "2.5.0", green: "2.4.0" }');
const devId = releaseId([{ name: "payments-api", version: "2.0.0" }, { name: "checkout", version: "2.5.0" }]);
const hoursAgo = (h: number) => new Date(Date.now() - h * 3600_000).toISOString();

describe("lockstep promote --from --to (spawned)", () => {
    let dir: string;
    let env: Record<string, string>;
    beforeEach(() => {
        dir = tempProject({ "stacks/Pulumi.dev.yaml": devStack });
        env = { LOCKSTEP_RECORDS: "", LOCKSTEP_SOAK: "", GIT_CEILING_DIRECTORIES: path.dirname(dir) };
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = (args: string[]) => runLockstep([...args, "--dir", dir], { cwd: dir, env });
    const staging = () => fs.readFileSync(path.join(dir, "stacks", "Pulumi.staging.yaml"), "utf8");
    const record = async (...args: string[]) => {
        const result = await run(["release", "record", "--stack", "dev", ...args]);
        assert.strictEqual(result.status, 0, result.stderr);
    };
    const verified = async (deployedHoursAgo = 0) => {
        await record("--event", "deploy", "--result", "succeeded", "--update-id", "7", "--ended-at", hoursAgo(deployedHoursAgo));
        await record("--event", "smoke", "--result", "succeeded");
    };
    const stagingRecords = async () => JSON.parse((await run(["release", "records", "--stack", "staging", "--format", "json"])).stdout).records;

    it("refuses an unverified release (exit 1, the reason), then promotes it once the records show it deployed and smoke-tested", async () => {
        const before = staging();
        const unverified = await run(["promote", "--from", "dev", "--to", "staging"]);
        assert.strictEqual(unverified.status, 1, unverified.stderr);
        assert.strictEqual(unverified.stdout, `refused: promotion of dev release ${devId} to staging refused: no deploy of payments-api is recorded in dev: deploy it and record it (lockstep release record --stack dev --event deploy); no deploy of checkout is recorded in dev: deploy it and record it (lockstep release record --stack dev --event deploy)\n`);
        await record("--event", "deploy", "--result", "succeeded");
        const untested = await run(["promote", "--from", "dev", "--to", "staging", "--service", "payments-api"]);
        assert.strictEqual(untested.status, 1);
        assert.match(untested.stdout, /refused: .*: no passing smoke test of payments-api 2\.0\.0 is recorded in dev since it was deployed \(.*\): run lockstep smoke --stack dev\n$/);
        assert.strictEqual(staging(), before, "a refusal writes nothing");
        assert.deepStrictEqual(await stagingRecords(), []);

        await record("--event", "smoke", "--result", "succeeded");
        const promoted = await run(["promote", "--from", "dev", "--to", "staging"]);
        assert.strictEqual(promoted.status, 0, promoted.stderr + promoted.stdout);
        const after = staging();
        assert.strictEqual(after, before.replace('version: "1.9.0"', 'version: "2.0.0"').replace('blue: "2.3.1"', 'blue: "2.5.0"'), "payments-api's version and checkout's idle colour, comments and layout kept");
        const out = promoted.stdout;
        assert.match(out, /^verified in dev: payments-api 2\.0\.0 \(running since .*, smoke test passed\); checkout 2\.5\.0 \(/);
        assert.match(out, /\n--- a\/stacks\/Pulumi\.staging\.yaml\n\+\+\+ b\/stacks\/Pulumi\.staging\.yaml\n@@ /);
        assert.match(out, /\n- {6}version: "1\.9\.0"\n\+ {6}version: "2\.0\.0"\n/);
        assert.match(out, /\n- {6}versions: \{ blue: "2\.3\.1", green: "2\.4\.0" \}\n\+ {6}versions: \{ blue: "2\.5\.0", green: "2\.4\.0" \}\n/);
        assert.match(out, new RegExp(`\\npromoted dev release ${devId} to staging: payments-api version 1\\.9\\.0 -> 2\\.0\\.0; checkout idle colour blue 2\\.3\\.1 -> 2\\.5\\.0\\n`));
        assert.match(out, /\ncheckout 2\.5\.0 is on staging's idle colour: deploy staging, then flip with lockstep promote --stack staging --service checkout --version 2\.5\.0\n/);
        const records = await stagingRecords();
        assert.deepStrictEqual(records.map((r: { record: { event: string; service: string; version: string; verification: { fromStack: string; fromReleaseId: string } } }) => [r.record.event, r.record.service, r.record.version, r.record.verification.fromStack, r.record.verification.fromReleaseId]).sort(), [
            ["promote", "checkout", "2.5.0", "dev", devId],
            ["promote", "payments-api", "2.0.0", "dev", devId],
        ]);
        const again = await run(["promote", "--from", "dev", "--to", "staging"]);
        assert.deepStrictEqual([again.status, again.stdout], [0, `nothing to promote: staging has dev's release ${devId} already (payments-api version 2.0.0 already; checkout already on the idle colour blue)\n`]);
    });

    it("refuses a release that has not soaked, and one whose newest deploy failed; promotes one that has soaked", async () => {
        await verified(0);
        const young = await run(["promote", "--from", "dev", "--to", "staging", "--service", "payments-api", "--soak", "1h"]);
        assert.strictEqual(young.status, 1);
        assert.match(young.stdout, /: payments-api 2\.0\.0 has run in dev for \d+s of its soak time of 1h: promote after /);
        fs.rmSync(path.join(dir, ".lockstep"), { recursive: true });
        await verified(2);
        env.LOCKSTEP_SOAK = "1h";
        const soaked = await run(["promote", "--from", "dev", "--to", "staging", "--service", "payments-api", "--format", "json"]);
        assert.strictEqual(soaked.status, 0, soaked.stdout + soaked.stderr);
        const report = JSON.parse(soaked.stdout);
        assert.deepStrictEqual([report.ok, report.services[0].change, report.stackFileWritten], [true, "version 1.9.0 -> 2.0.0", "stacks/Pulumi.staging.yaml"]);
        assert.strictEqual((await stagingRecords())[0].record.verification.soakSeconds, 3600);
        await record("--event", "deploy", "--result", "failed", "--service", "checkout");
        const failed = await run(["promote", "--from", "dev", "--to", "staging", "--service", "checkout"]);
        assert.strictEqual(failed.status, 1);
        assert.match(failed.stdout, /: the newest deploy of checkout in dev \(2\.5\.0, ended .*\) failed\n$/);
    });

    it("--commit commits only the stack file, with a message naming the release", async () => {
        const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], { cwd: dir, encoding: "utf8" });
        git("init", "--quiet");
        git("add", "Pulumi.yaml", "stacks");
        git("commit", "--quiet", "-m", "stacks");
        fs.writeFileSync(path.join(dir, "unrelated.txt"), "staged, not part of the promotion\n");
        git("add", "unrelated.txt");
        await verified();
        env = { ...env, GIT_AUTHOR_NAME: "CI", GIT_AUTHOR_EMAIL: "ci@example.com", GIT_COMMITTER_NAME: "CI", GIT_COMMITTER_EMAIL: "ci@example.com" };
        const result = await run(["promote", "--from", "dev", "--to", "staging", "--service", "payments-api", "--commit"]);
        assert.strictEqual(result.status, 0, result.stderr + result.stdout);
        assert.strictEqual(git("log", "-1", "--format=%s").stdout.trim(), `Promote dev release ${devId} to staging: payments-api 2.0.0`);
        assert.deepStrictEqual(git("show", "--name-only", "--format=", "HEAD").stdout.trim().split("\n"), ["stacks/Pulumi.staging.yaml"]);
        assert.strictEqual(git("diff", "--cached", "--name-only").stdout.trim(), "unrelated.txt", "other staged changes stay staged");
        assert.match(result.stdout, new RegExp(`\\nwrote stacks/Pulumi\\.staging\\.yaml \\(comments kept\\); committed ${git("rev-parse", "HEAD").stdout.trim().slice(0, 12)}\\n`));
        assert.strictEqual((await stagingRecords())[0].record.release.commit, git("rev-parse", "HEAD").stdout.trim(), "the record names the promotion's commit");
    });

    it("--pull-request pushes a commit of only the stack file to a new branch and opens a pull request; the checkout stays as it was", async () => {
        const git = (cwd: string, ...args: string[]) => spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], { cwd, encoding: "utf8" });
        const origin = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-origin-"));
        git(origin, "init", "--quiet", "--bare");
        git(dir, "init", "--quiet", "-b", "main");
        git(dir, "add", "Pulumi.yaml", "stacks");
        git(dir, "commit", "--quiet", "-m", "stacks");
        git(dir, "remote", "add", "origin", origin);
        const head = git(dir, "rev-parse", "HEAD").stdout.trim();
        const before = staging();
        await verified();
        // A stand-in for GitHub's REST API on loopback: it takes the request and answers as GitHub does.
        const requests: { url: string; authorization: string; body: any }[] = [];
        const api = http.createServer((req, res) => {
            let body = "";
            req.on("data", (d) => (body += d));
            req.on("end", () => {
                requests.push({ url: req.url ?? "", authorization: String(req.headers.authorization), body: JSON.parse(body) });
                res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ number: 17, html_url: "https://github.com/acme/payments/pull/17" }));
            });
        });
        await new Promise<void>((resolve) => api.listen(0, "127.0.0.1", resolve));
        try {
            const github = { GITHUB_TOKEN: "ghs_test-token", GITHUB_REPOSITORY: "acme/payments", GITHUB_API_URL: `http://127.0.0.1:${(api.address() as AddressInfo).port}` };
            env = { ...env, ...github, GIT_AUTHOR_NAME: "CI", GIT_AUTHOR_EMAIL: "ci@example.com", GIT_COMMITTER_NAME: "CI", GIT_COMMITTER_EMAIL: "ci@example.com" };
            const result = await run(["promote", "--from", "dev", "--to", "staging", "--service", "payments-api", "--pull-request"]);
            assert.strictEqual(result.status, 0, result.stderr + result.stdout);
            const [request] = requests;
            assert.strictEqual(requests.length, 1);
            assert.strictEqual(request.url, "/repos/acme/payments/pulls");
            assert.strictEqual(request.authorization, "Bearer ghs_test-token");
            assert.strictEqual(request.body.title, `Promote dev release ${devId} to staging: payments-api 2.0.0`);
            assert.strictEqual(request.body.base, "main");
            assert.match(request.body.head, new RegExp(`^lockstep/promote-dev-to-staging-${devId}-[0-9a-f]{6}$`));
            const branch = request.body.head as string;
            const pushed = git(origin, "rev-parse", `refs/heads/${branch}`).stdout.trim();
            assert.strictEqual(git(origin, "rev-parse", `${pushed}^`).stdout.trim(), head, "the commit sits on main's HEAD");
            assert.deepStrictEqual(git(origin, "show", "--name-only", "--format=", pushed).stdout.trim().split("\n"), ["stacks/Pulumi.staging.yaml"]);
            assert.strictEqual(git(origin, "show", `${pushed}:stacks/Pulumi.staging.yaml`).stdout, before.replace('version: "1.9.0"', 'version: "2.0.0"'), "the branch has the promoted file, comments kept");
            assert.strictEqual(staging(), before, "the checkout's stack file is as it was");
            assert.strictEqual(git(dir, "rev-parse", "HEAD").stdout.trim(), head, "the checkout's branch did not move");
            assert.ok(result.stdout.includes(`\nopened pull request #17 https://github.com/acme/payments/pull/17 (branch ${branch}, commit ${pushed.slice(0, 12)}); `), result.stdout);
            assert.doesNotMatch(result.stdout + result.stderr, /ghs_test-token/, "the token is never printed");

            // Without a token nothing is read or written: exit 2, one line.
            env = { ...env, GITHUB_TOKEN: "", GH_TOKEN: "" };
            const refused = await run(["promote", "--from", "dev", "--to", "staging", "--pull-request"]);
            assert.deepStrictEqual([refused.status, refused.stderr], [2, "lockstep: --pull-request: no token: set GITHUB_TOKEN (the workflow's token, with pull-requests: write) or GH_TOKEN\n"]);
            assert.strictEqual(staging(), before);
        } finally {
            await new Promise<void>((resolve) => api.close(() => resolve()));
            fs.rmSync(origin, { recursive: true, force: true });
        }
    });

    it("two promotions at once into one stack file keep both edits and produce two intact records", async () => {
        await verified();
        const [a, b] = await Promise.all([
            run(["promote", "--from", "dev", "--to", "staging", "--service", "payments-api"]),
            run(["promote", "--from", "dev", "--to", "staging", "--service", "checkout"]),
        ]);
        assert.deepStrictEqual([a.status, b.status], [0, 0], a.stderr + b.stderr);
        assert.match(staging(), /version: "2\.0\.0"/);
        assert.match(staging(), /versions: \{ blue: "2\.5\.0", green: "2\.4\.0" \}/);
        assert.deepStrictEqual((await stagingRecords()).map((r: { record: { service: string } }) => r.record.service).sort(), ["checkout", "payments-api"]);
    });

    it("bad input is one line and exit 2, writing nothing: an unknown stack, service or release, a corrupt record, an unreachable bucket", async () => {
        await verified();
        const before = staging();
        const cases: [string[], RegExp][] = [
            [["--to", "qa"], /^lockstep: stacks\/Pulumi\.qa\.yaml: no such stack "qa": expected one of dev, prod, staging\n$/],
            [["--to", "staging", "--service", "ledger"], /^lockstep: --service ledger: not in stacks\/Pulumi\.dev\.yaml lockstep:services: expected one of payments-api, checkout\n$/],
            [["--to", "staging", "--release", "0123456789ab"], new RegExp(`^lockstep: --release 0123456789ab: unknown to dev, whose release is ${devId}: see lockstep release show --stack dev\\n$`)],
            [["--to", "staging", "--soak", "soon"], /^lockstep: --soak soon: expected a duration like 30m, 1h or 90s\n$/],
            [["--to", "staging", "--from-records", "s3://release-records", "--s3-endpoint", "http://127.0.0.1:9"], /^lockstep: s3:\/\/release-records\/releases\/payments-api\/dev\/: cannot list the release records \(.+\): check the bucket name, AWS_ENDPOINT_URL and the credentials\n$/],
        ];
        for (const [args, stderr] of cases) {
            const result = await runLockstep(["promote", "--from", "dev", ...args, "--dir", dir], { cwd: dir, env: { ...env, AWS_ACCESS_KEY_ID: "test", AWS_SECRET_ACCESS_KEY: "test" } });
            assert.strictEqual(result.status, 2, `${args.join(" ")}: ${result.stderr}`);
            assert.match(result.stderr, stderr);
        }
        const recordsDir = path.join(dir, ".lockstep", "records", "releases", "checkout", "dev");
        const corrupt = path.join(recordsDir, fs.readdirSync(recordsDir)[0]);
        fs.writeFileSync(corrupt, "{\"schemaVersion\": 1, \"event\": \"dep");
        const result = await run(["promote", "--from", "dev", "--to", "staging"]);
        assert.strictEqual(result.status, 2);
        assert.match(result.stderr, new RegExp(`^lockstep: ${corrupt.replace(/[.]/g, "\\.")}: corrupt release record \\(.*\\): move it aside and re-run\\n$`));
        assert.strictEqual(staging(), before);
        assert.deepStrictEqual(await stagingRecords(), []);
    });
});
