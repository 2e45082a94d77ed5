// lockstep freeze status / policy-config, and promote (both modes) against a freeze window, spawned.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { fakePulumi, outputsOn, type FakePulumi } from "../fakePulumi";
import { startLoopbackServer, type LoopbackServer } from "../loopbackServer";
import { tempProject } from "../helpers/tempProject";
import { runLockstep } from "./runLockstep";

const local = (d: Date) => d.toISOString().slice(0, 16); // a wall time in UTC, as freeze.yaml writes it
const hours = (h: number) => new Date(Date.now() + h * 3600_000);
/** A freeze of `stack` from an hour ago to `endsIn` hours from now, in UTC. */
const freezeNow = (stack: string, endsIn = 2) => `version: 1\nenvironments:\n  ${stack}:\n    - from: "${local(hours(-1))}"\n      to: "${local(hours(endsIn))}"\n      timeZone: UTC\n      reason: incident review\n`;
const approvals = (approvers: string[]) => JSON.stringify({ "deployment-change-approval": { approvers, author: "alice" } });

describe("lockstep freeze (spawned)", () => {
    let dir: string;
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = (args: string[]) => runLockstep([...args, "--dir", dir], { cwd: dir, env: { LOCKSTEP_RECORDS: "", LOCKSTEP_SOAK: "" } });

    it("status says frozen or not, by which window, until when on its clock and in UTC, and exits 0 either way", async () => {
        dir = tempProject();
        const frozen = await run(["freeze", "status", "--stack", "prod", "--at", "2026-07-10T16:00:00Z"]);
        assert.deepStrictEqual([frozen.status, frozen.stderr], [0, ""]);
        assert.strictEqual(frozen.stdout.split("\n").slice(0, 2).join("\n"), "prod is frozen at 2026-07-10T16:00:00.000Z until 2026-07-13 08:00 GMT+2 (Europe/Berlin), 2026-07-13T06:00:00.000Z\n  by every week Fri 16:00 to Mon 08:00 Europe/Berlin (no production changes over the weekend) [stacks/freeze.yaml:12]");
        const open = await run(["freeze", "status", "--stack", "prod", "--at", "2026-07-09T12:00:00+02:00", "--format", "json"]);
        assert.strictEqual(open.status, 0);
        const json = JSON.parse(open.stdout);
        assert.deepStrictEqual([json.frozen, json.windows, json.until, json.next.start, json.next.source], [false, [], null, "2026-07-10T14:00:00.000Z", "stacks/freeze.yaml:12"]);
        const staging = await run(["freeze", "status", "--stack", "staging"]);
        assert.match(staging.stdout, /^staging is not frozen at .*\nnext freeze: none declared\n$/);
    });

    it("refuses a bad freeze file, an unknown stack and a bad --at with one line and exit 2", async () => {
        dir = tempProject({ "stacks/freeze.yaml": 'version: 1\nenvironments:\n  prod:\n    - start: "Fri 16:00"\n      end: "Mon 08:00"\n      timeZone: Mars/Olympus\n      reason: weekend\n' });
        const badZone = await run(["freeze", "status", "--stack", "prod"]);
        assert.deepStrictEqual([badZone.status, badZone.stdout, badZone.stderr], [2, "", 'lockstep: stacks/freeze.yaml:6: environments.prod[0].timeZone: unknown time zone "Mars/Olympus": give an IANA zone like Europe/Berlin, America/New_York or UTC\n']);
        const unknown = await run(["freeze", "status", "--stack", "qa"]);
        assert.deepStrictEqual([unknown.status, unknown.stderr], [2, 'lockstep: stacks/Pulumi.qa.yaml: no such stack "qa": expected one of dev, prod, staging\n']);
        const at = await run(["freeze", "status", "--stack", "dev", "--at", "friday"]);
        assert.deepStrictEqual([at.status, at.stderr], [2, "lockstep: --at friday: expected an ISO 8601 instant with its offset, like 2026-12-24T12:00:00Z or 2026-12-24T13:00:00+01:00\n"]);
        const out = path.join(dir, "policy-config.json");
        const config = await run(["freeze", "policy-config", "--stack", "prod", "--out", out]);
        assert.deepStrictEqual([config.status, fs.existsSync(out)], [2, false], "nothing written");
    });

    it("policy-config merges the approvals with the stack's freezes of the next 7 days as UTC instants", async () => {
        dir = tempProject();
        fs.writeFileSync(path.join(dir, "approvals.json"), approvals(["bob", "carol"]));
        const out = path.join(dir, "policy-config.json");
        const result = await run(["freeze", "policy-config", "--stack", "prod", "--at", "2026-07-09T12:00:00Z", "--policy-pack-config", path.join(dir, "approvals.json"), "--break-glass", "payment outage fix", "--out", out]);
        assert.deepStrictEqual([result.status, result.stdout], [0, ""], result.stderr);
        const config = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.deepStrictEqual(config["deployment-change-approval"], { approvers: ["bob", "carol"], author: "alice" });
        assert.deepStrictEqual(config["deployment-freeze-window"], {
            stack: "prod",
            freezes: [{ from: "2026-07-10T14:00:00.000Z", to: "2026-07-13T06:00:00.000Z", toLocal: "2026-07-13 08:00 GMT+2 (Europe/Berlin)", window: "every week Fri 16:00 to Mon 08:00 Europe/Berlin (no production changes over the weekend) [stacks/freeze.yaml:12]" }],
            validUntil: "2026-07-16T12:00:00.000Z",
            breakGlass: "payment outage fix",
            approvers: ["bob", "carol"],
            author: "alice",
        });
        const noApprovals = await run(["freeze", "policy-config", "--stack", "prod", "--break-glass", "payment outage fix"]);
        assert.deepStrictEqual([noApprovals.status, noApprovals.stderr], [2, "lockstep: --break-glass needs --policy-pack-config FILE with two approvers other than the author (format: docs/approvals.example.json)\n"]);
    });

    describe("promote --from --to into a frozen stack", () => {
        const devStack = (text: string) => text.replace('version: "1.9.0"', 'version: "2.0.0"');
        const staging = () => fs.readFileSync(path.join(dir, "stacks", "Pulumi.staging.yaml"), "utf8");
        const stagingRecords = async () => JSON.parse((await run(["release", "records", "--stack", "staging", "--format", "json"])).stdout).records;
        beforeEach(async () => {
            dir = tempProject({ "stacks/Pulumi.dev.yaml": devStack, "stacks/freeze.yaml": freezeNow("staging"), "approvals.json": approvals(["bob", "carol"]), "one-approval.json": approvals(["bob", "Alice"]) });
            for (const event of ["deploy", "smoke"]) assert.strictEqual((await run(["release", "record", "--stack", "dev", "--service", "payments-api", "--event", event, "--result", "succeeded"])).status, 0);
        });
        const promote = (...extra: string[]) => run(["promote", "--from", "dev", "--to", "staging", "--service", "payments-api", ...extra]);

        it("refuses with exit 1 naming the window and its end, writing nothing", async () => {
            const before = staging();
            const refused = await promote();
            assert.strictEqual(refused.status, 1, refused.stderr);
            assert.match(refused.stdout, /^refused: promotion of dev release [0-9a-f]{12} to staging refused: staging is frozen by \S+ to \S+ UTC \(incident review\) \[stacks\/freeze\.yaml:4\] until \S+ \S+ UTC \(UTC\), \S+Z: wait until it ends, or break glass with --break-glass REASON and --policy-pack-config approvals\.json naming 2 approvers other than the author\n$/);
            assert.strictEqual(staging(), before);
            assert.deepStrictEqual(await stagingRecords(), []);
        });

        it("refuses break glass with one approver other than the author (exit 1), and exit 2 without approvals", async () => {
            const one = await promote("--break-glass", "payment outage fix", "--policy-pack-config", path.join(dir, "one-approval.json"));
            assert.strictEqual(one.status, 1);
            assert.match(one.stdout, /: break glass needs 2 distinct approvers other than the author alice; approved by bob, Alice: 1 more approval\(s\) needed\n$/);
            const none = await promote("--break-glass", "payment outage fix");
            assert.strictEqual(none.status, 2);
            assert.deepStrictEqual(await stagingRecords(), []);
        });

        it("passes with break glass and two approvers other than the author, and the record says so", async () => {
            const passed = await promote("--break-glass", "payment outage fix", "--policy-pack-config", path.join(dir, "approvals.json"));
            assert.strictEqual(passed.status, 0, passed.stderr + passed.stdout);
            assert.match(passed.stderr, /^lockstep: breaking the freeze of staging \(payment outage fix\), approved by bob, carol\n/);
            assert.match(staging(), /version: "2\.0\.0"/);
            const [record] = await stagingRecords();
            assert.deepStrictEqual({ ...record.record.breakGlass, windows: record.record.breakGlass.windows.length }, { reason: "payment outage fix", approvers: ["bob", "carol"], author: "alice", windows: 1, until: record.record.breakGlass.until });
            assert.ok(Math.abs(Date.parse(record.record.breakGlass.until) - hours(2).getTime()) < 120_000);
        });
    });

    describe("promote --stack (blue-green) into a frozen stack", () => {
        let server: LoopbackServer;
        let fake: FakePulumi;
        before(async () => (server = await startLoopbackServer()));
        after(() => server.close());
        beforeEach(() => {
            fake = fakePulumi(outputsOn(server.base));
            dir = fake.projectDir;
            fs.writeFileSync(path.join(dir, "stacks", "freeze.yaml"), freezeNow("dev"));
            fs.writeFileSync(path.join(dir, "approvals.json"), approvals(["bob", "carol"]));
        });
        afterEach(() => fake.remove());
        const promote = (...extra: string[]) =>
            runLockstep(["promote", "--stack", "dev", "--service", "checkout", "--version", "2.5.0", "--retries", "0", ...extra], { cwd: dir, env: { ...fake.env, LOCKSTEP_RECORDS: "" } });

        it("refuses before touching the stack (exit 1), and flips with break glass, recording it", async () => {
            const before = fs.readFileSync(path.join(dir, "stacks", "Pulumi.dev.yaml"), "utf8");
            const refused = await promote("--format", "json");
            assert.strictEqual(refused.status, 1, refused.stderr);
            assert.match(JSON.parse(refused.stdout).reason, /^dev is frozen by .* \(incident review\) \[stacks\/freeze\.yaml:4\] until /);
            assert.strictEqual(fs.readFileSync(path.join(dir, "stacks", "Pulumi.dev.yaml"), "utf8"), before);
            assert.deepStrictEqual(fake.state().stacks.dev.history, [], "no pulumi up ran");

            const passed = await promote("--break-glass", "checkout hotfix", "--policy-pack-config", path.join(dir, "approvals.json"));
            assert.strictEqual(passed.status, 0, passed.stderr + passed.stdout);
            const listed = await runLockstep(["release", "records", "--stack", "dev", "--service", "checkout", "--format", "json"], { cwd: dir, env: { LOCKSTEP_RECORDS: "" } });
            const [flip] = JSON.parse(listed.stdout).records.map((r: { record: unknown }) => r.record);
            assert.deepStrictEqual([flip.event, flip.version, flip.breakGlass.reason, flip.breakGlass.approvers], ["flip", "2.5.0", "checkout hotfix", ["bob", "carol"]]);
        });
    });
});

