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

    const rows: Array<{ size: number; workers: number; ms: number; perSecond: number }> = [];
    for (const size of sizes) {
        const resources = scaled(rendered.resources, size, [String(rendered.outputs.namespace), String(rendered.outputs.releaseBucket)]);
        const inputs = analyzerResources(resources, "inputs");
        const outputs = analyzerResources(resources, "outputs");
        // As lockstep preview does: the session is opened for this stack, with its number of workers.
        const workers = packWorkersFor(size);
        const session = await open(workers);
        try {
            await session.configure(approvals);
            await session.analyze(inputs, outputs); // warm-up
            const times: number[] = [];
            for (let i = 0; i < runs; i++) {
                const started = process.hrtime.bigint();
                await session.analyze(inputs, outputs);
                times.push(Number(process.hrtime.bigint() - started) / 1e6);
            }
            const ms = median(times);
            rows.push({ size, workers, ms, perSecond: (size / ms) * 1000 });
            process.stderr.write(`${size} resources, ${workers} pack process(es): median ${ms.toFixed(0)} ms\n`);
        } finally {
            await session.close();
        }
    }

    const startup = (workers: number) => median(startups.get(workers)!);
    const table = [
        `Measured ${new Date().toISOString().slice(0, 10)} on this machine (Node ${process.version}, ${os.cpus().length} cores, load average ` +
            `${os.loadavg()[0].toFixed(1)} at the end), medians of ${runs} runs: the compiled \`policies/\` pack over copies of the rendered`,
        "prod stack, Analyze per resource (Remediate is skipped: no policy remediates) and one AnalyzeStack through the offline",
        "analyzer host, render excluded. Start-up is process start to GetAnalyzerInfo answered.",
        "",
        "| Resources | Pack processes | Evaluation (ms) | Resources/s | Goal |",
        "| ---: | ---: | ---: | ---: | --- |",
        ...rows.map((r) => `| ${r.size.toLocaleString("en")} | ${r.workers} | ${r.ms.toFixed(0)} | ${Math.round(r.perSecond).toLocaleString("en")} | ≥ 2,000/s ${r.perSecond >= 2000 ? "✅" : "❌"} |`),
        ...[1, 2].map((w) => `| pack start-up | ${w} | ${startup(w).toFixed(0)} | | < 1,500 ms ${startup(w) < 1500 ? "✅" : "❌"} |`),
        "",
        "Where the time goes: evaluation is linear in the stack's size (the stack policies index Deployments, disruption",
        "budgets and bucket settings once per stack). What remains is per resource and split between the two processes:",
        "the host encodes each request into a protobuf Struct and sends it over gRPC (about 0.6 ms of CPU per resource),",
        "and the pack's @pulumi/policy decodes it again and runs every policy through its unknown-checking proxies. Going",
        "past about 1,100 resources/s on 2 cores would mean replacing google-protobuf's Struct encoding in the host and",
        "@pulumi/policy's decoding in the pack: not done.",
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
