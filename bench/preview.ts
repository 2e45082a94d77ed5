// Policy evaluation throughput through the offline analyzer host (render excluded) and pack start-up.
// Resources are the rendered prod stack, copied under new names until the stack has N of them.
// Usage: npm run bench:preview [-- --runs 5 --no-readme]
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { analyzerResources } from "../analyzer/analyzerResources";
import { PackSession, packWorkersFor } from "../analyzer/packSession";
import type { RecordedResource } from "../render/recordingMonitor";
import { renderStack } from "../render/renderStack";
import { validateLockstepConfig } from "../render/validateLockstepConfig";

const repository = path.resolve(__dirname, "..");
const pack = path.join(repository, "policies");
const sizes = [100, 1_000, 5_000];
/** Resources evaluated before the measured runs, in whole runs (at least one after the first). */
const warmUpResources = 5_000;
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const approvals = { "deployment-change-approval": { properties: { approvers: ["bob", "carol"], author: "alice" } } };

const median = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * Copies of every non-root resource, renamed (URN, name, references) so each copy is distinct, and each
 * copy in its own namespace with its own bucket, as a big stack of many teams' services would be
 * (copies sharing labels in one namespace would make every Service select every copy's pods).
 */
function scaled(resources: RecordedResource[], size: number, distinct: string[]): RecordedResource[] {
    const [root, ...rest] = resources;
    const pattern = new RegExp(distinct.map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    const relabel = (value: Record<string, unknown>, copy: number) =>
        JSON.parse(JSON.stringify(value).replace(pattern, (m) => `${m}-${copy}`)) as Record<string, unknown>;
    const out: RecordedResource[] = [root];
    for (let copy = 0; out.length < size; copy++) {
        for (const r of rest) {
            if (out.length >= size) break;
            const rename = (urn: string) => (urn === root.urn || urn.includes("pulumi:providers:") ? urn : `${urn}-${copy}`);
            out.push({
                ...r,
                urn: rename(r.urn),
                name: `${r.name}-${copy}`,
                inputs: relabel(r.inputs, copy),
                outputs: relabel(r.outputs, copy),
                parent: r.parent && rename(r.parent),
                dependencies: r.dependencies.map(rename),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map(rename)])),
            });
        }
    }
    return out;
}

