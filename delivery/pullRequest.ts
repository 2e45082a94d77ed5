// Opening a pull request on GitHub for a promotion: one REST call (POST /repos/{owner}/{repo}/pulls) with
// the workflow's token. Node's fetch, not a client library: one call with four fields does not need one.
import { InputError } from "../project/inputError";

export interface PullRequestTarget {
    /** `https://api.github.com`, or a GitHub Enterprise API, or a stand-in in tests (`$GITHUB_API_URL`). */
    apiUrl: string;
    /** `owner/repo` (`$GITHUB_REPOSITORY`). */
    repository: string;
    token: string;
}

/** The target from the environment CI sets (`GITHUB_TOKEN` or `GH_TOKEN`, `GITHUB_REPOSITORY`, `GITHUB_API_URL`). */
export function pullRequestTarget(env: NodeJS.ProcessEnv): PullRequestTarget {
    const token = env.GITHUB_TOKEN || env.GH_TOKEN;
    const repository = env.GITHUB_REPOSITORY;
    if (!token) throw new InputError("--pull-request: no token: set GITHUB_TOKEN (the workflow's token, with pull-requests: write) or GH_TOKEN");
    if (!repository || !/^[^/\s]+\/[^/\s]+$/.test(repository)) throw new InputError(`--pull-request: GITHUB_REPOSITORY must be owner/repo, got ${JSON.stringify(repository ?? "")}`);
    return { apiUrl: (env.GITHUB_API_URL || "https://api.github.com").replace(/\/$/, ""), repository, token };
}

export async function openPullRequest(target: PullRequestTarget, request: { title: string; body: string; head: string; base: string }): Promise<{ number: number; url: string }> {
    let response: Response;
    try {
        response = await fetch(`${target.apiUrl}/repos/${target.repository}/pulls`, {
            method: "POST",
            headers: { authorization: `Bearer ${target.token}`, accept: "application/vnd.github+json", "content-type": "application/json", "x-github-api-version": "2022-11-28" },
            body: JSON.stringify(request),
        });
    } catch (err) {
        throw new InputError(`--pull-request: cannot reach ${target.apiUrl} (${(err as Error).message}): branch ${request.head} was pushed; open the pull request by hand`);
    }
    const text = await response.text();
    if (response.status !== 201) {
        let message = text.slice(0, 200);
        try {
            message = (JSON.parse(text) as { message?: string }).message ?? message;
        } catch {
            // not JSON: the start of the text says enough
        }
        throw new InputError(`--pull-request: GitHub answered ${response.status} (${message}): branch ${request.head} was pushed; open the pull request by hand`);
    }
    const created = JSON.parse(text) as { number: number; html_url: string };
    return { number: created.number, url: created.html_url };
}
