// `--connect-to HOST:PORT:ADDR:PORT` (curl's option of that name): requests for HOST:PORT go to ADDR:PORT,
// keeping the URL's host name for the Host header, TLS server name and certificate check. For smoke-testing
// a load balancer or an ingress before DNS points at it.
import { InputError } from "../project/inputError";

export interface ConnectTo {
    host: string;
    port: number;
    toHost: string;
    toPort: number;
}

const pattern = /^([A-Za-z0-9.-]+):(\d{1,5}):([A-Za-z0-9.-]+|\[[0-9a-fA-F:]+\]):(\d{1,5})$/;

export function parseConnectTo(value: string): ConnectTo {
    const match = pattern.exec(value);
    const ports = match ? [Number(match[2]), Number(match[4])] : [];
    if (!match || ports.some((p) => p < 1 || p > 65535)) {
        throw new InputError(`--connect-to ${value}: expected HOST:PORT:ADDR:PORT, e.g. api.example.com:443:127.0.0.1:8443`);
    }
    return { host: match[1].toLowerCase(), port: ports[0], toHost: match[3].replace(/^\[|\]$/g, ""), toPort: ports[1] };
}

/** Where a request for the URL connects: the matching rule's address, or the URL's own host and port. */
export function connectionFor(url: URL, rules: ConnectTo[]): { host: string; port: number } {
    const port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    const rule = rules.find((r) => r.host === url.hostname.toLowerCase() && r.port === port);
    return rule ? { host: rule.toHost, port: rule.toPort } : { host: url.hostname, port };
}
