// Commit times from the local git repository: for lead time (one `git log` for all the SHAs history names)
// and the mainline of `main`, for the share of merges deployed within 15 minutes.
import { spawnSync } from "child_process";

/** Commit time (ms) by SHA; SHAs the repository does not have (or no git at all) are simply absent. */
export function commitTimes(repoDir: string, shas: string[]): Map<string, number> {
    const times = new Map<string, number>();
    const wanted = [...new Set(shas.filter((s) => /^[0-9a-f]{7,40}$/i.test(s)))];
    if (wanted.length === 0) return times;
    const result = spawnSync("git", ["log", "--no-walk=unsorted", "--format=%H %ct", ...wanted, "--"], { cwd: repoDir, encoding: "utf8" });
    if (result.status !== 0) {
        // One unknown SHA fails the whole call: ask one at a time instead.
        if (wanted.length > 1) for (const sha of wanted) for (const [k, v] of commitTimes(repoDir, [sha])) times.set(k, v);
        return times;
    }
    for (const line of result.stdout.split("\n")) {
        const [sha, seconds] = line.split(" ");
        if (sha && seconds) {
            const full = wanted.find((w) => sha.startsWith(w)) ?? sha;
            times.set(full, Number(seconds) * 1000);
        }
    }
    return times;
}

export interface MainlineCommit {
    sha: string;
    /** Commit time, ms since epoch. */
    time: number;
}

/**
 * Commits on the first-parent line of `main` (each merge, or direct push) since `sinceMs`, oldest first;
 * undefined when the repository has no `main` (or `origin/main`) to read.
 */
export function mainlineCommits(repoDir: string, sinceMs: number): MainlineCommit[] | undefined {
    const ref = ["main", "origin/main"].find((r) => spawnSync("git", ["rev-parse", "--verify", "-q", `${r}^{commit}`], { cwd: repoDir }).status === 0);
    if (ref === undefined) return undefined;
    // git's --since does not take epoch seconds reliably: filter here (commit times are monotonic enough on a mainline).
    const result = spawnSync("git", ["log", "--first-parent", "--format=%H %ct", "--max-count=20000", ref, "--"], { cwd: repoDir, encoding: "utf8", maxBuffer: 16 * 1024 * 1024 });
    if (result.status !== 0) return undefined;
    return result.stdout
        .split("\n")
        .filter(Boolean)
        .map((line) => {
            const [sha, seconds] = line.split(" ");
            return { sha, time: Number(seconds) * 1000 };
        })
        .filter((c) => c.time >= sinceMs)
        .reverse();
}
