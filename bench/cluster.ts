// Benchmark of delivery against the local control plane (npm run cluster:up), each step end to end through
// the real CLI as a user runs it: `pulumi up` of each stack from nothing, a rolling update (a new version of
// payments-api in prod), a blue-green `lockstep promote` (dev checkout) and a `lockstep rollback` of each.
// Medians of RUNS rounds (default 3), each round in a fresh project copy, backend and namespaces.
// Usage: npm run cluster:up && npm run bench:cluster   (WRITE=1 writes the table into README.md)
import * as os from "os";
import * as path from "path";
import { clusterProject, deliveryEnv, domainsOf, run, setVersion, type RunResult } from "../test/cluster/clusterProject";
import { startIngressStandIn } from "../test/cluster/ingressStandIn";
import { clusterRunning, removeNamespace } from "../test/cluster/kubeApi";
import { repoRoot, tempDir } from "../test/engine/realEngine";
import { median, writeReadmeSection } from "./benchReport";

const runs = Number(process.env.RUNS ?? 3);
const stacks = ["dev", "staging", "prod"];
const lockstepBin = path.join(repoRoot, "bin", "lockstep.js");
const pulumiBin = path.join(repoRoot, ".engine", "bin", "pulumi");

function ok(step: string, result: RunResult): number {
    if (result.status !== 0) throw new Error(`${step}: exit ${result.status}\n${(result.stdout + result.stderr).slice(-3000)}`);
    return result.ms / 1000;
}

async function round(): Promise<Record<string, number>> {
    for (const stack of stacks) await removeNamespace(`payments-${stack}`); // the previous round's
    const projectDir = clusterProject();
    const env = deliveryEnv(tempDir("bench-cluster-backend"));
    const ingress = await startIngressStandIn(domainsOf(projectDir));
    const pulumi = (stack: string, args: string[]) => run(pulumiBin, [...args, "--stack", stack, "--non-interactive"], { cwd: projectDir, env });
    const lockstep = (args: string[]) => run(process.execPath, [lockstepBin, ...args, "--dir", projectDir], { cwd: projectDir, env });
    const connectTo = ingress.connectTo(["checkout.dev.payments.example.com", "checkout-preview.dev.payments.example.com", "payments-api.payments.example.com", "checkout.payments.example.com"]);
    const times: Record<string, number> = {};
    try {
        for (const stack of stacks) {
            ok(`${stack}: stack init`, await pulumi(stack, ["stack", "init"]));
            times[`\`pulumi up\` of ${stack}, from nothing`] = ok(`${stack}: up`, await pulumi(stack, ["up", "--yes", "--skip-preview"]));
        }
        setVersion(projectDir, "prod", "payments-api", `sha256:${"7".repeat(64)}`);
        times["rolling update (prod payments-api, 3 replicas)"] = ok("prod: rolling update", await pulumi("prod", ["up", "--yes", "--skip-preview"]));
        times["`lockstep rollback` of it"] = ok("prod: rollback", await lockstep(["rollback", "--stack", "prod", "--service", "payments-api", ...connectTo]));
        times["`lockstep promote` (dev checkout, blue-green)"] = ok("dev: promote", await lockstep(["promote", "--stack", "dev", "--service", "checkout", "--version", "2.5.0", ...connectTo]));
        times["`lockstep rollback` of it (a selector flip)"] = ok("dev: rollback", await lockstep(["rollback", "--stack", "dev", "--service", "checkout", ...connectTo]));
    } finally {
        await ingress.stop();
    }
    return times;
}

async function main() {
    if (!clusterRunning()) throw new Error("no local cluster: run `npm run cluster:up` first");
    const samples = new Map<string, number[]>();
    for (let i = 0; i < runs; i++) {
        const times = await round();
        for (const [step, seconds] of Object.entries(times)) samples.set(step, [...(samples.get(step) ?? []), seconds]);
        process.stderr.write(`round ${i + 1}: ${Object.entries(times).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join("; ")}\n`);
    }
    const rows = [...samples].map(([step, values]) => {
        const m = median(values);
        const goal = /rollback/.test(step) ? `under 5 min: ${m < 300 ? "met" : "missed"}` : "";
        return `| ${step} | ${m.toFixed(1)} s | ${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)} s | ${goal} |`;
    });
    const table =
        `Node ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} CPUs; medians of ${runs} rounds, each step end to end through the real CLI against the local control plane (kwok nodes; a readiness probe passes 2 s after start; \`minReadySeconds\` 10).\n\n` +
        `| step | median | range | goal |\n|---|---|---|---|\n${rows.join("\n")}`;
    process.stdout.write(table + "\n");
    if (process.env.WRITE) writeReadmeSection("cluster", table);
}

main().catch((err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 2;
});
