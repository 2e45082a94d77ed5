// The local cluster's API server (npm run cluster:up), as its admin: JSON requests and watches over HTTPS
// with the client certificate cluster:up made. Hand-written over node:https: the tier needs three calls,
// and a Kubernetes client library would bring more than the rest of the tier together.
import * as fs from "fs";
import * as https from "https";
import * as path from "path";

export const clusterDir = path.resolve(__dirname, "..", "..", ".engine", "cluster");
export const kubeconfig = path.join(clusterDir, "kubeconfig");
const port = Number(process.env.LOCKSTEP_CLUSTER_PORT ?? 16443);

function tls() {
    const pki = path.join(clusterDir, "pki");
    return { ca: fs.readFileSync(path.join(pki, "ca.crt")), cert: fs.readFileSync(path.join(pki, "admin.crt")), key: fs.readFileSync(path.join(pki, "admin.key")) };
}

export function clusterRunning(): boolean {
    return fs.existsSync(path.join(clusterDir, "pids")) && fs.existsSync(kubeconfig);
}

export function api<T = any>(method: string, urlPath: string, body?: unknown, contentType = "application/json"): Promise<T> {
    return new Promise((resolve, reject) => {
        const request = https.request({ host: "127.0.0.1", port, path: urlPath, method, headers: { "Content-Type": contentType }, ...tls() }, (response) => {
            let text = "";
            response.setEncoding("utf8");
            response.on("data", (chunk) => (text += chunk));
            response.on("end", () => {
                if ((response.statusCode ?? 500) >= 300) reject(new Error(`${method} ${urlPath}: ${response.statusCode} ${text.slice(0, 300)}`));
                else resolve(text ? JSON.parse(text) : undefined);
            });
        });
        request.on("error", reject);
        if (body !== undefined) request.write(JSON.stringify(body));
        request.end();
    });
}

export interface WatchEvent {
    type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK" | "ERROR";
    object: any;
}

/** Streams a watch (`?watch=true` added); returns a function that stops it. */
export function watch(urlPath: string, onEvent: (event: WatchEvent) => void): () => void {
    const separator = urlPath.includes("?") ? "&" : "?";
    const request = https.request({ host: "127.0.0.1", port, path: `${urlPath}${separator}watch=true`, method: "GET", ...tls() }, (response) => {
        let buffer = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => {
            buffer += chunk;
            let newline: number;
            while ((newline = buffer.indexOf("\n")) >= 0) {
                const line = buffer.slice(0, newline).trim();
                buffer = buffer.slice(newline + 1);
                if (line) onEvent(JSON.parse(line));
            }
        });
    });
    request.on("error", () => undefined); // aborted by stop()
    request.end();
    return () => request.destroy();
}

/** Polls `condition` until it holds; throws after `timeoutMs`, naming what was awaited. */
export async function waitFor(what: string, condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
        if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 250));
    }
}

/** Deletes a namespace left by an earlier run (and everything in it) and waits until it is gone. */
export async function removeNamespace(name: string): Promise<void> {
    await api("DELETE", `/api/v1/namespaces/${name}`).catch(() => undefined);
    await waitFor(`namespace ${name} to go`, async () => {
        try {
            await api("GET", `/api/v1/namespaces/${name}`);
            return false;
        } catch (err) {
            return /: 404 /.test(String(err));
        }
    }, 180_000);
}

/** The image of each pod behind a Service's ready endpoints (EndpointSlices, as the controller manager keeps them). */
export async function readyEndpointImages(namespace: string, service: string): Promise<string[]> {
    const selector = encodeURIComponent(`kubernetes.io/service-name=${service}`);
    const slices = (await api("GET", `/apis/discovery.k8s.io/v1/namespaces/${namespace}/endpointslices?labelSelector=${selector}`)).items;
    const pods: string[] = slices.flatMap((s: any) => s.endpoints ?? []).filter((e: any) => e.conditions?.ready && e.targetRef?.kind === "Pod").map((e: any) => e.targetRef.name);
    return Promise.all(pods.map(async (name) => (await api("GET", `/api/v1/namespaces/${namespace}/pods/${name}`)).spec.containers[0].image as string));
}
