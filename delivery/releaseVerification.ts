// The deployment-release-verified policy's config, from the release records: for each version a stack file
// deploys, whether it may enter the stack (promotion's rule verifies it in the environment before, or the
// stack's own records show it running there already) and the evidence, or why not. Pure: records and clock given.
import type { BreakGlass } from "./freezeGate";
import { verifyService } from "./promotionGate";
import type { Release } from "./release";
import type { RecordEvent, StoredRecord } from "./releaseRecord";

/** The order releases go through; a stack is placed by its name's environment (staging-eu is staging). */
export const releaseStages = ["dev", "staging", "prod"] as const;

/** The environment a release comes from before `stack`'s, or undefined for the first (or an unplaceable name). */
export function previousStage(stack: string): string | undefined {
    const name = stack.split("/").pop() ?? "";
    const index = releaseStages.findIndex((s) => name === s || name.startsWith(`${s}-`));
    return index > 0 ? releaseStages[index - 1] : undefined;
}

/** Events after which a version runs in the stack (as in promotionGate). */
const changesWhatRuns: readonly RecordEvent[] = ["deploy", "flip", "rollback"];

/**
 * The versions of a service that run in `stack` now, as its records show: the newest successful change's,
 * and for a blue-green service also the one it replaced, which stays up on the idle colour.
 */
export function runningVersions(records: readonly StoredRecord[], stack: string, service: string, blueGreen: boolean): { version: string; key: string }[] {
    const succeeded = records.filter((r) => r.record.stack === stack && r.record.service === service && changesWhatRuns.includes(r.record.event) && r.record.result === "succeeded");
    const running: { version: string; key: string }[] = [];
    for (let i = succeeded.length - 1; i >= 0 && running.length < (blueGreen ? 2 : 1); i--) {
        const { key, record } = succeeded[i];
        if (!running.some((r) => r.version === record.version)) running.push({ version: record.version, key });
    }
    return running;
}

/** The versions a release deploys, per service: what takes traffic, and for blue-green what the idle colour holds. */
export function deployedVersions(release: Release): { service: string; blueGreen: boolean; versions: string[] }[] {
    return release.services.map((s) => ({
        service: s.name,
        blueGreen: s.strategy === "blueGreen",
        versions: [...new Set([s.version, ...(s.idleVersion === undefined ? [] : [s.idleVersion])])],
    }));
}

export interface ReleaseVerificationInput {
    /** The stack about to be updated, and its release (from its stack file). */
    release: Release;
    /** The stack whose records verify the versions. */
    from: string;
    /** Per service: the records of `from`, and the records of the stack itself. */
    fromRecords: ReadonlyMap<string, StoredRecord[]>;
    stackRecords: ReadonlyMap<string, StoredRecord[]>;
    now: Date;
    soakSeconds: number;
    breakGlass?: BreakGlass;
}

export interface ReleasePolicyConfig {
    stack: string;
    from: string;
    releaseId: string;
    admitted: Record<string, Record<string, string>>;
    refused: Record<string, Record<string, string>>;
    breakGlass: string;
    approvers: string[];
    author: string;
}

export function releasePolicyConfig(input: ReleaseVerificationInput): ReleasePolicyConfig {
    const { release, from } = input;
    const admitted: ReleasePolicyConfig["admitted"] = {};
    const refused: ReleasePolicyConfig["refused"] = {};
    for (const { service, blueGreen, versions } of deployedVersions(release)) {
        const running = runningVersions(input.stackRecords.get(service) ?? [], release.stack, service, blueGreen);
        for (const version of versions) {
            const verdict = verifyService(input.fromRecords.get(service) ?? [], from, service, version, input.now, input.soakSeconds);
            const runs = running.find((r) => r.version === version);
            if (verdict.verified) (admitted[service] ??= {})[version] = `verified in ${from} since ${verdict.since} (${verdict.evidence.join(", ")})`;
            else if (runs) (admitted[service] ??= {})[version] = `runs in ${release.stack} already (${runs.key})`;
            else (refused[service] ??= {})[version] = verdict.reason;
        }
    }
    return {
        stack: release.stack,
        from,
        releaseId: release.id,
        admitted,
        refused,
        breakGlass: input.breakGlass?.reason ?? "",
        approvers: input.breakGlass?.approvers ?? [],
        author: input.breakGlass?.author ?? "",
    };
}

/** "checkout 2.5.0: <reason>" for each refused version, for a break glass's record and the log. */
export function refusedVersions(config: Pick<ReleasePolicyConfig, "refused">): string[] {
    return Object.entries(config.refused).flatMap(([service, versions]) => Object.entries(versions).map(([version, reason]) => `${service} ${version}: ${reason}`));
}
