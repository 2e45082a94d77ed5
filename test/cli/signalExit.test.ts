// Signals end every command with 128 + the signal's number: Ctrl-C 130, SIGTERM 143; packs never outlive it.
import * as assert from "assert";
import { spawn } from "child_process";
import * as http from "http";
import type { AddressInfo } from "net";
import * as path from "path";
import { signalExitCode } from "../../cli/signalExit";
import { eventually, fixturePacks, packProcessIn, repositoryDir } from "../helpers/gatesFixture";
import { lockstepBin } from "./runLockstep";

/** A server that takes requests and never answers them, counting them. */
async function silentServer(): Promise<{ base: string; requests: () => number; close: () => Promise<void> }> {
    let requests = 0;
    const held: http.ServerResponse[] = [];
    const server = http.createServer((_, res) => void (requests++, held.push(res)));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
        base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        requests: () => requests,
        close: () => new Promise((resolve) => (held.forEach((r) => r.destroy()), server.closeAllConnections(), server.close(() => resolve()))),
    };
}

function start(args: string[]) {
    const child = spawn(process.execPath, [lockstepBin, ...args], { cwd: repositoryDir, stdio: "ignore" });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));
    return { child, exited };
}

describe("lockstep on a signal", () => {
    it("maps SIGINT, SIGTERM and SIGHUP to 130, 143 and 129", () => {
        assert.deepStrictEqual([signalExitCode("SIGINT"), signalExitCode("SIGTERM"), signalExitCode("SIGHUP")], [130, 143, 129]);
    });

    for (const [signal, code] of [["SIGTERM", 143], ["SIGINT", 130]] as const) {
        it(`exits ${code} on ${signal} in the middle of a smoke test`, async () => {
            const server = await silentServer();
            const { child, exited } = start(["smoke", "--url", `${server.base}/healthz`, "--timeout-ms", "600000"]);
            try {
                assert.ok(await eventually(() => server.requests() > 0, 30_000), "the request was made");
                child.kill(signal);
                assert.deepStrictEqual(await exited, { code, signal: null });
            } finally {
                child.kill("SIGKILL");
                await server.close();
            }
        });
    }

    it("exits 143 on SIGTERM during a preview, and stops the pack", async () => {
        const pack = path.join(fixturePacks, "never-answers");
        const { child, exited } = start(["preview", "--stack", "dev", "--policy-pack", pack]);
        try {
            assert.ok(await eventually(() => packProcessIn(pack) !== undefined, 30_000), "the pack started");
            child.kill("SIGTERM");
            assert.deepStrictEqual(await exited, { code: 143, signal: null });
            assert.ok(await eventually(() => packProcessIn(pack) === undefined), `left behind: ${packProcessIn(pack)}`);
        } finally {
            child.kill("SIGKILL");
        }
    });
});
