// Opening a pull request: GitHub's REST call against a stand-in on loopback, and what a refusal says.
import { strict as assert } from "assert";
import * as http from "http";
import type { AddressInfo } from "net";
import { openPullRequest, pullRequestTarget } from "../../delivery/pullRequest";
import { InputError } from "../../project/inputError";

async function withApi(status: number, answer: unknown, work: (apiUrl: string) => Promise<void>): Promise<void> {
    const server = http.createServer((req, res) => {
        req.resume();
        req.on("end", () => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(answer)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
        await work(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    } finally {
        await new Promise<void>((resolve) => server.close(() => resolve()));
    }
}

const request = { title: "Promote", body: "b", head: "lockstep/promote-dev-to-staging-abc", base: "main" };

describe("delivery: pull requests on GitHub", () => {
    it("takes the token, repository and API URL from the environment a workflow sets, and refuses what is missing", () => {
        assert.deepEqual(pullRequestTarget({ GH_TOKEN: "t", GITHUB_REPOSITORY: "acme/payments" }), { apiUrl: "https://api.github.com", repository: "acme/payments", token: "t" });
        assert.equal(pullRequestTarget({ GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "a/b", GITHUB_API_URL: "https://ghe.example.com/api/v3/" }).apiUrl, "https://ghe.example.com/api/v3");
        assert.throws(() => pullRequestTarget({ GITHUB_REPOSITORY: "a/b" }), (e: Error) => e instanceof InputError && /no token/.test(e.message));
        assert.throws(() => pullRequestTarget({ GITHUB_TOKEN: "t", GITHUB_REPOSITORY: "payments" }), (e: Error) => e instanceof InputError && e.message === '--pull-request: GITHUB_REPOSITORY must be owner/repo, got "payments"');
    });

    it("returns the number and URL GitHub gives the new pull request", async () => {
        await withApi(201, { number: 3, html_url: "https://github.com/a/b/pull/3" }, async (apiUrl) => {
            assert.deepEqual(await openPullRequest({ apiUrl, repository: "a/b", token: "t" }, request), { number: 3, url: "https://github.com/a/b/pull/3" });
        });
    });

    it("says what GitHub answered when it refuses, and that the branch was pushed", async () => {
        await withApi(422, { message: "Validation Failed" }, async (apiUrl) => {
            await assert.rejects(openPullRequest({ apiUrl, repository: "a/b", token: "t" }, request), {
                message: "--pull-request: GitHub answered 422 (Validation Failed): branch lockstep/promote-dev-to-staging-abc was pushed; open the pull request by hand",
            });
        });
    });
});
