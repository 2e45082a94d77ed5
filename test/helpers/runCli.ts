// Runs the real `lockstep` command in a child process, as a user would, from the repository root.
import * as path from "path";
import { runLockstep, type Run } from "../cli/runLockstep";

export const repoRoot = path.resolve(__dirname, "..", "..");

export type CliResult = Run;

export function runCli(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Promise<CliResult> {
    return runLockstep(args, { cwd: options.cwd ?? repoRoot, env: options.env });
}
