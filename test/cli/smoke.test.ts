import * as assert from "assert";
import { refusedPort, startLoopbackServer, type LoopbackServer } from "../loopbackServer";
import { smokeCommand } from "../../cli/commands/smoke";
import { InputError } from "../../project/inputError";
import { runLockstep } from "./runLockstep";

describe("lockstep smoke (spawned)", () => {
    let server: LoopbackServer;
    before(async () => (server = await startLoopbackServer()));
    after(() => server.close());

    it("exits 0 when every URL passes, and 1 with JUnit output when one is refused", async () => {
        const ok = await runLockstep(["smoke", "--url", `${server.base}/healthz`, "--body", "^ok$", "--latency-ms", "1000"]);
        assert.strictEqual(ok.status, 0, ok.stderr);
        assert.match(ok.stdout, /^PASS  http:\/\/127\.0\.0\.1:\d+\/healthz .* 200 .*\nall 1 smoke check\(s\) passed\n$/);

        const port = await refusedPort();
        const bad = await runLockstep(["smoke", "--url", `${server.base}/healthz`, "--url", `http://127.0.0.1:${port}/`, "--retries", "0", "--format", "junit"]);
        assert.strictEqual(bad.status, 1);
        assert.match(bad.stdout, /tests="2" failures="1"/);
        assert.match(bad.stdout, /<failure message="connection refused"\/>/);
    });

    it("--connect-to sends a host's requests to another address, keeping the URL's host name", async () => {
        const port = new URL(server.base).port;
        const run = await runLockstep(["smoke", "--url", "http://api.example.test/healthz", "--connect-to", `api.example.test:80:127.0.0.1:${port}`, "--retries", "0"]);
        assert.strictEqual(run.status, 0, run.stderr + run.stdout);
        assert.match(run.stdout, /^PASS  http:\/\/api\.example\.test\/healthz /);
        assert.strictEqual(server.hosts.at(-1), "api.example.test", "the Host header is the URL's");
        // Another host is not redirected (and does not resolve here).
        const other = await runLockstep(["smoke", "--url", "http://other.example.test/healthz", "--connect-to", `api.example.test:80:127.0.0.1:${port}`, "--retries", "0"]);
        assert.strictEqual(other.status, 1);
    });

    it("reports JSON for a 500", async () => {
        const run = await runLockstep(["smoke", "--url", `${server.base}/error`, "--retries", "0", "--format", "json"]);
        assert.strictEqual(run.status, 1);
        const report = JSON.parse(run.stdout);
        assert.strictEqual(report.passed, false);
        assert.strictEqual(report.checks[0].reason, "status 500, expected 200");
    });

    it("exits 2 with one line naming the flag on bad input", async () => {
        const run = await runLockstep(["smoke"]);
        assert.deepStrictEqual([run.status, run.stderr, run.stdout], [2, "lockstep: --stack or --url is required, e.g. lockstep smoke --stack dev\n", ""]);
        // The other mistakes in-process (main turns every InputError into that one line and exit 2).
        for (const [args, message] of [
            [["--url", "ftp://x"], "--url ftp://x: expected an http or https URL"],
            [["--url", "http://x", "--retries", "lots"], "--retries: expected a whole number from 0 to 100, got \"lots\""],
            [["--url", "http://x", "--format", "xml"], "--format: expected one of text, json, junit, got \"xml\""],
            [["--url", "http://x", "--body", "("], "--body: not a regular expression (Invalid regular expression: /(/: Unterminated group): fix the pattern"],
            [["--stack", "dev", "--url", "http://x"], "--stack and --url: give one or the other"],
            [["--url", "http://x", "--connect-to", "x:80:127.0.0.1"], "--connect-to x:80:127.0.0.1: expected HOST:PORT:ADDR:PORT, e.g. api.example.com:443:127.0.0.1:8443"],
            [["--url", "http://x", "--connect-to", "x:80:127.0.0.1:70000"], "--connect-to x:80:127.0.0.1:70000: expected HOST:PORT:ADDR:PORT, e.g. api.example.com:443:127.0.0.1:8443"],
        ] as [string[], string][]) {
            await assert.rejects(smokeCommand.run(args), (e: Error) => e instanceof InputError && e.message === message);
        }
    });
});

describe("lockstep smoke never prints a credential (canaries in every part of a URL, every format)", () => {
    let server: LoopbackServer;
    before(async () => (server = await startLoopbackServer()));
    after(() => server.close());

    const canaries = ["CanaryUser1", "CanaryPass2", "CanaryToken3", "CanaryAmzCred4", "CanaryBare5", "CanaryFragment6", "CanarySig7"];
    const leaked = (text: string) => canaries.filter((c) => text.includes(c));
    const planted = (base: string, path: string) =>
        `${base.replace("://", "://CanaryUser1:CanaryPass2@")}${path}?token=CanaryToken3&X-Amz-Credential=CanaryAmzCred4&CanaryBare5&sig=CanarySig7#access_token=CanaryFragment6`;

    for (const format of ["text", "json", "junit"]) {
        it(`masks them in every field of the ${format} report, passing, failing and refused`, async () => {
            const port = await refusedPort();
            const run = await runLockstep([
                "smoke", "--retries", "0", "--format", format,
                "--url", planted(server.base, "/healthz"), "--url", planted(server.base, "/error"), "--url", planted(`http://127.0.0.1:${port}`, "/"),
            ]);
            assert.strictEqual(run.status, 1, run.stderr);
            assert.deepStrictEqual(leaked(run.stdout + run.stderr), []);
            assert.match(run.stdout, /http:\/\/\*\*\*@127\.0\.0\.1:\d+\/healthz\?token=\*\*\*&(amp;)?X-Amz-Credential=\*\*\*&(amp;)?\*\*\*&(amp;)?sig=\*\*\*#\*\*\*/);
            if (format === "json") {
                for (const check of JSON.parse(run.stdout).checks) assert.deepStrictEqual(leaked(JSON.stringify(check)), [], JSON.stringify(check));
            }
        });
    }

    it("masks them in the one-line error for a URL it cannot use", async () => {
        for (const url of ["http://CanaryUser1:Canary Pass2@[bad?token=CanaryToken3", "CanaryUser1:CanaryPass2@127.0.0.1/?t=CanaryToken3", "ftp://CanaryUser1:CanaryPass2@host/"]) {
            const run = await runLockstep(["smoke", "--url", url]);
            assert.strictEqual(run.status, 2, url);
            assert.match(run.stderr, /^lockstep: --url .*\*\*\*.*\n$/);
            assert.deepStrictEqual(leaked(run.stdout + run.stderr), [], run.stderr);
        }
    });
});
