// Packs that fail: the host fails closed (InputError, exit 2) with a clear message and leaves no process.
import * as assert from "assert";
import * as path from "path";
import { previewStack } from "../../analyzer/previewStack";
import { InputError } from "../../project/inputError";
import type { RenderedStack } from "../../render/renderStack";
import { eventually, fixturePacks, fixtureProgram, processMentioning, renderCase } from "../helpers/gatesFixture";

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
            assert.ok(await eventually(() => processMentioning(`127.0.0.1:0 ${directory}`) === undefined), `left behind: ${processMentioning(`127.0.0.1:0 ${directory}`)}`);
        });
    }

    it("times out a pack that never prints its port", async () => {
        const directory = path.join(fixturePacks, "levels");
        await assert.rejects(
            previewStack({ projectDir: fixtureProgram, stack: "dev", rendered, policyPacks: [directory], startTimeoutMs: 1 }),
            { message: /^policy pack levels \(.*\) printed no port within 1 ms/ },
        );
        assert.ok(await eventually(() => processMentioning(`127.0.0.1:0 ${directory}`) === undefined), `left behind: ${processMentioning(`127.0.0.1:0 ${directory}`)}`);
    });

    it("names a directory that is not a pack", async () => {
        await assert.rejects(
            previewStack({ projectDir: fixtureProgram, stack: "dev", rendered, policyPacks: [fixtureProgram] }),
            { message: /--policy-pack .*gates-program: no PulumiPolicy.yaml there: give the directory of a policy pack/ },
        );
    });
});
