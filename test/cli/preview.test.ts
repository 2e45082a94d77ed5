// The command itself, spawned: stdout, stderr and exit status.
import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { eventually, fixturePacks, packProcessIn, repositoryDir } from "../helpers/gatesFixture";
import { lockstepBin, runLockstep } from "./runLockstep";

const lockstep = (...args: string[]) => runLockstep(args, { cwd: repositoryDir });

describe("cli: lockstep preview", () => {
    let dir: string;
    before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-preview-"))));
    after(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("fails prod without approvals: exit 1 and the violation as the CLI prints it", async () => {
        const { status, stdout } = await lockstep("preview", "--stack", "prod");
        assert.strictEqual(status, 1, stdout);
        assert.ok(stdout.includes("        - [mandatory]  deployment-change-approval  (pulumi:pulumi:Stack: lockstep-prod)\n"), stdout);
        assert.ok(stdout.endsWith("prod: 34 resources, 1 mandatory and 0 advisory violations: failed\n"), stdout);
    });

    it("says why staging fails without approvals, and where the format is; the shipped example passes prod", async () => {
        const failed = await lockstep("preview", "--stack", "staging");
        assert.strictEqual(failed.status, 1, failed.stdout);
        assert.ok(failed.stderr.endsWith(
            "lockstep: deployment-change-approval failed because no approvals were given: pass --policy-pack-config with the change's approvers and author (format: docs/approvals.example.json)\n",
        ), failed.stderr);
        const passed = await lockstep("preview", "--stack", "prod", "--policy-pack-config", "docs/approvals.example.json");
        assert.strictEqual(passed.status, 0, passed.stdout + passed.stderr);
        assert.doesNotMatch(passed.stderr, /no approvals were given/);
    });

    it("prints a pack's start-up log once: in the one-line error, not also line by line", async () => {
        const { status, stdout, stderr } = await lockstep("preview", "--stack", "dev", "--policy-pack", path.join(fixturePacks, "exits-at-start"));
        assert.deepStrictEqual([status, stdout], [2, ""]);
        assert.match(stderr, /^lockstep: policy pack exits-at-start \(.*\) exited before printing its port \(exit code 3\); its log: cannot load policies: boom\n$/);
        assert.strictEqual(stderr.split("cannot load policies: boom").length - 1, 1, stderr);
    });

    it("passes prod with approvals and writes JUnit to --out", async () => {
        const approvals = path.join(dir, "approvals.json");
        fs.writeFileSync(approvals, JSON.stringify({ "deployment-change-approval": { approvers: ["bob", "carol"], author: "alice" } }));
        const out = path.join(dir, "prod.xml");
        const { status, stdout, stderr } = await lockstep("preview", "--stack", "prod", "--policy-pack-config", approvals, "--format", "junit", "--out", out);
        assert.deepStrictEqual([status, stdout], [0, ""], stderr);
        const xml = fs.readFileSync(out, "utf8");
        assert.match(xml, /<testsuite name="lockstep-gates@v0.1.0 \(prod\)" tests="17" failures="0">/);
    });

    it("exits 2 with one line for a pack that breaks the start-up protocol", async () => {
        const { status, stdout, stderr } = await lockstep("preview", "--stack", "dev", "--policy-pack", path.join(fixturePacks, "prints-before-port"));
        assert.deepStrictEqual([status, stdout], [2, ""]);
        assert.match(stderr, /^lockstep: policy pack prints-before-port \(.*\) printed "hello from pack" instead of its port as the first line of stdout\n$/);
    });

    it("exits 2 on a bad --format, naming the flag", async () => {
        const { status, stderr } = await lockstep("preview", "--stack", "dev", "--format", "html");
        assert.deepStrictEqual([status, stderr], [2, 'lockstep: --format: expected one of text, json, markdown, junit, got "html"\n']);
    });

    it("kills the pack on Ctrl-C (SIGINT) and exits 130", async () => {
        const pack = path.join(fixturePacks, "never-answers");
        const child = spawn(process.execPath, [lockstepBin, "preview", "--stack", "dev", "--policy-pack", pack], { cwd: repositoryDir, stdio: "ignore" });
        const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
        try {
            assert.ok(await eventually(() => packProcessIn(pack) !== undefined, 30_000), "the pack started");
            child.kill("SIGINT");
            assert.strictEqual(await exited, 130);
            assert.ok(await eventually(() => packProcessIn(pack) === undefined), `left behind: ${packProcessIn(pack)}`);
        } finally {
            child.kill("SIGKILL");
        }
    });
});
