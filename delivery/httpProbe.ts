// The real Probe: one HTTP(S) GET with a timeout, reporting status, body and latency, or the network error
// (a refused connection is a failure like any other, never an exception).
import * as http from "http";
import * as https from "https";
import { connectionFor, type ConnectTo } from "./connectTo";
import type { Probe } from "./smokeChecks";

const maxBodyBytes = 1024 * 1024;

/** The probe, with requests for the hosts of `connectTo` sent to other addresses (the URL's host name kept). */
export const httpProbeVia = (connectTo: ConnectTo[]): Probe => (url, timeoutMs) =>
    new Promise((resolve) => {
        const started = performance.now();
        const elapsed = () => performance.now() - started;
        let settled = false;
        let timer: NodeJS.Timeout | undefined;
        const finish = (result: Parameters<typeof resolve>[0]) => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve(result);
        };
        let request: http.ClientRequest;
        try {
            const client = url.startsWith("https:") ? https : http;
            const target = new URL(url);
            const connection = connectionFor(target, connectTo);
            const redirected = connection.host !== target.hostname || String(connection.port) !== (target.port || (client === https ? "443" : "80"));
            const via = redirected ? { hostname: connection.host, port: connection.port, servername: target.hostname, headers: { host: target.host } } : {};
            // agent: false, so no keep-alive socket outlives the check.
            request = client.get(url, { agent: false, ...via }, (response) => {
                const chunks: Buffer[] = [];
                let size = 0;
                response.on("data", (chunk: Buffer) => {
                    size += chunk.length;
                    if (size <= maxBodyBytes) chunks.push(chunk);
                });
                response.on("end", () => finish({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8"), latencyMs: elapsed() }));
                response.on("error", (err) => finish({ error: describe(err), latencyMs: elapsed() }));
            });
        } catch (err) {
            finish({ error: describe(err), latencyMs: 0 });
            return;
        }
        timer = setTimeout(() => {
            finish({ error: `no response within ${timeoutMs} ms`, latencyMs: elapsed() });
            request.destroy();
        }, timeoutMs);
        request.on("error", (err) => finish({ error: describe(err), latencyMs: elapsed() }));
    });

function describe(err: unknown): string {
    const e = err as NodeJS.ErrnoException;
    if (e.code === "ECONNREFUSED") return "connection refused";
    return e.code ? `${e.code}: ${e.message.split("\n")[0]}` : String(e.message ?? err);
}

export const httpProbe: Probe = httpProbeVia([]);
