// The real Pulumi engine, as the engine tier drives it: the CLI that `npm run engine:build` put in
// .engine/bin, fully offline (the project's own PULUMI_HOME, a file backend per test, no plugin downloads,
// no ambient plugins), with the `node` of node_modules/.bin (Node 24) first on PATH.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "..", "..");
export const pulumiBin = path.join(repoRoot, ".engine", "bin", "pulumi");
export const gatesPack = path.join(repoRoot, "policies");

export interface Run {
    status: number;
    stdout: string;
    stderr: string;
}

/** Fails the run at once, with what to do, when the toolchain was not built. */
export function requireEngine(): void {
    if (!fs.existsSync(pulumiBin)) throw new Error(`${pulumiBin} is missing: run npm run engine:build first`);
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `lockstep-engine-${prefix}-`));
}

/** The environment every engine call gets; `backendDir` is the test's own file backend. */
export function engineEnv(backendDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
        ...process.env,
        PATH: `${path.join(repoRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_HOME: path.join(repoRoot, ".engine", "home"),
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: "lockstep-engine-tier",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        PULUMI_SKIP_CONFIRMATIONS: "true",
        NO_COLOR: "1",
        ...extra,
    };
    // The suite's own stack may not leak into what the engine or a pack sees.
    for (const key of ["PULUMI_NODEJS_STACK", "PULUMI_STACK", "PULUMI_NODEJS_PROJECT", "PULUMI_PROJECT", "PULUMI_CONFIG"]) {
        if (!(key in extra)) delete env[key];
    }
    return env;
}

export function pulumi(args: string[], options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Run {
    const result = spawnSync(pulumiBin, args, { cwd: options.cwd, env: options.env, encoding: "utf8", input: options.input, maxBuffer: 256 << 20 });
    if (result.error) throw result.error;
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** `lockstep <args>` as a user runs it, with Node 24 first on PATH. */
export function lockstep(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
    const env = options.env ?? engineEnv(tempDir("unused"));
    const node = path.join(repoRoot, "node_modules", ".bin", "node");
    const result = spawnSync(fs.existsSync(node) ? node : process.execPath, [path.join(repoRoot, "bin", "lockstep.js"), ...args], {
        cwd: options.cwd ?? repoRoot,
        env,
        encoding: "utf8",
        maxBuffer: 256 << 20,
    });
    if (result.error) throw result.error;
    return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** A Pulumi project directory with only a Pulumi.yaml, for commands that need one (stack init, import). */
export function bareProject(name = "lockstep"): string {
    const dir = tempDir("project");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `name: ${name}\nruntime: nodejs\n`);
    return dir;
}

export interface PackTarget {
    project: string;
    /** Undefined: no stack named, as `pulumi policy analyze` starts a pack. */
    stack?: string;
    /** The stack's config as the language host passes it (PULUMI_CONFIG), if any. */
    config?: Record<string, string>;
    dryRun?: boolean;
}

/**
 * The Go module proxy does not serve `pulumi-language-nodejs`, through which the CLI starts Node.js policy
 * packs given as directories. Since v3.27x the CLI also runs a pack given as an executable file, as a binary
 * analyzer (pkg/resource/plugin/analyzer_plugin.go): this writes one that starts the pack exactly as the
 * language host does (`run-policy-pack` in the pack's directory, the PULUMI_NODEJS_* variables and
 * PULUMI_CONFIG it sets), with the pack's PulumiPolicy.yaml beside it. What it does not prove: the language
 * host's own launch.
 */
export function packLauncher(packDir: string, target: PackTarget): string {
    const dir = tempDir("pack");
    fs.copyFileSync(path.join(packDir, "PulumiPolicy.yaml"), path.join(dir, "PulumiPolicy.yaml"));
    const vars: Record<string, string> = { PULUMI_NODEJS_PROJECT: target.project, PULUMI_NODEJS_DRY_RUN: String(target.dryRun ?? true) };
    if (target.stack !== undefined) vars.PULUMI_NODEJS_STACK = target.stack;
    if (target.config && Object.keys(target.config).length) vars.PULUMI_CONFIG = JSON.stringify(target.config);
    const exports = Object.entries(vars).map(([k, v]) => `export ${k}=${shellQuote(v)}`);
    const script = [
        "#!/bin/sh",
        `cd ${shellQuote(path.resolve(packDir))} || exit 1`,
        ...exports,
        `script=$(node -e "console.log(require.resolve('@pulumi/pulumi/cmd/run-policy-pack'))") || exit 1`,
        `exec node "$script" "$1" .`,
        "",
    ].join("\n");
    const launcher = path.join(dir, "pulumi-analyzer-pack");
    fs.writeFileSync(launcher, script, { mode: 0o755 });
    return launcher;
}

function shellQuote(value: string): string {
    return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The policy events of `pulumi ... --json` output (one JSON event per line), and the summary's result. */
export function policyEventsOf(jsonLines: string): { violations: EngineViolation[]; result?: string } {
    const violations: EngineViolation[] = [];
    let result: string | undefined;
    for (const line of jsonLines.split("\n")) {
        if (!line.trim().startsWith("{")) continue;
        const event = JSON.parse(line);
        if (event.policyEvent) violations.push(event.policyEvent);
        if (event.summaryEvent) result = event.summaryEvent.result;
    }
    return { violations, result };
}

export interface EngineViolation {
    resourceUrn?: string;
    message: string;
    policyName: string;
    policyPackName: string;
    policyPackVersion: string;
    enforcementLevel: string;
}
