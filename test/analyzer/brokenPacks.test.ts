// Packs that fail: the host fails closed (InputError, exit 2) with a clear message and leaves no process.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzerResources } from "../../analyzer/analyzerResources";
import { checkPackDirectory } from "../../analyzer/packProcess";
import { PackSession } from "../../analyzer/packSession";
import { previewStack } from "../../analyzer/previewStack";
import { InputError } from "../../project/inputError";
import type { RenderedStack } from "../../render/renderStack";
import { eventually, fixturePacks, fixtureProgram, packProcessIn, renderCase } from "../helpers/gatesFixture";

describe("analyzer: broken policy packs", () => {
    let rendered: RenderedStack;
    before(async () => {
        rendered = await renderCase("dev");
    });

    const cases = [
        { pack: "exits-at-start", error: /^policy pack exits-at-start \(.*\) exited before printing its port \(exit code 3\); its log: cannot load policies: boom$/ },
        { pack: "prints-before-port", error: /^policy pack prints-before-port \(.*\) printed "hello from pack" instead of its port as the first line of stdout/ },
        { pack: "never-answers", error: /^policy pack never-answers \(.*\) failed: handshake: no answer within 1000 ms$/ },
    ];
    for (const c of cases) {
        it(`${c.pack}: a clear error, exit 2, and no process left behind`, async () => {
            const directory = path.join(fixturePacks, c.pack);
            await assert.rejects(
                previewStack({ projectDir: fixtureProgram, stack: "dev", rendered, policyPacks: [directory], startTimeoutMs: 10_000, rpcTimeoutMs: 1000 }),
                (err: Error) => {
                    assert.ok(err instanceof InputError, `an InputError (exit 2), got ${err}`);
                    assert.match(err.message, c.error);
                    return true;
                },
            );
            assert.ok(await eventually(() => packProcessIn(directory) === undefined), `left behind: ${packProcessIn(directory)}`);
        });
    }

    for (const c of [
        { stack: "throws", error: /^policy pack fails-in-analyze \(.*\) failed: analyze: Error validating resource with policy 'fails-on-deployments' from policy pack 'fails-in-analyze@v1\.0\.0': Error: boom in the policy$/ },
        { stack: "hangs", error: /^policy pack fails-in-analyze \(.*\) failed: analyze: no answer within 1000 ms$/ },
        { stack: "exits", error: /^policy pack fails-in-analyze \(.*\) failed: analyze: the connection closed before the answer; the pack exited \(exit code 7\)$/ },
    ]) {
        it(`a pack that ${c.stack} while analyzing: a clear error, exit 2, and no process left behind`, async () => {
            const directory = path.join(fixturePacks, "fails-in-analyze");
            const session = await PackSession.open({ directory, project: "gates-fixture", stack: c.stack, rpcTimeoutMs: 1000 });
            await session.configure({});
            assert.ok(packProcessIn(directory), "the pack runs before it fails (so the check below can fail)");
            await assert.rejects(session.evaluate(analyzerResources(rendered.resources, "inputs"), analyzerResources(rendered.resources, "outputs")), (err: Error) => {
                assert.ok(err instanceof InputError, `an InputError (exit 2), got ${err}`);
                assert.match(err.message.split("\n")[0], c.error);
                return true;
            });
            assert.ok(await eventually(() => packProcessIn(directory) === undefined), `left behind: ${packProcessIn(directory)}`);
        });
    }

    it("times out a pack that never prints its port", async () => {
        const directory = path.join(fixturePacks, "levels");
        await assert.rejects(
            previewStack({ projectDir: fixtureProgram, stack: "dev", rendered, policyPacks: [directory], startTimeoutMs: 1 }),
            { message: /^policy pack levels \(.*\) printed no port within 1 ms/ },
        );
        assert.ok(await eventually(() => packProcessIn(directory) === undefined), `left behind: ${packProcessIn(directory)}`);
    });

    it("names a directory that is not a pack", async () => {
        await assert.rejects(
            previewStack({ projectDir: fixtureProgram, stack: "dev", rendered, policyPacks: [fixtureProgram] }),
            { message: /--policy-pack .*gates-program: no PulumiPolicy.yaml there: give the directory of a policy pack/ },
        );
    });

    it("refuses a TypeScript pack whose compiled output is missing or older than its sources", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-stale-pack-"));
        try {
            fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\n");
            fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "stale", version: "1.0.0", main: "bin/index.js" }));
            fs.writeFileSync(path.join(dir, "tsconfig.json"), "{}");
            fs.writeFileSync(path.join(dir, "index.ts"), "export {};\n");
            assert.throws(() => checkPackDirectory(dir), { message: `--policy-pack ${dir}: bin/index.js is missing: build the pack first (npm run build)` });
            fs.mkdirSync(path.join(dir, "bin"));
            fs.writeFileSync(path.join(dir, "bin/index.js"), "");
            const past = new Date(Date.now() - 60_000);
            fs.utimesSync(path.join(dir, "bin/index.js"), past, past);
            assert.throws(() => checkPackDirectory(dir), { message: `--policy-pack ${dir}: index.ts is newer than bin/index.js: rebuild the pack (npm run build)` });
            fs.utimesSync(path.join(dir, "index.ts"), new Date(past.getTime() - 60_000), new Date(past.getTime() - 60_000));
            assert.doesNotThrow(() => checkPackDirectory(dir));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
