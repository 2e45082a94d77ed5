// The git edge of releases: which commit last changed a stack file, and committing a stack file after a
// promotion. Through the git CLI (what CI has), never a library that reads .git on its own.
import { spawnSync } from "child_process";
import * as fs from "fs";
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

/**
 * A commit of `file` as it is now on top of HEAD, pushed to `remote` as a new branch, without touching the
 * checkout: the blob, a tree from HEAD's with the file replaced (a private index), a commit on HEAD, a push.
 * Returns the commit and the branch HEAD was on (the pull request's base).
 */
export function pushFileToNewBranch(file: string, branch: string, message: string, remote = "origin"): { commit: string; base: string } {
    const dir = git(path.dirname(file), ["rev-parse", "--show-toplevel"]);
    if (dir.missing) throw new InputError(`--pull-request: git is not on PATH: install git or leave out --pull-request`);
    if (dir.status !== 0) throw new InputError(`--pull-request: ${file} is not in a git repository: clone the project, or leave out --pull-request`);
    const root = dir.stdout.trim();
    const relative = path.relative(root, file).split(path.sep).join("/");
    const run = (args: string[], env?: Record<string, string>) => {
        const result = spawnSync("git", args, { cwd: root, encoding: "utf8", env: { ...process.env, ...env } });
        if (result.status !== 0) throw new InputError(`--pull-request: git ${args[0]} failed (${(result.stderr || result.stdout).trim().split("\n")[0]}): the stack file is as it was; fix the repository and retry`);
        return result.stdout.trim();
    };
    const base = run(["rev-parse", "--abbrev-ref", "HEAD"]);
    const blob = run(["hash-object", "-w", "--", relative]);
    const index = path.join(root, ".git", `lockstep-index-${process.pid}`);
    try {
        run(["read-tree", "HEAD"], { GIT_INDEX_FILE: index });
        run(["update-index", "--add", "--cacheinfo", `100644,${blob},${relative}`], { GIT_INDEX_FILE: index });
        const tree = run(["write-tree"], { GIT_INDEX_FILE: index });
        const commit = run(["commit-tree", tree, "-p", "HEAD", "-m", message]);
        run(["push", "--quiet", remote, `${commit}:refs/heads/${branch}`]);
        return { commit, base };
    } finally {
        fs.rmSync(index, { force: true });
    }
}
