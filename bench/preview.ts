// Policy evaluation throughput through the offline analyzer host (render excluded) with one pack process
// and with two, and pack start-up; then `lockstep preview` end to end both ways, and how the pack's
// google-protobuf decodes nested against flat properties. Resources are the rendered prod stack, copied
// under new names until the stack has N of them.
// Usage: npm run bench:preview [-- --runs 5 --no-readme]
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import { createRequire } from "module";
import * as os from "os";
import * as path from "path";
import { analyzerResources } from "../analyzer/analyzerResources";
import { PackSession, packWorkersFor } from "../analyzer/packSession";
import { renderStack } from "../render/renderStack";
import { validateLockstepConfig } from "../render/validateLockstepConfig";
import { median, writeReadmeSection } from "./benchReport";
import { scaled } from "./scaledStack";

const repository = path.resolve(__dirname, "..");
const pack = path.join(repository, "policies");
const sizes = [100, 1_000, 5_000];
/** Resources evaluated before the measured runs, in whole runs (at least one after the first). */
const warmUpResources = 5_000;
const runsArg = process.argv.indexOf("--runs");
const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5;
const approvals = { "deployment-change-approval": { properties: { approvers: ["bob", "carol"], author: "alice" } } };

interface Row {
    size: number;
    workers: number;
    /** The number of processes `lockstep preview` starts for this size. */
    isDefault: boolean;
    coldMs: number;
    ms: number;
    perSecond: number;
    hostCpuPerResource: number;
    /** Undefined where /proc cannot be read (not Linux). */
    packCpuPerResource?: number;
}

const clockTicksPerSecond = (() => {
    try {
        return Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
    } catch {
        return 100;
    }
})();

/** CPU time (user + system) the pack processes have used so far, from /proc; undefined off Linux. */
function packCpuMs(pids: number[]): number | undefined {
    try {
        let ticks = 0;
        for (const pid of pids) {
            // Fields after the command name (which may hold spaces): state is 3rd, utime 14th, stime 15th.
            const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
            ticks += Number(fields[11]) + Number(fields[12]);
        }
        return (ticks * 1000) / clockTicksPerSecond;
    } catch {
        return undefined;
    }
}


/**
 * How long the pack's google-protobuf takes to decode a Struct (as it does every request's properties)
 * of a flat object against a nested one of about the same size: microseconds per decode, medians.
 */
