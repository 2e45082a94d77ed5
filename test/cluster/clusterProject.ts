// The lockstep project copied for the cluster tier (its stack files are edited there, never in the source
// tree), and `pulumi up` of its stacks against the local cluster with the real engine and the gates pack.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { approvalsFile } from "../engine/compare";
import { engineEnv, gatesPack, packLauncher, repoRoot, tempDir } from "../engine/realEngine";
import { clusterDir, kubeconfig } from "./kubeApi";

export function clusterProject(): string {
    const dir = tempDir("cluster-project");
    for (const entry of ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json", "components", "project", "stacks"]) {
        fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

/** The `lockstep:domain` of every stack file of the project. */
export function domainsOf(projectDir: string): string[] {
    const dir = path.join(projectDir, "stacks");
    return fs.readdirSync(dir).flatMap((file) => {
        const match = /^\s*lockstep:domain:\s*(\S+)/m.exec(fs.readFileSync(path.join(dir, file), "utf8"));
        return match ? [match[1]] : [];
    });
}

const versionLine = (service: string) => new RegExp(`(- name: ${service}\\n\\s+version: )"([^"]+)"`);

/** The version a rolling service runs in a stack file of the copied project. */
export function versionOf(projectDir: string, stack: string, service: string): string {
    const match = versionLine(service).exec(fs.readFileSync(path.join(projectDir, "stacks", `Pulumi.${stack}.yaml`), "utf8"));
    if (!match) throw new Error(`Pulumi.${stack}.yaml: ${service} has no version`);
    return match[2];
}

/** Sets a rolling service's version in a stack file of the copied project, as a release would. */
export function setVersion(projectDir: string, stack: string, service: string, to: string): void {
    versionOf(projectDir, stack, service); // it has one to replace
    const file = path.join(projectDir, "stacks", `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, fs.readFileSync(file, "utf8").replace(versionLine(service), `$1"${to}"`));
}

/** `pulumi up` of one stack with the gates pack (prod with two approvals), the state in `backend`. */
export function stackUp(projectDir: string, stack: string, backend: string): Promise<RunResult> {
    const pack = packLauncher(gatesPack, { project: "lockstep", stack, dryRun: false });
    const arg = JSON.stringify({ projectDir, stack, policyPacks: [pack], policyPackConfigs: [approvalsFile()] });
    const node = path.join(repoRoot, "node_modules", ".bin", "node");
    return run(node, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "stackUp.ts"), arg], { cwd: repoRoot, env: engineEnv(backend, { KUBECONFIG: kubeconfig }) });
}

export interface RunResult {
    status: number;
    stdout: string;
    stderr: string;
    ms: number;
}

/** Runs a command without blocking this process (the ingress stand-in serves from it meanwhile). */
export function run(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<RunResult> {
    const started = Date.now();
    return new Promise((resolve) => {
        const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c) => (stdout += c));
        child.stderr.on("data", (c) => (stderr += c));
        child.on("close", (code) => resolve({ status: code ?? 1, stdout, stderr, ms: Date.now() - started }));
    });
}

/**
 * What a user's shell has for delivery against the local cluster: the built `pulumi` first on PATH (the
 * Automation API runs it), the kubeconfig, and the cluster's CA trusted (the ingress stand-in's certificate).
 */
export function deliveryEnv(backend: string): NodeJS.ProcessEnv {
    const base = engineEnv(backend, { KUBECONFIG: kubeconfig });
    return { ...base, PATH: `${path.join(repoRoot, ".engine", "bin")}${path.delimiter}${base.PATH}`, NODE_EXTRA_CA_CERTS: path.join(clusterDir, "pki", "ca.crt") };
}
