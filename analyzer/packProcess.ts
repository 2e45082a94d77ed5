// Starting a policy pack the way the Pulumi CLI does, and making sure it never outlives us.
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { InputError } from "../project/inputError";

export interface PackStartOptions {
    /** The pack directory (holds PulumiPolicy.yaml and package.json). */
    directory: string;
    project: string;
    stack: string;
    organization?: string;
    /** The stack's config, `"ns:key": "value"`, as PULUMI_CONFIG. */
    config?: Record<string, string>;
    startTimeoutMs: number;
    /** Where the pack's later stdout and its stderr go. */
    onLog?: (line: string) => void;
}

export interface PackProcess {
    port: number;
    pid: number;
    /** Everything the pack logged so far (for error messages). */
    log(): string;
    /** How the process ended ("exit code 7", "SIGABRT"), once it has; undefined while it runs or after kill(). */
    exitedWith(waitMs: number): Promise<string | undefined>;
    kill(): void;
}

const live = new Set<ChildProcess>();

function killGroup(child: ChildProcess): void {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    try {
        // The pack runs in its own process group, so anything it started goes too.
        process.kill(-child.pid, "SIGKILL");
    } catch {
        child.kill("SIGKILL");
    }
}

/** For every path out of the process: normal exit, an uncaught error, Ctrl-C. */
export function killAllPacks(): void {
    for (const child of live) killGroup(child);
    live.clear();
}
process.on("exit", killAllPacks);

/**
 * Runs `work` so that Ctrl-C (or SIGTERM) kills every pack before the process exits with 128 + the
 * signal (130, 143): a pack must never outlive the command, even where no other listener exits.
 */
export async function withPacksKilledOnInterrupt<T>(work: () => Promise<T>): Promise<T> {
    const onInterrupt = (signal: NodeJS.Signals) => {
        killAllPacks();
        process.exit(128 + os.constants.signals[signal as "SIGINT" | "SIGTERM"]);
    };
    process.once("SIGINT", onInterrupt);
    process.once("SIGTERM", onInterrupt);
    try {
        return await work();
    } finally {
        process.off("SIGINT", onInterrupt);
        process.off("SIGTERM", onInterrupt);
    }
}

/** node_modules/@pulumi/pulumi/cmd/run-policy-pack, resolved from the pack first (its own SDK), then ours. */
export function runPolicyPackScript(directory: string): string {
    for (const from of [directory, __dirname]) {
        try {
            return require.resolve("@pulumi/pulumi/cmd/run-policy-pack", { paths: [from] });
        } catch {
            // try the next place
        }
    }
    throw new InputError(`${directory}: cannot find @pulumi/pulumi/cmd/run-policy-pack: run npm install in the pack directory`);
}

/**
 * The environment the CLI gives a Node.js pack (constructEnv in the engine's analyzer plugin): its own,
 * plus the stack's config as JSON (only when there is some) and both the PULUMI_NODEJS_* variables the
 * SDK reads and the general PULUMI_* ones.
 */
export function packEnvironment(
    inherited: NodeJS.ProcessEnv,
    target: Pick<PackStartOptions, "project" | "stack" | "organization" | "config">,
): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = { ...inherited };
    if (target.config && Object.keys(target.config).length > 0) env.PULUMI_CONFIG = JSON.stringify(target.config);
    const organization = target.organization ?? "organization";
    for (const prefix of ["PULUMI_NODEJS_", "PULUMI_"]) {
        env[`${prefix}ORGANIZATION`] = organization;
        env[`${prefix}PROJECT`] = target.project;
        env[`${prefix}STACK`] = target.stack;
        env[`${prefix}DRY_RUN`] = "true";
    }
    return env;
}

