import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { releaseId } from "../../delivery/release";
import { tempProject } from "../helpers/tempProject";
import { runLockstep } from "./runLockstep";

describe("lockstep release (spawned)", () => {
    let dir: string;
    beforeEach(() => (dir = tempProject()));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
    const run = (args: string[], env: Record<string, string> = {}) => runLockstep(args, { cwd: dir, env: { LOCKSTEP_RECORDS: "", ...env } });
    const git = (...args: string[]) => spawnSync("git", ["-c", "user.name=Test", "-c", "user.email=test@example.com", ...args], { cwd: dir, encoding: "utf8" });
    const devId = releaseId([{ name: "payments-api", version: "1.9.0" }, { name: "checkout", version: "2.4.0" }]);

    it("show prints the stack's release, as text and as JSON, with the commit that last changed the stack file", async () => {
        git("init", "--quiet");
        git("add", ".");
        git("commit", "--quiet", "-m", "stacks");
        const commit = git("rev-parse", "HEAD").stdout.trim();
        const text = await run(["release", "show", "--stack", "dev"]);
        assert.strictEqual(text.status, 0, text.stderr);
        assert.strictEqual(text.stdout.split("\n")[0], `release ${devId} of dev (stacks/Pulumi.dev.yaml, commit ${commit.slice(0, 12)})`);
        assert.match(text.stdout, /\n {2}checkout {6}2\.4\.0 {4}blue-green, live green; idle blue holds 2\.3\.1\n/);
        fs.appendFileSync(path.join(dir, "stacks", "Pulumi.dev.yaml"), "# edited\n");
        const json = JSON.parse((await run(["release", "show", "--stack", "dev", "--format", "json"])).stdout);
        assert.deepStrictEqual([json.schemaVersion, json.stack, json.id, json.commit, json.uncommitted], [1, "dev", devId, commit, true]);
        assert.deepStrictEqual(json.services.map((s: { name: string; version: string }) => `${s.name}=${s.version}`), ["payments-api=1.9.0", "checkout=2.4.0"]);
    });

    it("show outside a repository says no commit; an unknown stack is exit 2 naming the file", async () => {
        const show = await run(["release", "show", "--stack", "staging", "--format", "json", "--dir", dir], { GIT_CEILING_DIRECTORIES: path.dirname(dir) });
        assert.strictEqual(JSON.parse(show.stdout).commit, null);
        const unknown = await run(["release", "show", "--stack", "qa"]);
        assert.deepStrictEqual([unknown.status, unknown.stderr], [2, 'lockstep: stacks/Pulumi.qa.yaml: no such stack "qa": expected one of dev, prod, staging\n']);
        const action = await run(["release", "publish"]);
        assert.deepStrictEqual([action.status, action.stderr], [2, "lockstep: release publish: unknown action: expected show, record, records or policy-config\n"]);
    });
});
