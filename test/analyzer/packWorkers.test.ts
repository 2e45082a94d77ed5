// A big stack is spread over more than one process of a pack: the results must be the one-process
// results, remediation included, and no process may outlive the session.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzerResources } from "../../analyzer/analyzerResources";
import { PackSession, packWorkersFor } from "../../analyzer/packSession";
import type { PolicyConfigMap } from "../../analyzer/policyConfig";
import { previewStack } from "../../analyzer/previewStack";
import type { RenderedStack } from "../../render/renderStack";
import { runCli } from "../helpers/runCli";
import { eventually, fixturePacks, fixtureProgram, gatesPack, packProcessIn, renderCase, running } from "../helpers/gatesFixture";

async function diagnosticsWith(workers: number, directory: string, environment: string, rendered: RenderedStack, config: PolicyConfigMap) {
    const session = await PackSession.open({ directory, project: "gates-fixture", stack: environment, workers });
    try {
        assert.strictEqual(session.pids.length, workers);
        await session.configure(config);
        const diagnostics = await session.evaluate(analyzerResources(rendered.resources, "inputs"), analyzerResources(rendered.resources, "outputs"));
        return diagnostics.map((d) => `${d.enforcementLevel} ${d.policyName} ${d.urn} ${d.message}`).sort();
    } finally {
        await session.close();
    }
}

