// A real HTTP server on loopback for smoke tests: healthy, slow, failing, wrong-body and flaky routes.
import * as http from "http";
import type { AddressInfo } from "net";

export interface LoopbackServer {
    base: string;
    /** Path prefixes that answer 500, e.g. "/checkout-preview" to break a blue-green preview. */
    failing: Set<string>;
    /** The Host header of every request, in order. */
    hosts: string[];
    close(): Promise<void>;
}

export async function startLoopbackServer(): Promise<LoopbackServer> {
    let flakyCalls = 0;
    const failing = new Set<string>();
    const hosts: string[] = [];
    const server = http.createServer((req, res) => {
        hosts.push(req.headers.host ?? "");
        const send = (status: number, body: string) => res.writeHead(status, { "content-type": "text/plain", connection: "close" }).end(body);
        const url = req.url ?? "/";
        if ([...failing].some((prefix) => url.startsWith(prefix))) return send(500, "boom");
        // Any service's health path (/<service>/healthz, /<service>/health/ready) is healthy.
        if (/\/(healthz|health\/ready)$/.test(url)) return send(200, "ok");
        switch (req.url) {
            case "/healthz": return send(200, "ok");
            case "/slow": return void setTimeout(() => send(200, "ok"), 300);
            case "/error": return send(500, "boom");
            case "/wrong-body": return send(200, "maintenance");
            case "/flaky": return send(++flakyCalls === 1 ? 503 : 200, "ok");
            default: return send(404, "not found");
        }
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        base: `http://127.0.0.1:${port}`,
        failing,
        hosts,
        close: () => new Promise((resolve) => server.close(() => resolve())),
    };
}

/** A loopback port nothing listens on: bound once, then released. */
export async function refusedPort(): Promise<number> {
    const server = http.createServer();
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    return port;
}
