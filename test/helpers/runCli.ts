// Runs the real `lockstep` command in a child process, as a user would.
import { spawn } from "child_process";
import * as path from "path";

export const repoRoot = path.resolve(__dirname, "..", "..");
const bin = path.join(repoRoot, "bin", "lockstep.js");

export interface CliResult {
    status: number | null;
    stdout: string;
    stderr: string;
}

export function runCli(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [bin, ...args], {
            cwd: options.cwd ?? repoRoot,
            env: { ...process.env, NO_COLOR: "1", ...options.env },
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}
