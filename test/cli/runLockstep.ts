// Spawns the real `lockstep` command (asynchronously, so a loopback server in this process can answer it).
import { spawn } from "child_process";
import * as path from "path";

export const lockstepBin = path.join(__dirname, "..", "..", "bin", "lockstep.js");

export interface Run {
    status: number | null;
    stdout: string;
    stderr: string;
}

export function runLockstep(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<Run> {
    return runProcess(process.execPath, [lockstepBin, ...args], options);
}

export function runProcess(command: string, args: string[], options: { cwd?: string; env?: Record<string, string>; shell?: boolean } = {}): Promise<Run> {
    return new Promise((resolve, reject) => {
        const child = spawn(command, args, { cwd: options.cwd, env: { ...process.env, NO_COLOR: "1", ...options.env }, shell: options.shell });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d) => (stdout += d));
        child.stderr.on("data", (d) => (stderr += d));
        child.on("error", reject);
        child.on("close", (status) => resolve({ status, stdout, stderr }));
    });
}
