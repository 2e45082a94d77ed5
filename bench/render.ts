// Benchmark of the offline render: environments of 10, 100 and 1,000 services, each rendered in a
// fresh process next to a bare `setMocks` registration of the very same resources (Pulumi's mock
// runtime alone, default settings). Reports medians of resources per second and peak RSS.
//
//   npm run bench:render [-- --runs 3 --sizes 10,100,1000]
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { median } from "./benchReport";

const repoRoot = path.resolve(__dirname, "..");

interface Sample {
    resources: number;
    seconds: number;
    maxRssMb: number;
}

/** A project with `services` rolling services (every other one exposed), one stack `bench`. */
function benchProject(services: number): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-bench-${services}-`));
    fs.mkdirSync(path.join(dir, "stacks"));
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    const program = fs.readFileSync(path.join(repoRoot, "index.ts"), "utf8");
    fs.writeFileSync(path.join(dir, "index.ts"), program.replace('"./components"', JSON.stringify(path.join(repoRoot, "components"))));
    const names = Array.from({ length: services }, (_, i) => `svc-${i}`);
    const catalog = names.map((name, i) => ({ name, image: `ghcr.io/acme/${name}`, expose: i % 2 === 0, env: { LOG_FORMAT: "json" } }));
    const releases = names.map((name) => ({ name, version: "1.0.0", replicas: 2 }));
    const project = fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8").replace(/  catalog:[\s\S]*$/, "");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${project}  catalog:\n    value: ${JSON.stringify(catalog)}\n`);
    fs.writeFileSync(
        path.join(dir, "stacks", "Pulumi.bench.yaml"),
        [
            "config:",
            "  lockstep:domain: bench.example.com",
            `  lockstep:cluster: {name: bench, oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/AB"}`,
            `  lockstep:services: ${JSON.stringify(releases)}`,
            "",
        ].join("\n"),
    );
    return dir;
}

/** Runs one measurement in a fresh process, so peak RSS belongs to that measurement alone. */
function child(args: string[]): string {
    return execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "renderChild.ts"), ...args], {
        cwd: repoRoot,
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
    });
}

function measure(mode: "render" | "bare", dir: string): Sample {
    const target = mode === "render" ? dir : path.join(dir, "resources.json");
    return JSON.parse(child([mode, target]).trim().split("\n").pop()!);
}


function main(): void {
    const args = process.argv.slice(2);
    const flag = (name: string, fallback: string) => {
        const at = args.indexOf(`--${name}`);
        return at >= 0 ? args[at + 1] : fallback;
    };
    const runs = Number(flag("runs", "3"));
    const sizes = flag("sizes", "10,100,1000").split(",").map(Number);
    const rows: string[] = [];
    for (const size of sizes) {
        const dir = benchProject(size);
        child(["learn", dir, path.join(dir, "resources.json")]);
        const samples: Record<"render" | "bare", Sample[]> = { render: [], bare: [] };
        for (let run = 0; run < runs; run++) {
            // Alternate the order so that neither side always runs on a warmer machine.
            const order: ("render" | "bare")[] = run % 2 ? ["bare", "render"] : ["render", "bare"];
            for (const mode of order) samples[mode].push(measure(mode, dir));
        }
        const summary = (mode: "render" | "bare") => {
            const s = samples[mode];
            const seconds = median(s.map((x) => x.seconds));
            return { resources: s[0].resources, seconds, perSecond: s[0].resources / seconds, rss: median(s.map((x) => x.maxRssMb)) };
        };
        const render = summary("render");
        const bare = summary("bare");
        rows.push(
            `| ${size} | ${render.resources} | ${render.seconds.toFixed(2)} s | ${Math.round(render.perSecond)} | ${Math.round(render.rss)} MB | ` +
                `${bare.seconds.toFixed(2)} s | ${Math.round(bare.perSecond)} | ${Math.round(bare.rss)} MB | ${(render.seconds / bare.seconds).toFixed(2)} |`,
        );
        fs.rmSync(dir, { recursive: true, force: true });
        process.stderr.write(`${size} services done\n`);
    }
    process.stdout.write(
        [
            `Render benchmark, ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, node ${process.version}, median of ${runs} runs each`,
            "",
            "| services | resources | render | render res/s | render peak RSS | bare setMocks | bare res/s | bare peak RSS | render ÷ bare |",
            "|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            ...rows,
            "",
        ].join("\n"),
    );
}

main();