describe("lockstep release record --break-glass (spawned)", () => {
    let dir: string;
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    it("records CI's update through a freeze with the reason and approvers, and says so when it broke none", async () => {
        dir = tempProject({ "stacks/freeze.yaml": freezeNow("prod"), "approvals.json": approvals(["bob", "carol"]) });
        const run = (args: string[]) => runLockstep([...args, "--dir", dir], { cwd: dir, env: { LOCKSTEP_RECORDS: "" } });
        const recorded = await run(["release", "record", "--stack", "prod", "--service", "payments-api", "--event", "deploy", "--result", "succeeded", "--break-glass", "payment outage fix", "--policy-pack-config", path.join(dir, "approvals.json")]);
        assert.strictEqual(recorded.status, 0, recorded.stderr);
        const [record] = JSON.parse((await run(["release", "records", "--stack", "prod", "--format", "json"])).stdout).records;
        assert.deepStrictEqual([record.record.breakGlass.reason, record.record.breakGlass.approvers, record.record.breakGlass.author], ["payment outage fix", ["bob", "carol"], "alice"]);
        const notFrozen = await run(["release", "record", "--stack", "staging", "--event", "deploy", "--result", "succeeded", "--break-glass", "payment outage fix", "--policy-pack-config", path.join(dir, "approvals.json")]);
        assert.deepStrictEqual([notFrozen.status, notFrozen.stderr], [0, "lockstep: staging is not frozen: --break-glass was not needed and is not recorded\n"]);
    });
});
