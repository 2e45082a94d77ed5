// The lockstep project copied for the cluster tier (its stack files are edited there, never in the source
// tree), and `pulumi up` of its stacks against the local cluster with the real engine and the gates pack.
import { spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { approvals } from "../engine/compare";
import { engineEnv, gatesPack, packLauncher, repoRoot, tempDir } from "../engine/realEngine";
import { kubeconfig } from "./kubeApi";

export function clusterProject(): string {
    const dir = tempDir("cluster-project");
    for (const entry of ["Pulumi.yaml", "index.ts", "package.json", "tsconfig.json", "components", "project", "stacks"]) {
        fs.cpSync(path.join(repoRoot, entry), path.join(dir, entry), { recursive: true });
    }
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    return dir;
}

export interface UpResult {
    status: number;
    stdout: string;
    stderr: string;
    ms: number;
}

/** `pulumi up` of one stack with the gates pack (prod with two approvals), the state in `backend`. */
export function stackUp(projectDir: string, stack: string, backend: string): Promise<UpResult> {
    const pack = packLauncher(gatesPack, { project: "lockstep", stack, dryRun: false });
    const config = path.join(tempDir("approvals"), "approvals.json");
    fs.writeFileSync(config, JSON.stringify(approvals));
    const arg = JSON.stringify({ projectDir, stack, policyPacks: [pack], policyPackConfigs: [config] });
    const node = path.join(repoRoot, "node_modules", ".bin", "node");
    const started = Date.now();
    return new Promise((resolve) => {
        const child = spawn(node, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "stackUp.ts"), arg], {
            cwd: repoRoot,
            env: engineEnv(backend, { KUBECONFIG: kubeconfig }),
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (c) => (stdout += c));
        child.stderr.on("data", (c) => (stderr += c));
        child.on("close", (code) => resolve({ status: code ?? 1, stdout, stderr, ms: Date.now() - started }));
    });
}
