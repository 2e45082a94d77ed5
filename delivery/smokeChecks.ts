// Smoke checks: what one HTTP check expects, how a response is judged, and the retry loop. The HTTP
// request itself is injected (a Probe) so that the judging and retrying stay pure and testable.
import { redactUrl, redactUrlsIn } from "../project/redactUrls";

export interface SmokeCheck {
    /** What the check is about, e.g. `payments-api` or the URL itself. */
    name: string;
    url: string;
    expectStatus: number;
    /** Regular expression the body must match, when given. */
    bodyPattern?: RegExp;
    latencyBudgetMs: number;
    timeoutMs: number;
    /** Attempts after the first one. */
    retries: number;
    retryDelayMs: number;
}

export type ProbeResult = { status: number; body: string; latencyMs: number } | { error: string; latencyMs: number };
export type Probe = (url: string, timeoutMs: number) => Promise<ProbeResult>;

export interface SmokeResult {
    name: string;
    url: string;
    passed: boolean;
    attempts: number;
    status?: number;
    latencyMs: number;
    /** Why the last attempt failed. */
    reason?: string;
}

export const smokeDefaults = { expectStatus: 200, latencyBudgetMs: 2000, timeoutMs: 5000, retries: 2, retryDelayMs: 1000 } as const;

/** Why a response fails the check, or undefined when it passes. */
export function failureReason(check: SmokeCheck, response: ProbeResult): string | undefined {
    if ("error" in response) return response.error;
    if (response.status !== check.expectStatus) return `status ${response.status}, expected ${check.expectStatus}`;
    if (check.bodyPattern && !check.bodyPattern.test(response.body)) return `body does not match /${check.bodyPattern.source}/`;
    if (response.latencyMs > check.latencyBudgetMs) {
        return `took ${Math.round(response.latencyMs)} ms, over the ${check.latencyBudgetMs} ms budget`;
    }
    return undefined;
}

export async function runSmokeCheck(check: SmokeCheck, probe: Probe, sleep: (ms: number) => Promise<void>): Promise<SmokeResult> {
    let attempts = 0;
    for (;;) {
        attempts++;
        const response = await probe(check.url, check.timeoutMs);
        const reason = failureReason(check, response);
        const status = "status" in response ? response.status : undefined;
        if (reason === undefined || attempts > check.retries) {
            // Every field that reaches a report is redacted here, once, whatever format prints it.
            return {
                name: redactUrlsIn(check.name),
                url: redactUrl(check.url),
                passed: reason === undefined,
                attempts,
                status,
                latencyMs: Math.round(response.latencyMs),
                reason: reason === undefined ? undefined : redactUrlsIn(reason),
            };
        }
        await sleep(check.retryDelayMs);
    }
}

export function runSmokeChecks(checks: SmokeCheck[], probe: Probe, sleep: (ms: number) => Promise<void>): Promise<SmokeResult[]> {
    return Promise.all(checks.map((c) => runSmokeCheck(c, probe, sleep)));
}
