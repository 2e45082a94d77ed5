// Sets up the fake `pulumi` executable (test/fixtures/fake-pulumi/pulumi) for a test: a temporary copy of
// the project, a state file the fake answers from, and a PULUMI_HOME of its own (never ~/.pulumi).
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse } from "yaml";

const repo = path.join(__dirname, "..");
export const fakePulumiDir = path.join(__dirname, "fixtures", "fake-pulumi");

export interface FakePulumi {
    /** The project copy to run commands in. */
    projectDir: string;
    statePath: string;
    /** Environment for a child process (or for process.env) that finds the fake first on PATH. */
    env: Record<string, string>;
    state(): FakeState;
    setState(update: (state: FakeState) => void): void;
    /** Argument lists of every fake invocation so far. */
    invocations(): string[][];
    remove(): void;
}

export interface FakeStack {
    config: Record<string, unknown>;
    history: unknown[];
    outputs: Record<string, unknown>;
    secretOutputs?: string[];
    previewChanges?: { op: string; urn: string; type: string }[];
    failUps?: number;
}

export interface FakeState {
    version?: string;
    stacks: Record<string, FakeStack>;
}

export function fakePulumi(outputsFor: (stack: string) => Record<string, unknown>): FakePulumi {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-fake-pulumi-"));
    const projectDir = path.join(root, "project");
    fs.mkdirSync(path.join(projectDir, "stacks"), { recursive: true });
    fs.copyFileSync(path.join(repo, "Pulumi.yaml"), path.join(projectDir, "Pulumi.yaml"));
    // The shipped example approvals, which the runbook's commands name.
    fs.cpSync(path.join(repo, "docs"), path.join(projectDir, "docs"), { recursive: true });
    const stacks: Record<string, FakeStack> = {};
    for (const file of fs.readdirSync(path.join(repo, "stacks"))) {
        fs.copyFileSync(path.join(repo, "stacks", file), path.join(projectDir, "stacks", file));
        const stack = /^Pulumi\.(.+)\.yaml$/.exec(file)?.[1];
        if (stack === undefined) continue; // parity.yaml and other files that are not stacks
        const config = (parse(fs.readFileSync(path.join(repo, "stacks", file), "utf8")) as { config: Record<string, unknown> }).config;
        stacks[stack] = { config: { "lockstep:services": config["lockstep:services"] }, history: [], outputs: outputsFor(stack), secretOutputs: [] };
    }
    const statePath = path.join(root, "state.json");
    fs.writeFileSync(statePath, JSON.stringify({ version: "3.200.0", stacks }, null, 2));
    const home = path.join(root, "pulumi-home");
    fs.mkdirSync(home);
    const env = {
        PATH: `${fakePulumiDir}${path.delimiter}${process.env.PATH ?? ""}`,
        FAKE_PULUMI_STATE: statePath,
        PULUMI_HOME: home,
        PULUMI_SKIP_UPDATE_CHECK: "true",
    };
    const state = () => JSON.parse(fs.readFileSync(statePath, "utf8")) as FakeState;
    return {
        projectDir,
        statePath,
        env,
        state,
        setState(update) {
            const s = state();
            update(s);
            fs.writeFileSync(statePath, JSON.stringify(s, null, 2));
        },
        invocations: () =>
            fs.existsSync(`${statePath}.log`)
                ? fs.readFileSync(`${statePath}.log`, "utf8").trim().split("\n").map((l) => (JSON.parse(l) as { args: string[] }).args)
                : [],
        remove: () => fs.rmSync(root, { recursive: true, force: true }),
    };
}

/** Stack outputs as index.ts exports them, with every URL on `base`. */
export function outputsOn(base: string): (stack: string) => Record<string, unknown> {
    return () => ({
        namespace: "payments-dev",
        services: {
            "payments-api": { strategy: "rolling", hostname: "payments-api", url: `${base}/payments-api` },
            checkout: { strategy: "blueGreen", url: `${base}/checkout`, previewUrl: `${base}/checkout-preview`, activeColor: "green" },
        },
        databasePassword: "hunter2-do-not-print",
    });
}

/** Runs `work` with the fake's environment in process.env (the Automation API reads PATH from there). */
export async function withEnv<T>(env: Record<string, string>, work: () => Promise<T>): Promise<T> {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    Object.assign(process.env, env);
    try {
        return await work();
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    }
}
