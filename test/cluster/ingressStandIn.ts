// What a real cluster's ingress controller does, for a cluster that has none (kwok pods serve no HTTP):
//  - gives every Ingress a load balancer address (127.0.0.1), so the Kubernetes provider's await of the
//    Ingress completes (the program, and what a real cluster gets, are unchanged);
//  - serves HTTPS on a loopback port for the Ingresses' hosts, with a certificate from the cluster's CA, and
//    routes each request as a controller would: host -> the Ingress rule -> its Service -> the Service's
//    ready endpoints (EndpointSlices, kept by the real controller manager) -> their pods. It answers 200
//    with the pods' images when the Service has ready endpoints, 503 when it has none, and 500 when they
//    run a version containing "fails-smoke" (an application that is Ready but broken).
// So a smoke test through it proves that traffic for a host reaches pods of the version expected, through
// the objects Kubernetes really holds; not that an application works, nor anything of a real load balancer.
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as https from "https";
import type { AddressInfo } from "net";
import * as path from "path";
import { tempDir } from "../engine/realEngine";
import { api, clusterDir, readyEndpointImages, watch } from "./kubeApi";

export interface IngressStandIn {
    port: number;
    /** The `--connect-to` arguments that send lockstep's smoke tests for these hosts here. */
    connectTo(hosts: string[]): string[];
    /** The Host header of every request served, in order. */
    requests: string[];
    /** Hosts that answer 500 whatever their pods run (a broken edge in front of healthy pods). */
    failing: Set<string>;
    stop(): Promise<void>;
}

interface Route {
    namespace: string;
    service: string;
}

/** A serving certificate for `*.<domain>` of each domain, signed by the cluster's CA (which NODE_EXTRA_CA_CERTS trusts). */
function servingCertificate(domains: string[]): { key: Buffer; cert: Buffer } {
    const dir = tempDir("ingress-pki");
    const pki = path.join(clusterDir, "pki");
    const key = path.join(dir, "ingress.key");
    const csr = path.join(dir, "ingress.csr");
    const cert = path.join(dir, "ingress.crt");
    const ext = path.join(dir, "ingress.ext");
    fs.writeFileSync(ext, `subjectAltName=${domains.map((d) => `DNS:*.${d}`).join(",")}\n`);
    execFileSync("openssl", ["req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", "/CN=lockstep-ingress-stand-in"], { stdio: "ignore" });
    execFileSync("openssl", ["x509", "-req", "-in", csr, "-CA", path.join(pki, "ca.crt"), "-CAkey", path.join(pki, "ca.key"), "-CAcreateserial", "-out", cert, "-days", "1", "-extfile", ext], { stdio: "ignore" });
    return { key: fs.readFileSync(key), cert: fs.readFileSync(cert) };
}

async function answer(route: Route | undefined): Promise<{ status: number; body: string }> {
    if (!route) return { status: 404, body: "no Ingress rule for this host" };
    const images = await readyEndpointImages(route.namespace, route.service);
    if (images.length === 0) return { status: 503, body: `no ready endpoints for Service ${route.namespace}/${route.service}` };
    const status = images.some((image) => image.includes("fails-smoke")) ? 500 : 200;
    return { status, body: JSON.stringify({ service: route.service, images: [...new Set(images)] }) };
}

export async function startIngressStandIn(domains: string[]): Promise<IngressStandIn> {
    const routes = new Map<string, Route>();
    const stopWatch = watch("/apis/networking.k8s.io/v1/ingresses", (event) => {
        if (event.type !== "ADDED" && event.type !== "MODIFIED") return;
        const ingress = event.object;
        const { namespace, name } = ingress.metadata;
        for (const rule of ingress.spec?.rules ?? []) {
            const backend = rule.http?.paths?.[0]?.backend?.service?.name;
            if (rule.host && backend) routes.set(rule.host, { namespace, service: backend });
        }
        if (ingress.status?.loadBalancer?.ingress?.length) return;
        api("PATCH", `/apis/networking.k8s.io/v1/namespaces/${namespace}/ingresses/${name}/status`, { status: { loadBalancer: { ingress: [{ ip: "127.0.0.1" }] } } }, "application/merge-patch+json").catch(() => undefined);
    });
    const requests: string[] = [];
    const failing = new Set<string>();
    const server = https.createServer(servingCertificate(domains), (req, res) => {
        const host = (req.headers.host ?? "").replace(/:\d+$/, "");
        requests.push(host);
        if (failing.has(host)) return void res.writeHead(500, { connection: "close" }).end("failing on purpose");
        answer(routes.get(host))
            .then(({ status, body }) => res.writeHead(status, { "content-type": "application/json", connection: "close" }).end(body))
            .catch((err) => res.writeHead(502, { connection: "close" }).end(String(err)));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;
    return {
        port,
        requests,
        failing,
        connectTo: (hosts) => hosts.flatMap((host) => ["--connect-to", `${host}:443:127.0.0.1:${port}`]),
        stop: async () => {
            stopWatch();
            await new Promise<void>((resolve) => server.close(() => resolve()));
        },
    };
}