describe("analyzer: pack workers", () => {
    it("two processes report exactly what one does (our pack, a stack with many violations)", async () => {
        const rendered = await renderCase("prod", ["recreate-strategy", "latest-image", "no-pdb", "missing-tags", "wildcard-statement", "unprotected-bucket", "no-encryption"]);
        const one = await diagnosticsWith(1, gatesPack, "prod", rendered, {});
        const two = await diagnosticsWith(2, gatesPack, "prod", rendered, {});
        assert.ok(one.length >= 8, `expected violations, got ${one.length}`);
        assert.deepStrictEqual(two, one);
    });

    it("with a remediating policy, AnalyzeStack still sees the remediated resources", async () => {
        const rendered = await renderCase("dev", ["one-replica"]);
        const one = await diagnosticsWith(1, path.join(fixturePacks, "levels"), "dev", rendered, {});
        const two = await diagnosticsWith(2, path.join(fixturePacks, "levels"), "dev", rendered, {});
        assert.deepStrictEqual(two, one);
        assert.deepStrictEqual(two.filter((d) => d.includes("replicas")), []);
    });

    it("a process added while the session runs joins when ready; the results are still one process's", async () => {
        const rendered = await renderCase("prod", ["recreate-strategy", "latest-image", "no-pdb", "missing-tags"]);
        const one = await diagnosticsWith(1, gatesPack, "prod", rendered, {});
        const session = await PackSession.open({ directory: gatesPack, project: "gates-fixture", stack: "prod" });
        try {
            await session.configure({});
            session.addWorkers(2);
            assert.strictEqual(session.pids.length, 1, "the analysis does not wait for the second process to start");
            const diagnostics = await session.evaluate(analyzerResources(rendered.resources, "inputs"), analyzerResources(rendered.resources, "outputs"));
            assert.deepStrictEqual(diagnostics.map((d) => `${d.enforcementLevel} ${d.policyName} ${d.urn} ${d.message}`).sort(), one);
            assert.strictEqual(session.pids.length, 2, "it joined");
        } finally {
            await session.close();
        }
    });

    it("a process that joins after Configure was sent gets the same config (it runs AnalyzeStack here)", async () => {
        const rendered = await renderCase("prod", ["no-pdb"]);
        const session = await PackSession.open({ directory: gatesPack, project: "gates-fixture", stack: "prod" });
        try {
            session.addWorkers(2);
            await session.configure({ "kubernetes-deployment-disruption-budget": { enforcementLevel: "disabled" } });
            const diagnostics = await session.evaluate(analyzerResources(rendered.resources, "inputs"), analyzerResources(rendered.resources, "outputs"));
            assert.strictEqual(session.pids.length, 2, "it joined");
            assert.deepStrictEqual(diagnostics.filter((d) => d.policyName === "kubernetes-deployment-disruption-budget"), []);
        } finally {
            await session.close();
        }
    });

    it("a process that cannot join fails the evaluation (exit 2) and none is left behind", async () => {
        const directory = path.join(fixturePacks, "reports-start");
        const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-join-")), "pids");
        Object.assign(process.env, { PACK_START_MARKER: marker, PACK_START_ONCE: "1" });
        try {
            const rendered = await renderCase("dev");
            const session = await PackSession.open({ directory, project: "gates-fixture", stack: "dev" });
            const [first] = session.pids;
            await session.configure({});
            session.addWorkers(2);
            await assert.rejects(session.evaluate(analyzerResources(rendered.resources, "inputs"), analyzerResources(rendered.resources, "outputs")), {
                message: /^policy pack reports-start \(.*\) exited before printing its port \(exit code 3\); its log: .*this pack starts only once$/,
            });
            await session.close();
            assert.ok(await eventually(() => !running(first)), `left behind: ${first}`);
        } finally {
            delete process.env.PACK_START_MARKER;
            delete process.env.PACK_START_ONCE;
            fs.rmSync(path.dirname(marker), { recursive: true, force: true });
        }
    });

    it("leaves no process behind after close, nor when the pack fails", async () => {
        const session = await PackSession.open({ directory: gatesPack, project: "gates-fixture", stack: "dev", workers: 2 });
        const pids = session.pids;
        assert.ok(pids.every(running), "both workers run");
        await session.close();
        assert.ok(await eventually(() => !pids.some(running)), `left behind: ${pids.filter(running)}`);

        const directory = path.join(fixturePacks, "never-answers");
        const rendered = await renderCase("dev");
        await assert.rejects(
            previewStack({ projectDir: fixtureProgram, stack: "dev", rendered, policyPacks: [directory], packWorkers: 2, rpcTimeoutMs: 500 }),
            { message: /^policy pack never-answers \(.*\) failed: handshake: no answer within 500 ms$/ },
        );
        assert.ok(await eventually(() => packProcessIn(directory) === undefined), `left behind: ${packProcessIn(directory)}`);
    });

    it("fails, naming the call, when the worker running AnalyzeStack fails, and stops both processes", async () => {
        const directory = path.join(fixturePacks, "fails-in-analyze");
        const rendered = await renderCase("dev");
        const session = await PackSession.open({ directory, project: "gates-fixture", stack: "stack-throws", workers: 2 });
        const pids = session.pids;
        await session.configure({});
        await assert.rejects(session.evaluate(analyzerResources(rendered.resources, "inputs"), analyzerResources(rendered.resources, "outputs")), {
            message: /^policy pack fails-in-analyze \(.*\) failed: analyzeStack: Error validating resource with policy 'fails-on-the-stack' from policy pack 'fails-in-analyze@v1\.0\.0': Error: boom in the stack policy$/,
        });
        assert.ok(await eventually(() => !pids.some(running)), `left behind: ${pids.filter(running)}`);
    });

    it("uses a second process from 1,000 resources on, where there is a second core", () => {
        assert.strictEqual(packWorkersFor(34, 2), 1);
        assert.strictEqual(packWorkersFor(999, 16), 1);
        assert.strictEqual(packWorkersFor(1_000, 2), 2);
        assert.strictEqual(packWorkersFor(50_000, 16), 2);
        assert.strictEqual(packWorkersFor(5_000, 1), 1);
    });

    it("lockstep preview --pack-workers takes 1 to 8 and refuses anything else (exit 2)", async () => {
        for (const bad of ["0", "9", "two", "1.5"]) {
            const run = await runCli(["preview", "--stack", "dev", "--pack-workers", bad]);
            assert.strictEqual(run.status, 2, `${bad}: ${run.stderr}`);
            assert.strictEqual(run.stderr.trim(), `lockstep: --pack-workers: expected a whole number from 1 to 8, got "${bad}"`);
        }
    });
});
