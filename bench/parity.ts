// Benchmark of `lockstep parity` on deployed state: three environments (prod, staging, dev) of 100,
// 1,000 and 10,000 resources each, as `pulumi stack export` files, end to end (read, parse, flatten,
// compare, classify, report), next to JSON.parse alone on the same files in the same run.
// Usage: npm run bench:parity   (figures go to README.md between the bench-parity markers by hand)
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runParity } from "../app/parity";
import { median } from "./benchReport";

const sizes = process.env.SIZES ? process.env.SIZES.split(",").map(Number) : [100, 1000, 10000];
const runs = 5;
const stacks = ["prod", "staging", "dev"];
const sig = "4dabf18193072939515e22adb298388d";

/** A Deployment-shaped resource; one in fifty differs per environment, as real drift would. */
function resource(i: number, stack: string) {
    const drift = stack !== "prod" && i % 50 === 0;
    return {
        urn: `urn:pulumi:${stack}::bench::kubernetes:apps/v1:Deployment::svc-${i}`,
        custom: true,
        id: `${stack}/svc-${i}`,
        type: "kubernetes:apps/v1:Deployment",
        inputs: {
            apiVersion: "apps/v1",
            kind: "Deployment",
            metadata: { name: `svc-${i}-${stack}`, namespace: `team-${stack}`, labels: { app: `svc-${i}`, tier: "backend" } },
            spec: {
                replicas: drift ? 1 : 3,
                selector: { matchLabels: { app: `svc-${i}` } },
                template: {
                    metadata: { labels: { app: `svc-${i}` } },
                    spec: {
                        containers: [
                            {
                                name: "app",
                                image: `ghcr.io/acme/svc-${i}:1.${drift ? 3 : 2}.0`,
                                ports: [{ name: "http", containerPort: 8080 }],
                                env: [
                                    { name: "LOG_FORMAT", value: "json" },
                                    { name: "ENVIRONMENT", value: stack },
                                    { name: "API_KEY", value: { [sig]: "1b47061264138c4ac30d75fd1eb44270", ciphertext: `v1:${stack}:${i}:c2VjcmV0` } },
                                ],
                                resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { cpu: "500m", memory: "256Mi" } },
                                readinessProbe: { httpGet: { path: "/healthz", port: "http" }, periodSeconds: 5 },
                            },
                        ],
                        tolerations: [{ key: "dedicated", operator: "Equal", value: "apps", effect: "NoSchedule" }],
                    },
                },
            },
        },
        outputs: { status: { readyReplicas: 3 } },
        parent: `urn:pulumi:${stack}::bench::pulumi:pulumi:Stack::bench-${stack}`,
        provider: `urn:pulumi:${stack}::bench::pulumi:providers:kubernetes::default::id`,
    };
}

async function main() {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "bench-parity-"));
    const rows: string[] = [];
    for (const size of sizes) {
        const dir = path.join(root, String(size));
        fs.mkdirSync(dir);
        let bytes = 0;
        for (const stack of stacks) {
            const text = JSON.stringify({ version: 3, deployment: { manifest: { time: "2026-11-22T00:00:00Z", magic: "", version: "v3.200.0" }, resources: Array.from({ length: size }, (_, i) => resource(i, stack)) } });
            fs.writeFileSync(path.join(dir, `${stack}.json`), text);
            bytes += text.length;
        }
        const parseTimes: number[] = [];
        const endToEnd: number[] = [];
        let summary = "";
        for (let run = 0; run < runs; run++) {
            let t = process.hrtime.bigint();
            for (const stack of stacks) JSON.parse(fs.readFileSync(path.join(dir, `${stack}.json`), "utf8"));
            parseTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
            t = process.hrtime.bigint();
            const result = await runParity({ dir, sources: ["state"], stateDir: dir, format: "json", threshold: 0, maxUnexplained: 1e9 });
            endToEnd.push(Number(process.hrtime.bigint() - t) / 1e6);
            summary = result.report.environments.map((e) => `${e.stack} ${e.parityPercent.toFixed(1)}%`).join(", ");
        }
        // Peak memory of one run on its own, in a fresh process (this one also holds the generator's data).
        const child = `const { runParity } = require(${JSON.stringify(path.join(__dirname, "..", "app", "parity"))});
runParity({ dir: ${JSON.stringify(dir)}, sources: ["state"], stateDir: ${JSON.stringify(dir)}, format: "json", threshold: 0, maxUnexplained: 1e9 })
  .then(() => process.stdout.write(String(process.resourceUsage().maxRSS)));`;
        const maxRss = Number(execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", child], { cwd: path.join(__dirname, ".."), encoding: "utf8" })) / 1024;
        const p = median(parseTimes);
        const e = median(endToEnd);
        rows.push(`| ${size.toLocaleString("en")} | ${(bytes / 1e6).toFixed(1)} MB | ${p.toFixed(0)} ms | ${e.toFixed(0)} ms | ${(e / p).toFixed(1)}× | ${maxRss.toFixed(0)} MB |`);
        process.stderr.write(`${size}: parse ${p.toFixed(0)} ms, parity ${e.toFixed(0)} ms (${summary})\n`);
    }
    if (!process.env.KEEP) fs.rmSync(root, { recursive: true, force: true }); else process.stderr.write(root + "\n");
    process.stdout.write(
        `Node ${process.version}, ${os.cpus()[0]?.model ?? "unknown CPU"}, ${os.cpus().length} CPUs; medians of ${runs} runs; three environments per size.\n\n` +
            `| resources per environment | export size (3 files) | JSON.parse alone | lockstep parity end to end | ratio | peak RSS (one run, own process) |\n|---|---|---|---|---|---|\n${rows.join("\n")}\n`,
    );
}

main().catch((err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exitCode = 2;
});
