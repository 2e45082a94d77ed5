// Commit times from the local git repository, for lead time: one `git log` for all the SHAs history names.
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
