// The offline path against the real engine, side by side in one run (medians, ratios):
//  - `lockstep check` (three stacks rendered, gated and compared) against the real `pulumi preview
//    --policy-pack` of the three stacks (the program under the engine, the Kubernetes provider and the AWS
//    simulator; see test/engine/inlinePreview.ts), run one after the other as CI would;
//  - `lockstep preview` of a stack of 100, 1,000 and 5,000 resources (pack start included, render excluded)
//    against `pulumi policy analyze --file` of the same stack's export.
// Needs `npm run engine:build`. Usage: npm run bench:engine [-- --runs 3 --no-readme]
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { previewStack } from "../analyzer/previewStack";
import { exportDeployment } from "../render/exportDeployment";
import { renderStack } from "../render/renderStack";
import { validateLockstepConfig } from "../render/validateLockstepConfig";
import { engineEnv, gatesPack, packLauncher, pulumiBin, repoRoot, requireEngine, tempDir } from "../test/engine/realEngine";
import { approvalsFile } from "../test/engine/compare";
import { shippedStacks } from "../test/helpers/renderedStacks";
import { tempProject } from "../test/helpers/tempProject";
import { median, writeReadmeSection } from "./benchReport";
import { scaled } from "./scaledStack";

const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
const sizes = [100, 1_000, 5_000];
const node = path.join(repoRoot, "node_modules", ".bin", "node");


/** Wall time of a command in ms; fails the benchmark if it did not do its job. */
function timed(command: string, args: string[], options: { env?: NodeJS.ProcessEnv; cwd?: string; ok: (status: number) => boolean }): number {
    const started = process.hrtime.bigint();
    const run = spawnSync(command, args, { cwd: options.cwd ?? repoRoot, env: options.env ?? process.env, encoding: "utf8", maxBuffer: 256 << 20 });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    if (run.error || !options.ok(run.status ?? -1)) throw new Error(`${path.basename(command)} ${args.join(" ")}: exit ${run.status}: ${run.stderr.slice(-2000)}`);
    return ms;
}

async function main() {
    requireEngine();
    const approvals = approvalsFile();

    // 1. lockstep check against pulumi preview of the three stacks, interleaved.
    const checkMs: number[] = [];
    const previewMs: number[] = [];
    for (let i = 0; i < runs; i++) {
        checkMs.push(timed(node, [path.join(repoRoot, "bin", "lockstep.js"), "check"], { ok: (s) => s === 0 }));
        const project = tempProject();
        let total = 0;
        for (const stack of shippedStacks) {
            const launcher = packLauncher(gatesPack, { project: "lockstep", stack });
            total += timed(node, ["-r", "ts-node/register/transpile-only", path.join(repoRoot, "test", "engine", "inlinePreview.ts"), project, stack, approvals, launcher], {
                env: engineEnv(tempDir("backend")),
                ok: (s) => s === 0,
            });
        }
        previewMs.push(total);
    }

    // 2. lockstep preview against pulumi policy analyze --file, on the same stack of each size.
    const rendered = await renderStack({ projectDir: repoRoot, stack: "prod", validate: validateLockstepConfig });
    const rows: Array<{ size: number; offlineMs: number; engineMs: number }> = [];
    for (const size of sizes) {
        const resources = scaled(rendered.resources, size, [String(rendered.outputs.namespace), String(rendered.outputs.releaseBucket)]);
        const stack = { ...rendered, resources };
        const file = path.join(tempDir("bench"), `prod-${size}.json`);
        fs.writeFileSync(file, JSON.stringify(exportDeployment(stack)));
        const launcher = packLauncher(gatesPack, { project: "lockstep", stack: "prod" });
        const offline: number[] = [];
        const engine: number[] = [];
        for (let i = 0; i < runs; i++) {
            const started = process.hrtime.bigint();
            await previewStack({ projectDir: repoRoot, stack: "prod", rendered: stack, policyConfig: { "deployment-change-approval": { properties: { approvers: ["bob", "carol"], author: "alice" } } } });
            offline.push(Number(process.hrtime.bigint() - started) / 1e6);
            // Exit 0 or 1 (a mandatory violation) both mean it judged the stack.
            engine.push(timed(pulumiBin, ["policy", "analyze", "--file", file, "--policy-pack", launcher, "--policy-pack-config", approvals, "--json"], {
                env: engineEnv(tempDir("backend")),
                cwd: path.dirname(file),
                ok: (s) => s === 0 || s === 1,
            }));
        }
        rows.push({ size, offlineMs: median(offline), engineMs: median(engine) });
    }

    const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
    const ratio = (engine: number, offline: number) => `${(engine / offline).toFixed(1)}×`;
    const table = [
        "### `npm run bench:engine`",
        "",
        `Engine benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.availableParallelism()} cores, node ${process.version}, ` +
            `pulumi ${spawnSync(pulumiBin, ["version"], { encoding: "utf8" }).stdout.trim()}, median of ${runs} runs each, interleaved`,
        "",
        "| what | lockstep (offline) | real engine | engine ÷ lockstep |",
        "|---|---:|---:|---:|",
        `| \`lockstep check\` vs \`pulumi preview --policy-pack\` of dev, staging and prod | ${s(median(checkMs))} | ${s(median(previewMs))} | ${ratio(median(previewMs), median(checkMs))} |`,
        ...rows.map((r) => `| \`lockstep preview\` vs \`pulumi policy analyze --file\`, ${r.size.toLocaleString("en")} resources | ${s(r.offlineMs)} | ${s(r.engineMs)} | ${ratio(r.engineMs, r.offlineMs)} |`),
        "",
        "`lockstep check` also compares parity; the engine column runs the program under the real CLI with the Kubernetes",
        "provider (no cluster) and the AWS simulator, one stack after another, as a CI job would. The preview rows start",
        "the pack in both columns and exclude the render (the engine reads the render's export).",
    ].join("\n");
    process.stdout.write(table + "\n");
    if (!process.argv.includes("--no-readme")) writeReadmeSection("engine", table);
}

main().catch((err) => {
    process.stderr.write(`bench:engine: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
});
