// The git edge of releases: which commit last changed a stack file, and committing a stack file after a
// promotion. Through the git CLI (what CI has), never a library that reads .git on its own.
import { spawnSync } from "child_process";
import * as path from "path";
import { InputError } from "../project/inputError";
import type { StackFileCommit } from "./release";

function git(cwd: string, args: string[]): { status: number | null; stdout: string; stderr: string; missing: boolean } {
    const result = spawnSync("git", args, { cwd, encoding: "utf8" });
    return { status: result.status, stdout: result.stdout ?? "", stderr: result.stderr ?? "", missing: (result.error as NodeJS.ErrnoException | undefined)?.code === "ENOENT" };
}

/** `git log -1 -- <file>` and whether the file differs from it; null when there is no repository (or no git). */
export function stackFileCommit(file: string): StackFileCommit {
    const dir = path.dirname(file);
    const log = git(dir, ["log", "-1", "--format=%H", "--", path.basename(file)]);
    if (log.missing || log.status !== 0 || log.stdout.trim() === "") return { commit: null, uncommitted: log.status === 0 };
    const status = git(dir, ["status", "--porcelain", "--", path.basename(file)]);
    return { commit: log.stdout.trim(), uncommitted: status.stdout.trim() !== "" };
}

/** Commits only `file` (other staged changes stay staged, uncommitted); returns the new commit. */
export function commitFile(file: string, message: string): string {
    const dir = path.dirname(file);
    const commit = git(dir, ["commit", "--quiet", "--only", "-m", message, "--", path.basename(file)]);
    if (commit.missing) throw new InputError(`--commit: git is not on PATH: install git or leave out --commit`);
    if (commit.status !== 0) {
        const reason = (commit.stderr.trim() || commit.stdout.trim()).split("\n")[0];
        throw new InputError(`--commit: git commit of ${file} failed (${reason}): fix the repository and commit the file by hand`);
    }
    return git(dir, ["rev-parse", "HEAD"]).stdout.trim();
}
