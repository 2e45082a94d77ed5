import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";
import { lockstepBin, runProcess } from "../cli/runLockstep";
import { fakePulumi, outputsOn, type FakePulumi } from "../fakePulumi";
import { startLoopbackServer, type LoopbackServer } from "../loopbackServer";

const repo = path.join(__dirname, "..", "..");
const runbook = fs.readFileSync(path.join(repo, "docs", "runbook.md"), "utf8");

/** The `sh` blocks of the runbook, each a list of command lines. */
export function shellBlocks(markdown: string): string[][] {
    return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1].split("\n").map((l) => l.trim()).filter(Boolean));
}

/** The prod history the rollback commands restore from: update 41 ran an older digest, 42 failed. */
function seedProdHistory(fake: FakePulumi) {
    const services = (version: string) => [{ name: "payments-api", version }, { name: "checkout", activeColor: "blue" }];
    const record = (version: number, result: string, day: number, image: string) => ({
        version, kind: "update", result, message: `deploy ${version}`,
        startTime: `2026-11-${day}T10:00:00.000Z`, endTime: `2026-11-${day}T10:05:00.000Z`,
        environment: { "git.head": "0123456789abcdef0123456789abcdef01234567" },
        config: { "lockstep:services": { value: JSON.stringify(services(image)), objectValue: services(image), secret: false } },
    });
    fake.setState((s) => {
        const current = (s.stacks.prod.config["lockstep:services"] as { version: string }[])[0].version;
        s.stacks.prod.history = [record(42, "failed", 20, current), record(41, "succeeded", 19, `sha256:${"1".repeat(64)}`)];
    });
}

describe("docs/runbook.md", () => {
    let server: LoopbackServer;
    let shimDir: string;
    before(async () => {
        server = await startLoopbackServer();
        shimDir = fs.mkdtempSync(path.join(require("os").tmpdir(), "lockstep-shim-"));
        fs.writeFileSync(path.join(shimDir, "lockstep"), `#!/bin/sh\nexec "${process.execPath}" "${lockstepBin}" "$@"\n`, { mode: 0o755 });
    });
    after(async () => {
        await server.close();
        fs.rmSync(shimDir, { recursive: true, force: true });
    });

    const blocks = shellBlocks(runbook);

    it("has only lockstep, pulumi and gh commands in its sh blocks, so each one is run or checked below", () => {
        assert.ok(blocks.length >= 6);
        for (const line of blocks.flat()) assert.match(line, /^(lockstep|pulumi|gh workflow run) /, line);
    });

    blocks.forEach((block, i) => {
        const runnable = block.filter((l) => !l.startsWith("gh "));
        if (runnable.length === 0) return;
        it(`block ${i + 1} runs against the fake pulumi CLI: ${runnable.join(" && ")}`, async () => {
            const fake = fakePulumi(outputsOn(server.base));
            try {
                seedProdHistory(fake);
                for (const line of runnable) {
                    const run = await runProcess("bash", ["-c", line], {
                        cwd: fake.projectDir,
                        env: { ...fake.env, PATH: `${shimDir}${path.delimiter}${fake.env.PATH}` },
                    });
                    if (process.env.LOCKSTEP_SHOW_RUNBOOK) process.stdout.write(`$ ${line}\n${run.stdout}${run.stderr}`);
                    assert.strictEqual(run.status, 0, `${line}\n${run.stdout}${run.stderr}`);
                }
            } finally {
                fake.remove();
            }
        });
    });

    it("starts the rollback workflow only with inputs it declares", () => {
        const workflows = path.join(repo, ".github", "workflows");
        const starts = blocks.flat().filter((l) => l.startsWith("gh workflow run "));
        assert.ok(starts.length > 0);
        for (const line of starts) {
            const [, file] = /^gh workflow run (\S+)/.exec(line)!;
            const inputs = (parse(fs.readFileSync(path.join(workflows, file), "utf8")).on.workflow_dispatch.inputs ?? {}) as Record<string, unknown>;
            for (const [, name] of line.matchAll(/-f (\w+)=/g)) assert.ok(name in inputs, `${file} has no input ${name}`);
        }
    });
});
