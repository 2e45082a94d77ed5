// Blue-green promotion: deploy the new version to the idle colour, smoke-test it through the preview
// Service, flip activeColor, smoke-test the live URL, and flip back on failure.
import { applyToStack, type ConfigEdit } from "./configEdit";
import { otherColor, type ServiceRelease } from "./serviceReleases";
import type { StackOperations } from "./stackOperations";
import type { Clock, Step } from "./stepLog";
import { StepLog } from "./stepLog";

/** Smoke-tests one URL; says whether it passed and why not. */
export type SmokeUrl = (url: string) => Promise<{ passed: boolean; reason?: string }>;

export interface PromotionRequest {
    release: ServiceRelease;
    version: string;
}

export interface DeliveryOutcome {
    ok: boolean;
    steps: Step[];
    totalSeconds: number;
    /** Config now deployed that differs from the stack file: the command writes it back. */
    deployedEdits: ConfigEdit[];
    summary: string;
}

export interface DeliveryDeps {
    ops: StackOperations;
    smoke: SmokeUrl;
    clock: Clock;
    onStep?: (step: Step) => void;
}

export async function promote(request: PromotionRequest, deps: DeliveryDeps): Promise<DeliveryOutcome> {
    const { release, version } = request;
    const { ops, smoke } = deps;
    const log = new StepLog(deps.clock, deps.onStep);
    const live = release.activeColor!;
    const idle = otherColor(live);
    const idleVersion: ConfigEdit = { index: release.index, field: ["versions", idle], value: version };
    const toIdle: ConfigEdit = { index: release.index, field: ["activeColor"], value: idle };
    const toLive: ConfigEdit = { index: release.index, field: ["activeColor"], value: live };
    const done = (ok: boolean, deployedEdits: ConfigEdit[], summary: string): DeliveryOutcome =>
        ({ ok, steps: log.steps, totalSeconds: log.totalSeconds(), deployedEdits, summary });

    const deployed = await log.run(`deploy ${version} to idle colour ${idle} and wait for the rollout`, async () => {
        await applyToStack(ops, [idleVersion]);
        const up = await ops.up(`lockstep promote ${release.name} ${version} to ${idle}`);
        if (up.succeeded) return { ok: true };
        // The failed version never took traffic: put the config back so the next update does not retry it.
        await applyToStack(ops, [{ ...idleVersion, value: release.versions![idle] }]);
        return { ok: false, detail: up.error };
    });
    if (!deployed) return done(false, [], `deploy to ${idle} failed; ${live} still serves ${release.versions![live]}`);

    const urls = await serviceUrls(ops, release);
    const idleHealthy = await log.run(`smoke-test ${idle} through the preview URL`, async () => {
        if (!urls.previewUrl) return { ok: false, detail: `stack output services.${release.name}.previewUrl is missing` };
        const result = await smoke(urls.previewUrl);
        return { ok: result.passed, detail: result.reason };
    });
    if (!idleHealthy) return done(false, [idleVersion], `${version} failed its smoke test on ${idle}; no traffic was switched, ${live} still serves`);

    const flipped = await log.run(`flip activeColor ${live} -> ${idle}`, async () => {
        await applyToStack(ops, [toIdle]);
        const up = await ops.up(`lockstep promote ${release.name}: activeColor ${idle}`);
        return { ok: up.succeeded, detail: up.error };
    });
    if (flipped) {
        const liveHealthy = await log.run(`smoke-test the live URL on ${idle}`, async () => {
            if (!urls.url) return { ok: false, detail: `stack output services.${release.name}.url is missing` };
            const result = await smoke(urls.url);
            return { ok: result.passed, detail: result.reason };
        });
        if (liveHealthy) return done(true, [idleVersion, toIdle], `${release.name} ${version} is live on ${idle}; ${live} keeps ${release.versions![live]} for rollback`);
    }
    const restored = await log.run(`flip back activeColor -> ${live}`, async () => {
        await applyToStack(ops, [toLive]);
        const up = await ops.up(`lockstep promote ${release.name}: flip back to ${live}`);
        return { ok: up.succeeded, detail: up.error };
    });
    return done(
        false,
        restored ? [idleVersion] : [idleVersion, toIdle],
        restored ? `${version} failed on ${idle}; flipped back, ${live} serves again` : `${version} failed and the flip back failed too: follow the break-glass steps in docs/runbook.md`,
    );
}

/** Smoke URLs of a service from the stack outputs (`services.<name>.url` / `.previewUrl`) plus its health path. */
export async function serviceUrls(ops: StackOperations, release: ServiceRelease): Promise<{ url?: string; previewUrl?: string }> {
    const outputs = await ops.outputs();
    const service = (outputs.services as Record<string, Record<string, unknown>> | undefined)?.[release.name] ?? {};
    const withPath = (base: unknown) => (typeof base === "string" ? joinUrl(base, release.healthPath) : undefined);
    return { url: withPath(service.url), previewUrl: withPath(service.previewUrl) };
}

export function joinUrl(base: string, path: string): string {
    return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
