// The smoke-test flags shared by smoke, promote and rollback, turned into a check template.
import { InputError } from "../project/inputError";
import { parseConnectTo } from "../delivery/connectTo";
import { runSmokeChecks, smokeDefaults, type Probe, type SmokeCheck } from "../delivery/smokeChecks";
import { httpProbeVia } from "../delivery/httpProbe";
import type { SmokeUrl } from "../delivery/promote";

export const smokeOptionSpecs = {
    status: { type: "string" },
    body: { type: "string" },
    "latency-ms": { type: "string" },
    "timeout-ms": { type: "string" },
    retries: { type: "string" },
    "retry-delay-ms": { type: "string" },
    "connect-to": { type: "string", multiple: true },
} as const;

export const smokeOptionsHelp = `  --status CODE          expected HTTP status (default: ${smokeDefaults.expectStatus})
  --body REGEX           a regular expression the body must match
  --latency-ms MS        latency budget per request (default: ${smokeDefaults.latencyBudgetMs})
  --timeout-ms MS        give up on a request after this long (default: ${smokeDefaults.timeoutMs})
  --retries N            attempts after the first failure (default: ${smokeDefaults.retries})
  --retry-delay-ms MS    pause between attempts (default: ${smokeDefaults.retryDelayMs})
  --connect-to H:P:A:P   send requests for host H port P to address A port P, keeping the URL's host
                         name (Host header, TLS name); repeatable. E.g. before DNS points at a new
                         load balancer: --connect-to api.example.com:443:203.0.113.7:443`;

type SmokeFlags = Partial<Record<Exclude<keyof typeof smokeOptionSpecs, "connect-to">, string>> & { "connect-to"?: string[] };
export type CheckTemplate = Omit<SmokeCheck, "name" | "url">;

export function checkTemplate(flags: SmokeFlags): CheckTemplate {
    let bodyPattern: RegExp | undefined;
    if (flags.body !== undefined) {
        try {
            bodyPattern = new RegExp(flags.body);
        } catch (err) {
            throw new InputError(`--body: not a regular expression (${(err as Error).message}): fix the pattern`);
        }
    }
    return {
        expectStatus: whole("status", flags.status, smokeDefaults.expectStatus, 100, 599),
        bodyPattern,
        latencyBudgetMs: whole("latency-ms", flags["latency-ms"], smokeDefaults.latencyBudgetMs, 1, 600_000),
        timeoutMs: whole("timeout-ms", flags["timeout-ms"], smokeDefaults.timeoutMs, 1, 600_000),
        retries: whole("retries", flags.retries, smokeDefaults.retries, 0, 100),
        retryDelayMs: whole("retry-delay-ms", flags["retry-delay-ms"], smokeDefaults.retryDelayMs, 0, 600_000),
    };
}

export function whole(flag: string, value: string | undefined, fallback: number, min: number, max: number): number {
    if (value === undefined) return fallback;
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) throw new InputError(`--${flag}: expected a whole number from ${min} to ${max}, got "${value}"`);
    return n;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The HTTP probe the flags ask for (`--connect-to`). */
export function probeFor(flags: SmokeFlags): Probe {
    return httpProbeVia((flags["connect-to"] ?? []).map(parseConnectTo));
}

/** A SmokeUrl (what promote and rollback need) over real HTTP with the given flags. */
export function smokeUrlWith(template: CheckTemplate, probe: Probe): SmokeUrl {
    return async (url) => {
        const [result] = await runSmokeChecks([{ ...template, name: url, url }], probe, sleep);
        return { passed: result.passed, reason: result.reason };
    };
}