function structDecodeByShape(): { flat: { bytes: number; us: number }; nested: { bytes: number; us: number }; depth: number } {
    const { Struct } = createRequire(require.resolve("@pulumi/policy/package.json", { paths: [pack] }))("google-protobuf/google/protobuf/struct_pb.js");
    const leaves = (prefix: string, count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}${i}`, `value-${i}`]));
    const depth = 20;
    let nested: Record<string, unknown> = leaves("k", 10);
    for (let level = 0; level < depth; level++) nested = { ...leaves("k", 10), child: nested };
    const flat = leaves("k", 10 * (depth + 1));
    const time = (value: Record<string, unknown>) => {
        const bytes: Uint8Array = Struct.fromJavaScript(value).serializeBinary();
        const samples: number[] = [];
        for (let sample = 0; sample < 7; sample++) {
            const started = process.hrtime.bigint();
            for (let i = 0; i < 500; i++) Struct.deserializeBinary(bytes);
            samples.push(Number(process.hrtime.bigint() - started) / 1e3 / 500);
        }
        return { bytes: bytes.length, us: median(samples) };
    };
    return { flat: time(flat), nested: time(nested), depth };
}

/**
 * `lockstep preview --stack prod` end to end (process start to exit: module load, render, pack start,
 * evaluation) with one pack process and with two, interleaved: what the second process costs or
 * gains where lockstep starts one.
 */
function endToEnd(runCount: number, processCounts: number[]): Map<number, number[]> {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-bench-preview-"));
    const approvalsFile = path.join(directory, "approvals.json");
    fs.writeFileSync(approvalsFile, JSON.stringify({ "deployment-change-approval": approvals["deployment-change-approval"].properties }));
    const times = new Map<number, number[]>(processCounts.map((workers) => [workers, []]));
    try {
        for (let i = 0; i < runCount; i++) {
            for (const [workers, list] of times) {
                const args = ["bin/lockstep.js", "preview", "--stack", "prod", "--policy-pack-config", approvalsFile, "--pack-workers", String(workers)];
                const started = process.hrtime.bigint();
                const run = spawnSync(process.execPath, args, { cwd: repository, encoding: "utf8" });
                if (run.status !== 0) throw new Error(`lockstep preview --pack-workers ${workers} exited ${run.status}: ${run.stderr.trim()}`);
                list.push(Number(process.hrtime.bigint() - started) / 1e6);
            }
        }
    } finally {
        fs.rmSync(directory, { recursive: true, force: true });
    }
    return times;
}

async function main() {
    const rendered = await renderStack({ projectDir: repository, stack: "prod", validate: validateLockstepConfig });

    const processCounts = os.availableParallelism() >= 2 ? [1, 2] : [1];
    const startups = new Map<number, number[]>(processCounts.map((workers) => [workers, []]));
    /** A fresh session, configured; its start-up time is recorded. */
    const open = async (workers: number) => {
        const started = process.hrtime.bigint();
        const session = await PackSession.open({ directory: pack, project: rendered.project, stack: "prod", workers });
        startups.get(workers)?.push(Number(process.hrtime.bigint() - started) / 1e6);
        await session.configure(approvals);
        return session;
    };

    // Each size with one pack process and with two; the row lockstep preview picks for that size
    // (packWorkersFor) is marked as the default.
    const cases = sizes.flatMap((size) => processCounts.map((workers) => ({ size, workers, isDefault: workers === packWorkersFor(size) })));
    const rows: Row[] = [];
    for (const { size, workers, isDefault } of cases) {
        const resources = scaled(rendered.resources, size, [String(rendered.outputs.namespace), String(rendered.outputs.releaseBucket)]);
        const inputs = analyzerResources(resources, "inputs");
        const outputs = analyzerResources(resources, "outputs");
        // A first run is what a one-off preview of a stack this size costs: freshly started packs, their
        // code not yet optimized by V8. Each is in a fresh session; the last session goes on to warm up.
        const coldTimes: number[] = [];
        let session: PackSession | undefined;
        try {
            for (let i = 0; i < runs; i++) {
                await session?.close();
                session = await open(workers);
                const coldStarted = process.hrtime.bigint();
                await session.evaluate(inputs, outputs);
                coldTimes.push(Number(process.hrtime.bigint() - coldStarted) / 1e6);
            }
            if (!session) throw new Error("--runs must be at least 1");
            const coldMs = median(coldTimes);
            for (let warmed = size; warmed < warmUpResources; warmed += size) await session.evaluate(inputs, outputs);
            const times: number[] = [];
            const hostBefore = process.cpuUsage();
            const packsBefore = packCpuMs(session.pids);
            for (let i = 0; i < runs; i++) {
                const started = process.hrtime.bigint();
                await session.evaluate(inputs, outputs);
                times.push(Number(process.hrtime.bigint() - started) / 1e6);
            }
            const hostUsage = process.cpuUsage(hostBefore);
            const packsAfter = packCpuMs(session.pids);
            const evaluated = size * runs;
            const ms = median(times);
            rows.push({
                size,
                workers,
                isDefault,
                coldMs,
                ms,
                perSecond: (size / ms) * 1000,
                hostCpuPerResource: (hostUsage.user + hostUsage.system) / 1000 / evaluated,
                packCpuPerResource: packsBefore === undefined || packsAfter === undefined ? undefined : (packsAfter - packsBefore) / evaluated,
            });
            process.stderr.write(`${size} resources, ${workers} pack process(es): median ${ms.toFixed(0)} ms\n`);
        } finally {
            await session?.close();
        }
    }

    const endToEndTimes = endToEnd(runs, processCounts);
    const decoding = structDecodeByShape();
    const previewMs = (workers: number) => median(endToEndTimes.get(workers)!);
    const startup = (workers: number) => median(startups.get(workers)!);
    const hostCpu = rows.map((r) => r.hostCpuPerResource);
    const table = [
        "### `npm run bench:preview`",
        "",
        `Measured ${new Date().toISOString().slice(0, 10)} on this machine (Node ${process.version}, ${os.cpus().length} cores, load average ` +
            `${os.loadavg()[0].toFixed(1)} at the end), medians of ${runs} runs: the compiled \`policies/\` pack over copies of the rendered`,
        "prod stack, Analyze per resource (Remediate is skipped: no policy remediates) and one AnalyzeStack through the offline",
        "analyzer host, render excluded. Each size runs with one pack process and with two; **bold** marks the number",
        "`lockstep preview` starts for that size (`--pack-workers N` chooses). A first run is on freshly started packs, as a",
        "one-off preview is, each in a fresh session; the warm runs follow warm-up runs of 5,000 resources in all. CPU per",
        "resource is over the warm runs: the host is this process, the packs all their processes (from /proc). Start-up is",
        "process start to GetAnalyzerInfo answered (for two processes, both), over every session opened.",
        "",
        "| Resources | Pack processes | First run, cold (ms) | Evaluation, warm (ms) | Resources/s, warm | Host CPU/resource | Pack CPU/resource | Goal |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
        ...rows.map((r) => {
            const processes = r.isDefault ? `**${r.workers}**` : String(r.workers);
            const cold = `${r.coldMs.toFixed(0)} (${Math.round((r.size / r.coldMs) * 1000).toLocaleString("en")}/s)`;
            const packCpu = r.packCpuPerResource === undefined ? "n/a" : `${r.packCpuPerResource.toFixed(2)} ms`;
            return (
                `| ${r.size.toLocaleString("en")} | ${processes} | ${cold} | ${r.ms.toFixed(0)} | ${Math.round(r.perSecond).toLocaleString("en")} | ` +
                `${r.hostCpuPerResource.toFixed(2)} ms | ${packCpu} | ≥ 2,000/s ${r.perSecond >= 2000 ? "✅" : "❌"} |`
            );
        }),
        ...processCounts.map((w) => `| pack start-up | ${w} | | ${startup(w).toFixed(0)} | | | | < 1,500 ms ${startup(w) < 1500 ? "✅" : "❌"} |`),
        "",
        `\`lockstep preview --stack prod\` end to end (${rendered.resources.length} resources: module load, render, pack start, evaluation), interleaved:`,
        processCounts.map((w) => `${previewMs(w).toFixed(0)} ms with ${w === 1 ? "one pack process" : "two"}`).join(", ") + ".",
        "",
        "Where the time goes. The host writes each request in protobuf wire format itself (analyzer/analyzerRequests.ts)",
        "and sends it on a plain HTTP/2 gRPC stream (analyzer/grpcUnaryChannel.ts), where google-protobuf's Struct and",
        `grpc-js had cost 0.8 ms per resource: its CPU per resource (${Math.min(...hostCpu).toFixed(2)} to ${Math.max(...hostCpu).toFixed(2)} ms above) would allow ` +
            `${Math.floor(1000 / Math.max(...hostCpu)).toLocaleString("en")}/s or more.`,
        "The rest is the pack's, inside @pulumi/policy, which a pack cannot change and still run unchanged under the CLI.",
        "Profiled over Analyze calls: about a quarter is google-protobuf decoding each",
        "request, which grows faster than the properties do (every nested message is re-serialized to arrays as it is set:",
        `a ${decoding.depth}-deep object of ${(decoding.nested.bytes / 1000).toFixed(1)} kB takes ${decoding.nested.us.toFixed(0)} µs, a flat one of ` +
            `${(decoding.flat.bytes / 1000).toFixed(1)} kB ${decoding.flat.us.toFixed(0)} µs; protocolbuffers/protobuf-javascript#39);`,
        "then decoding the properties again for every policy that applies (each of the six stack policies decodes the whole",
        "stack), the gRPC server, and garbage collection (about a fifth). google-protobuf 4.0.3 measured no faster. One pack",
        "process therefore stays under the goal on this machine at every size. From 1,000 resources lockstep starts two and",
        "sends AnalyzeStack to one while the other analyzes. Below that it starts one: at 100 resources a second process",
        "speeds the warm runs, but a one-off preview pays for its start-up while the stack renders (the end-to-end figures",
        "above). A first run is slower everywhere, since the packs' code is not yet optimized by V8.",
    ].join("\n");
    process.stdout.write(table + "\n");
    if (!process.argv.includes("--no-readme")) writeReadmeSection("preview", table);
}

main().catch((err) => {
    process.stderr.write(`bench:preview: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 2;
});
