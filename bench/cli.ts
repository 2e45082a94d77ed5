// Benchmark of the CLI's start-up and its everyday commands, each end to end as a user runs them (a fresh
// `node bin/lockstep.js` process, compiled JavaScript from dist/), beside bare `node -e 0` in the same run.
// Goals (issue "the house"): --help within 150 ms of bare node, a config-only parity within 400 ms,
// `lockstep check` of the three stacks under 5 s.
// Usage: npm run bench:cli   (RUNS=n to change the sample count; WRITE=1 writes the table into README.md)
import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { median, writeReadmeSection } from "./benchReport";

const root = path.resolve(__dirname, "..");
const runs = Number(process.env.RUNS ?? 7);
const lockstep = path.join(root, "bin", "lockstep.js");
const history = path.join(root, "test", "fixtures", "history", "mixed.json");

const cases: { name: string; args: string[]; goal?: (ms: number, bare: number) => string }[] = [
    { name: "`node -e 0` (bare node)", args: ["-e", "0"] },
    { name: "`lockstep --help`", args: [lockstep, "--help"], goal: (ms, bare) => `within 150 ms of bare node: ${ms - bare <= 150 ? "met" : "missed"} (+${(ms - bare).toFixed(0)} ms)` },
    { name: "`lockstep parity --source config`", args: [lockstep, "parity", "--source", "config"], goal: (ms) => `under 400 ms: ${ms < 400 ? "met" : "missed"}` },
    { name: "`lockstep metrics --stack prod --history F`", args: [lockstep, "metrics", "--stack", "prod", "--history", history] },
    { name: "`lockstep check` (3 stacks)", args: [lockstep, "check"], goal: (ms) => `under 5 s: ${ms < 5000 ? "met" : "missed"}` },
];

function time(args: string[]): number {
    const started = process.hrtime.bigint();
    const run = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8" });
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    // check exits 1 when a gate fails; anything else (2, a signal) means the benchmark measured an error.
    if (run.status !== 0 && run.status !== 1) throw new Error(`${args.slice(1).join(" ")}: exit ${run.status}\n${run.stderr}`);
    return ms;
}

function main() {
    const medians = new Map<string, number>();
    for (const c of cases) time(c.args); // warm the file cache once
    // Interleaved, so load on the machine falls on every case alike.
    const samples = new Map(cases.map((c) => [c.name, [] as number[]]));
    for (let run = 0; run < runs; run++) for (const c of cases) samples.get(c.name)!.push(time(c.args));
    for (const c of cases) medians.set(c.name, median(samples.get(c.name)!));
    const bare = medians.get(cases[0].name)!;
    const rows = cases.map((c) => {
        const ms = medians.get(c.name)!;
        return `| ${c.name} | ${ms.toFixed(0)} ms | ${(ms / bare).toFixed(1)}× | ${c.goal ? c.goal(ms, bare) : ""} |`;
    });
    const table =
        `Node ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} CPUs; medians of ${runs} interleaved runs, each a fresh process.\n\n` +
        `| command | median | × bare node | goal |\n|---|---|---|---|\n${rows.join("\n")}`;
    process.stdout.write(table + "\n");
    if (process.env.WRITE) writeReadmeSection("cli", table);
}

main();