export function checkPackDirectory(directory: string): void {
    if (!fs.existsSync(path.join(directory, "PulumiPolicy.yaml"))) {
        throw new InputError(`--policy-pack ${directory}: no PulumiPolicy.yaml there: give the directory of a policy pack`);
    }
    const pkg = path.join(directory, "package.json");
    if (!fs.existsSync(pkg)) throw new InputError(`--policy-pack ${directory}: no package.json (a pack needs one with a version)`);
    // A TypeScript pack whose main is compiled output must be built (or every start type-checks, for
    // seconds) and current: a gate that runs yesterday's policies passes what today's would stop.
    const main = (JSON.parse(fs.readFileSync(pkg, "utf8")) as { main?: string }).main;
    if (!main || !main.endsWith(".js") || !fs.existsSync(path.join(directory, "tsconfig.json"))) return;
    const mainFile = path.join(directory, main);
    if (!fs.existsSync(mainFile)) throw new InputError(`--policy-pack ${directory}: ${main} is missing: build the pack first (npm run build)`);
    const built = fs.statSync(mainFile).mtimeMs;
    const newer = typeScriptSources(directory).find((file) => fs.statSync(file).mtimeMs > built);
    if (newer) {
        throw new InputError(`--policy-pack ${directory}: ${path.relative(directory, newer)} is newer than ${main}: rebuild the pack (npm run build)`);
    }
}

function typeScriptSources(directory: string): string[] {
    const files: string[] = [];
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
        if (entry.name === "node_modules" || entry.name === "bin" || entry.name.startsWith(".")) continue;
        const full = path.join(directory, entry.name);
        if (entry.isDirectory()) files.push(...typeScriptSources(full));
        else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) files.push(full);
    }
    return files;
}

export function startPack(options: PackStartOptions): Promise<PackProcess> {
    const directory = path.resolve(options.directory);
    checkPackDirectory(directory);
    const script = runPolicyPackScript(directory);
    const child = spawn(process.execPath, [script, "127.0.0.1:0", "."], {
        cwd: directory,
        env: packEnvironment(process.env, options),
        stdio: ["ignore", "pipe", "pipe"],
        detached: true,
    });
    live.add(child);
    child.once("exit", () => live.delete(child));
    let killed = false;
    const ended = new Promise<string>((resolve) => child.once("exit", (code, signal) => resolve(signal ?? `exit code ${code}`)));
    const exitedWith = (waitMs: number) =>
        Promise.race([ended.then((how) => (killed ? undefined : how)), new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), waitMs).unref())]);
    const logLines: string[] = [];
    const log = (line: string) => {
        logLines.push(line);
        options.onLog?.(line);
    };
    const kill = () => {
        if (child.exitCode === null && child.signalCode === null) killed = true;
        killGroup(child);
        live.delete(child);
    };
    const name = path.basename(directory);
    const logText = () => logLines.join("\n").trim();
    const withLog = (message: string) => {
        const text = logText();
        return text ? `${message}; its log: ${text.split("\n").slice(-5).join(" | ")}` : message;
    };

    return new Promise<PackProcess>((resolve, reject) => {
        let stdout = "";
        let settled = false;
        let failed = false;
        const fail = (message: string) => {
            if (settled) return;
            settled = true;
            failed = true;
            clearTimeout(timer);
            kill();
            reject(new InputError(withLog(`policy pack ${name} (${directory}) ${message}`)));
        };
        const timer = setTimeout(() => fail(`printed no port within ${options.startTimeoutMs} ms`), options.startTimeoutMs);
        child.stderr!.setEncoding("utf8");
        child.stderr!.on("data", (chunk: string) => chunk.split(/\r?\n/).filter(Boolean).forEach(log));
        child.stdout!.setEncoding("utf8");
        child.stdout!.on("data", (chunk: string) => {
            // A pack that failed to start is being killed: what it prints now is no log of a running pack.
            if (failed) return;
            if (settled) {
                chunk.split(/\r?\n/).filter(Boolean).forEach(log);
                return;
            }
            stdout += chunk;
            const newline = stdout.indexOf("\n");
            if (newline < 0) return;
            const first = stdout.slice(0, newline).trim();
            // Like the CLI: the first line is the port, and nothing else. Checked before the rest is logged.
            if (!/^\d{1,5}$/.test(first) || Number(first) < 1 || Number(first) > 65535) {
                fail(`printed ${JSON.stringify(first.slice(0, 80))} instead of its port as the first line of stdout`);
                return;
            }
            stdout.slice(newline + 1).split(/\r?\n/).filter(Boolean).forEach(log);
            settled = true;
            clearTimeout(timer);
            resolve({ port: Number(first), pid: child.pid!, log: logText, exitedWith, kill });
        });
        child.once("error", (err) => fail(`could not start: ${err.message}`));
        // "close", not "exit": a port printed just before exiting must still be read.
        child.once("close", (code, signal) => {
            if (!settled) fail(`exited before printing its port (${signal ?? `exit code ${code}`})`);
        });
    });
}
