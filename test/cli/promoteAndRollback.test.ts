import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { fakePulumi, outputsOn, type FakePulumi } from "../fakePulumi";
import { startLoopbackServer, type LoopbackServer } from "../loopbackServer";
import { runLockstep } from "./runLockstep";

const oldDigest = `sha256:${"1".repeat(64)}`;

describe("lockstep promote and rollback (spawned, through the fake pulumi CLI)", () => {
    let server: LoopbackServer;
    let fake: FakePulumi;
    before(async () => (server = await startLoopbackServer()));
    after(() => server.close());
    beforeEach(() => (fake = fakePulumi(outputsOn(server.base))));
    afterEach(() => {
        fake.remove();
        server.failing.clear();
    });
    const stackFile = (stack: string) => fs.readFileSync(path.join(fake.projectDir, "stacks", `Pulumi.${stack}.yaml`), "utf8");
    const run = (args: string[]) => runLockstep([...args, "--retries", "0"], { cwd: fake.projectDir, env: { ...fake.env, LOCKSTEP_RECORDS: "", LOCKSTEP_SOAK: "" } });
    const records = async (stack: string, service: string) => {
        const listed = await runLockstep(["release", "records", "--stack", stack, "--service", service, "--format", "json"], { cwd: fake.projectDir, env: { LOCKSTEP_RECORDS: "" } });
        return (JSON.parse(listed.stdout).records as { record: { event: string; version: string; result: string; smoke: { passed: boolean; checks: unknown[] } } }[]).map((r) => r.record);
    };

    it("promotes checkout to the idle colour, prints every step with its duration, and writes the stack file keeping comments", async () => {
        const result = await run(["promote", "--stack", "dev", "--service", "checkout", "--version", "2.5.0"]);
        assert.strictEqual(result.status, 0, result.stderr + result.stdout);
        const lines = result.stdout.trim().split("\n");
        assert.deepStrictEqual(lines.slice(0, 4).map((l) => l.replace(/\(\d+\.\d s\)/, "(N s)")), [
            "ok    deploy 2.5.0 to idle colour blue and wait for the rollout  (N s)",
            "ok    smoke-test blue through the preview URL  (N s)",
            "ok    flip activeColor green -> blue  (N s)",
            "ok    smoke-test the live URL on blue  (N s)",
        ]);
        assert.match(lines[4], /^done: checkout 2\.5\.0 is live on blue; green keeps 2\.4\.0 for rollback \(\d+\.\d s in total\)$/);
        assert.strictEqual(lines[5], "wrote the deployed config to stacks/Pulumi.dev.yaml (comments kept): commit it so the next merge does not undo this");
        const file = stackFile("dev");
        assert.match(file, /^# dev: what differs from staging and prod/);
        assert.match(file, /activeColor: blue\n\s+versions: \{ blue: "2\.5\.0", green: "2\.4\.0" \}/);
    });

    it("exits 1 when the preview colour fails its smoke test: traffic stays on the live colour, the stack file records the idle colour's new version", async () => {
        server.failing.add("/checkout-preview");
        const before = stackFile("dev");
        const result = await run(["promote", "--stack", "dev", "--service", "checkout", "--version", "2.5.0", "--format", "json"]);
        assert.strictEqual(result.status, 1);
        const report = JSON.parse(result.stdout);
        assert.deepStrictEqual(report.steps.map((s: { ok: boolean }) => s.ok), [true, false]);
        assert.strictEqual(report.steps[1].detail, "status 500, expected 200");
        // The new version runs on the idle colour (deployed), which the stack file now records; traffic never moved.
        const after = stackFile("dev");
        assert.match(after, /activeColor: green/);
        assert.match(after, /versions: \{ blue: "2\.5\.0", green: "2\.4\.0" \}/, "the idle colour (blue) runs the new version");
        assert.strictEqual(after.replace(/blue: "2\.5\.0"/, 'blue: "2.4.0"'), before.replace(/blue: "[^"]+"/, 'blue: "2.4.0"'), "only blue's version changed");
    });

    it("rolls a rolling service back to the last successful release from history in seconds, and keeps comments", async () => {
        const services = (version: string) => [{ name: "payments-api", version }, { name: "checkout", activeColor: "blue", versions: { blue: "x", green: "y" } }];
        fake.setState((s) => {
            const current = (s.stacks.prod.config["lockstep:services"] as { version: string }[])[0].version;
            s.stacks.prod.history = [
                { version: 42, kind: "update", result: "failed", startTime: "2026-11-20T10:00:00.000Z", endTime: "2026-11-20T10:10:00.000Z", config: { "lockstep:services": { value: JSON.stringify(services(current)), objectValue: services(current), secret: false } } },
                { version: 41, kind: "update", result: "succeeded", startTime: "2026-11-19T10:00:00.000Z", endTime: "2026-11-19T10:05:00.000Z", config: { "lockstep:services": { value: JSON.stringify(services(oldDigest)), objectValue: services(oldDigest), secret: false } } },
            ];
        });
        const result = await run(["rollback", "--stack", "prod", "--service", "payments-api"]);
        assert.strictEqual(result.status, 0, result.stderr + result.stdout);
        assert.match(result.stdout, /^rollback plan: restore update 41 \(2026-11-19T10:05:00.000Z\): lockstep:services\[0\]\.version sha256:9e8e.* -> sha256:1111/);
        assert.match(result.stdout, /\(\d+\.\d s in total\)/, "the rollback reports its duration (timed against a real cluster in the cluster tier)");
        assert.match(stackFile("prod"), /^# prod: more replicas/);
        assert.match(stackFile("prod"), new RegExp(`version: "${oldDigest}" # 1\\.8\\.2`));
        assert.match(stackFile("prod"), /# 2\.3\.1\n/);
        const upMessage = fake.state().stacks.prod.history[0] as { message: string; result: string };
        assert.deepStrictEqual([upMessage.result, upMessage.message.startsWith("lockstep rollback: restore update 41")], ["succeeded", true]);
        const [restored] = await records("prod", "payments-api");
        assert.deepStrictEqual([restored.event, restored.version, restored.result, restored.smoke.passed], ["rollback", oldDigest, "succeeded", true], "the rollback is recorded with the version it restored");
    });

    it("refuses a rollback whose preview replaces the namespace, exit 1 with the reason, stack file untouched", async () => {
        fake.setState((s) => (s.stacks.dev.previewChanges = [{ op: "replace", type: "kubernetes:core/v1:Namespace", urn: "urn:pulumi:dev::lockstep::kubernetes:core/v1:Namespace::namespace" }]));
        const before = stackFile("dev");
        const result = await run(["rollback", "--stack", "dev", "--service", "checkout"]);
        assert.strictEqual(result.status, 1);
        assert.match(result.stdout, /FAILED: rollback refused: it would replace kubernetes:core\/v1:Namespace \(namespace\), outside the app layer: re-run with --force/);
        assert.strictEqual(stackFile("dev"), before);
        assert.ok(!fake.invocations().some((c) => c[0] === "up"));
    });

    it("promote --stack and smoke --stack record what they did; promote --from accepts a flip that passed its smoke tests and refuses one that failed", async () => {
        const flipped = await run(["promote", "--stack", "dev", "--service", "checkout", "--version", "2.5.0"]);
        assert.strictEqual(flipped.status, 0, flipped.stderr);
        assert.match(flipped.stderr, /^lockstep: recorded .*\/\.lockstep\/records\/releases\/checkout\/dev\/\d{8}T\d{9}Z-flip-[0-9a-f]{12}\.json\n$/);
        const [flip] = await records("dev", "checkout");
        assert.deepStrictEqual([flip.event, flip.version, flip.result, flip.smoke.passed, flip.smoke.checks.length], ["flip", "2.5.0", "succeeded", true, 2]);
        const smoked = await run(["smoke", "--stack", "dev"]);
        assert.strictEqual(smoked.status, 0, smoked.stderr);
        assert.deepStrictEqual((await records("dev", "payments-api")).map((r) => [r.event, r.version, r.smoke.passed]), [["smoke", "1.9.0", true]]);
        const promoted = await run(["promote", "--from", "dev", "--to", "staging", "--service", "checkout"]);
        assert.strictEqual(promoted.status, 0, promoted.stderr + promoted.stdout);
        assert.match(stackFile("staging"), /versions: \{ blue: "2\.5\.0", green: "2\.4\.0" \}/);
        const unverified = await run(["promote", "--from", "dev", "--to", "staging", "--service", "payments-api"]);
        assert.strictEqual(unverified.status, 1, "a smoke test without a recorded deploy does not verify payments-api");

        server.failing.add("/checkout-preview");
        const failed = await run(["promote", "--stack", "dev", "--service", "checkout", "--version", "2.6.0"]);
        assert.strictEqual(failed.status, 1);
        const refused = await run(["promote", "--from", "dev", "--to", "prod", "--service", "checkout"]);
        assert.strictEqual(refused.status, 1);
        assert.match(refused.stdout, /: the newest flip of checkout in dev \(2\.6\.0, ended .*\) failed\n$/);
    });

    it("exits 2 on a rolling service for promote and an unknown service for rollback", async () => {
        const promote = await run(["promote", "--stack", "dev", "--service", "payments-api", "--version", "2.0.0"]);
        assert.deepStrictEqual([promote.status, promote.stderr], [2, "lockstep: --service payments-api: a rolling service in stacks/Pulumi.dev.yaml: set its version there and deploy; promote is for blue-green services\n"]);
        const latest = await run(["promote", "--stack", "dev", "--service", "checkout", "--version", "latest"]);
        assert.deepStrictEqual([latest.status, latest.stderr], [2, "lockstep: --version latest: a moving tag, which the kubernetes-deployment-pinned-image gate refuses: give the exact tag or digest, e.g. 2.5.0\n"]);
        const rollback = await run(["rollback", "--stack", "dev", "--service", "nope"]);
        assert.deepStrictEqual([rollback.status, rollback.stderr], [2, "lockstep: --service nope: not in stacks/Pulumi.dev.yaml lockstep:services: expected one of payments-api, checkout\n"]);
    });
});
