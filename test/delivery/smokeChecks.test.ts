import * as assert from "assert";
import { connectionFor, parseConnectTo } from "../../delivery/connectTo";
import { httpProbe } from "../../delivery/httpProbe";
import { runSmokeChecks, type SmokeCheck } from "../../delivery/smokeChecks";
import { redactUrl, redactUrlsIn } from "../../project/redactUrls";
import { smokeReporters } from "../../delivery/smokeReport";
import { refusedPort, startLoopbackServer, type LoopbackServer } from "../loopbackServer";

const noWait = async () => undefined;

describe("smoke checks against a real HTTP server on loopback", () => {
    let server: LoopbackServer;
    before(async () => (server = await startLoopbackServer()));
    after(() => server.close());

    const check = (path: string, over: Partial<SmokeCheck> = {}): SmokeCheck =>
        ({ name: path, url: `${server.base}${path}`, expectStatus: 200, bodyPattern: /^ok$/, latencyBudgetMs: 1000, timeoutMs: 2000, retries: 0, retryDelayMs: 0, ...over });

    it("passes a healthy endpoint", async () => {
        const [r] = await runSmokeChecks([check("/healthz")], httpProbe, noWait);
        assert.deepStrictEqual([r.passed, r.status, r.attempts, r.reason], [true, 200, 1, undefined]);
    });

    it("fails a slow endpoint over its latency budget, and passes it within a larger one", async () => {
        const [slow] = await runSmokeChecks([check("/slow", { latencyBudgetMs: 100 })], httpProbe, noWait);
        assert.strictEqual(slow.passed, false);
        assert.match(slow.reason!, /^took \d+ ms, over the 100 ms budget$/);
        const [ok] = await runSmokeChecks([check("/slow", { latencyBudgetMs: 2000 })], httpProbe, noWait);
        assert.strictEqual(ok.passed, true);
    });

    it("fails on a timeout shorter than the response", async () => {
        const [r] = await runSmokeChecks([check("/slow", { timeoutMs: 50 })], httpProbe, noWait);
        assert.deepStrictEqual([r.passed, r.reason], [false, "no response within 50 ms"]);
    });

    it("fails a 500 with the status it got, after its retries", async () => {
        const [r] = await runSmokeChecks([check("/error", { retries: 2 })], httpProbe, noWait);
        assert.deepStrictEqual([r.passed, r.status, r.attempts, r.reason], [false, 500, 3, "status 500, expected 200"]);
    });

    it("fails a wrong body", async () => {
        const [r] = await runSmokeChecks([check("/wrong-body")], httpProbe, noWait);
        assert.deepStrictEqual([r.passed, r.reason], [false, "body does not match /^ok$/"]);
    });

    it("fails a refused connection instead of throwing", async () => {
        const port = await refusedPort();
        const [r] = await runSmokeChecks([check("/healthz", { url: `http://127.0.0.1:${port}/healthz` })], httpProbe, noWait);
        assert.deepStrictEqual([r.passed, r.reason, r.status], [false, "connection refused", undefined]);
    });

    it("passes a flaky endpoint on a retry, waiting between attempts", async () => {
        const waits: number[] = [];
        const [r] = await runSmokeChecks([check("/flaky", { retries: 2, retryDelayMs: 7 })], httpProbe, async (ms) => void waits.push(ms));
        assert.deepStrictEqual([r.passed, r.attempts, waits], [true, 2, [7]]);
    });

    it("reports JUnit with one failure per failed check", async () => {
        const results = await runSmokeChecks([check("/healthz"), check("/error")], httpProbe, noWait);
        const xml = smokeReporters.junit(results);
        assert.match(xml, /<testsuite name="lockstep smoke" tests="2" failures="1">/);
        assert.match(xml, /<failure message="status 500, expected 200"\/>/);
    });
});

describe("smoke URLs in reports", () => {
    it("never show credentials or tokens", () => {
        assert.strictEqual(redactUrl("https://deploy:s3cret@api.example.com/healthz?token=abc&x=1"), "https://***@api.example.com/healthz?token=***&x=***");
    });
});

describe("redactUrl and redactUrlsIn", () => {
    it("mask the user, password, every query value, a bare query name and the fragment, keeping scheme, host and path", () => {
        assert.strictEqual(redactUrl("http://admin:s3cr3t@127.0.0.1:18080/fail?token=abc123"), "http://***@127.0.0.1:18080/fail?token=***");
        assert.strictEqual(redactUrl("https://h.example.com/p?X-Amz-Signature=a1&X-Amz-Credential=b2&t0k3n#access_token=c3"), "https://h.example.com/p?X-Amz-Signature=***&X-Amz-Credential=***&***#***");
        assert.strictEqual(redactUrl("https://h.example.com/healthz"), "https://h.example.com/healthz");
    });

    it("mask by pattern what does not parse as a web URL", () => {
        assert.strictEqual(redactUrl("http://a:b c@[bad?k=v#frag"), "http://***@[bad?k=***#***");
        assert.strictEqual(redactUrl("admin:s3cr3t@127.0.0.1"), "***@127.0.0.1");
        assert.strictEqual(redactUrl("ftp://u:p@host/x?y=z"), "ftp://***@host/x?y=***");
    });

    it("find every URL in a free text", () => {
        assert.strictEqual(redactUrlsIn("GET http://u:p@h/x?t=1 failed; see https://h/y#z"), "GET http://***@h/x?t=*** failed; see https://h/y#***");
        assert.strictEqual(redactUrlsIn("status 500, expected 200"), "status 500, expected 200");
    });

    it("reach every field of a smoke result, whatever the probe reports", async () => {
        const secretUrl = "https://deploy:CanaryPass@api.example.com/healthz?token=CanaryToken";
        const probe = async () => ({ error: `ECONNRESET: socket hang up requesting ${secretUrl}`, latencyMs: 1 });
        const [r] = await runSmokeChecks([{ name: secretUrl, url: secretUrl, expectStatus: 200, latencyBudgetMs: 1, timeoutMs: 1, retries: 0, retryDelayMs: 0 }], probe, noWait);
        for (const report of [JSON.stringify(r), ...Object.values(smokeReporters).map((f) => f([r]))]) assert.doesNotMatch(report, /Canary/);
    });
});

describe("delivery: --connect-to", () => {
    it("parses HOST:PORT:ADDR:PORT, IPv6 in brackets, and matches host and port only", () => {
        const rules = [parseConnectTo("API.example.com:443:127.0.0.1:8443"), parseConnectTo("db.example.com:80:[::1]:8080")];
        assert.deepStrictEqual(rules[0], { host: "api.example.com", port: 443, toHost: "127.0.0.1", toPort: 8443 });
        assert.deepStrictEqual(connectionFor(new URL("https://api.example.com/healthz"), rules), { host: "127.0.0.1", port: 8443 });
        assert.deepStrictEqual(connectionFor(new URL("http://db.example.com/"), rules), { host: "::1", port: 8080 });
        assert.deepStrictEqual(connectionFor(new URL("http://api.example.com/"), rules), { host: "api.example.com", port: 80 }, "another port is not redirected");
        assert.deepStrictEqual(connectionFor(new URL("https://x.example.com:8443/"), rules), { host: "x.example.com", port: 8443 });
    });
});