async function main() {
    const rendered = await renderStack({ projectDir: repository, stack: "prod", validate: validateLockstepConfig });

    const open = (workers: number) => PackSession.open({ directory: pack, project: rendered.project, stack: "prod", workers });
    const startups = new Map<number, number[]>([[1, []], [2, []]]);
    for (let i = 0; i < runs; i++) {
        for (const [workers, times] of startups) {
            const started = process.hrtime.bigint();
            const session = await open(workers);
            times.push(Number(process.hrtime.bigint() - started) / 1e6);
            await session.close();
        }
    }

    // As lockstep preview does: a session per stack, with the number of pack processes it would start;
    // where that is one, also with two (--pack-workers 2), to show what the default gives up.
    const cases = sizes.flatMap((size) => (packWorkersFor(size) === 1 ? [{ size, workers: 1 }, { size, workers: 2, forced: true }] : [{ size, workers: packWorkersFor(size) }]));
    const rows: Array<{ size: number; workers: number; forced?: boolean; coldMs: number; ms: number; perSecond: number }> = [];
    for (const { size, workers, forced } of cases) {
        const resources = scaled(rendered.resources, size, [String(rendered.outputs.namespace), String(rendered.outputs.releaseBucket)]);
        const inputs = analyzerResources(resources, "inputs");
        const outputs = analyzerResources(resources, "outputs");
        const session = await open(workers);
        try {
            await session.configure(approvals);
            // The first run is what a one-off preview of a stack this size costs (freshly started packs,
            // their code not yet optimized by V8); then warm-up, as in any longer run.
            const coldStarted = process.hrtime.bigint();
            await session.analyze(inputs, outputs);
            const coldMs = Number(process.hrtime.bigint() - coldStarted) / 1e6;
            for (let warmed = size; warmed < warmUpResources; warmed += size) await session.analyze(inputs, outputs);
            const times: number[] = [];
            for (let i = 0; i < runs; i++) {
                const started = process.hrtime.bigint();
                await session.analyze(inputs, outputs);
                times.push(Number(process.hrtime.bigint() - started) / 1e6);
            }
            const ms = median(times);
            rows.push({ size, workers, forced, coldMs, ms, perSecond: (size / ms) * 1000 });
            process.stderr.write(`${size} resources, ${workers} pack process(es): median ${ms.toFixed(0)} ms\n`);
        } finally {
            await session.close();
        }
    }

    const startup = (workers: number) => median(startups.get(workers)!);
    const table = [
        "### `npm run bench:preview`",
        "",
        `Measured ${new Date().toISOString().slice(0, 10)} on this machine (Node ${process.version}, ${os.cpus().length} cores, load average ` +
            `${os.loadavg()[0].toFixed(1)} at the end), medians of ${runs} runs: the compiled \`policies/\` pack over copies of the rendered`,
        "prod stack, Analyze per resource (Remediate is skipped: no policy remediates) and one AnalyzeStack through the offline",
        "analyzer host, render excluded, each size in a fresh session with as many pack processes as `lockstep preview` would",
        "start for it (100 also with two). The first run is on freshly started packs, as a one-off preview is; the measured runs follow warm-up",
        "runs of 5,000 resources in all. Start-up is process start to GetAnalyzerInfo answered (for two processes, both).",
        "",
        "| Resources | Pack processes | First run, cold (ms) | Evaluation, warm (ms) | Resources/s, warm | Goal |",
        "| ---: | ---: | ---: | ---: | ---: | --- |",
        ...rows.map(
            (r) =>
                `| ${r.size.toLocaleString("en")} | ${r.workers}${r.forced ? " (`--pack-workers 2`)" : ""} | ${r.coldMs.toFixed(0)} (${Math.round((r.size / r.coldMs) * 1000).toLocaleString("en")}/s) | ${r.ms.toFixed(0)} | ` +
                `${Math.round(r.perSecond).toLocaleString("en")} | ≥ 2,000/s ${r.perSecond >= 2000 ? "✅" : "❌"} |`,
        ),
        ...[1, 2].map((w) => `| pack start-up | ${w} | | ${startup(w).toFixed(0)} | | < 1,500 ms ${startup(w) < 1500 ? "✅" : "❌"} |`),
        "",
        "Where the time goes, per resource (CPU, 5,000 resources, steady state): the host writes each request in protobuf",
        "wire format itself (analyzer/analyzerRequests.ts) and sends it on a plain HTTP/2 gRPC stream",
        "(analyzer/grpcUnaryChannel.ts), about 0.1 ms; before, google-protobuf's Struct and grpc-js took 0.8 ms. The pack",
        "spends about 0.3 ms in Analyze and 0.27 ms in AnalyzeStack: @pulumi/policy decodes the properties again for every",
        "policy that applies (each of the six stack policies decodes the whole stack), which a pack cannot change. One pack",
        "process therefore tops out near 1,700 resources/s, so from 1,000 resources on lockstep runs two and sends",
        "AnalyzeStack to one while the other analyzes. At 100 resources one process does it all, at 0.5 to 0.7 ms of its CPU",
        "per resource (more when it collects garbage), which caps that row at about 1,400 to 2,000/s: it misses the goal, or",
        "passes narrowly on a quiet machine. Two processes make the warm runs about a third faster there, but the second",
        "start-up (100 to 250 ms more) costs more than a one-off preview of 100 resources gains, so below 1,000 resources",
        "lockstep starts one. A first run is slower everywhere, since the packs' code is not yet optimized by V8: that is",
        "the figure a one-off preview of a stack that size sees.",
    ].join("\n");
    process.stdout.write(table + "\n");
    if (!process.argv.includes("--no-readme")) {
        const readme = path.join(repository, "README.md");
        const text = fs.readFileSync(readme, "utf8");
        const start = "<!-- bench-preview:start -->";
        const end = "<!-- bench-preview:end -->";
        const from = text.indexOf(start);
        const to = text.indexOf(end);
        if (from < 0 || to < from) throw new Error(`README.md: markers ${start} / ${end} not found`);
        fs.writeFileSync(readme, text.slice(0, from + start.length) + "\n" + table + "\n" + text.slice(to));
    }
}

main().catch((err) => {
    process.stderr.write(`bench:preview: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
});
