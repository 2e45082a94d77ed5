// `lockstep release policy-config`: the deployment-release-verified policy's config built from the release
// records and merged into the approvals file CI passes to pulumi preview/up; and what `release record
// --break-glass` records when that gate was broken.
import { breakGlassApprovals, countedApprovers, judgeFreeze } from "../delivery/freezeGate";
import { parseDuration } from "../delivery/promotionGate";
import type { ReleaseRecord, StoredRecord } from "../delivery/releaseRecord";
import { readRecords } from "../delivery/releaseRecords";
import { previousStage, refusedVersions, releasePolicyConfig, type ReleasePolicyConfig } from "../delivery/releaseVerification";
import { InputError } from "../project/inputError";
import { listStacks, type PulumiProject } from "../project/pulumiProject";
import { breakGlassOf, freezeVerdict, freezeWindowsOf, policyConfigFile } from "./freezeOptions";
import { recordStores, stackRelease } from "./releaseRecordsOptions";

export const releaseGatePolicy = "deployment-release-verified";

type Flags = {
    stack?: string;
    from?: string;
    soak?: string;
    records?: string;
    "from-records"?: string;
    "s3-endpoint"?: string;
    "policy-pack-config"?: string;
    "break-glass"?: string;
    freeze?: string;
};

/** The approvals file's entries plus deployment-release-verified for `stack`, from the records of the stack before it. */
export async function releaseGateConfig(project: PulumiProject, stack: string, flags: Flags, now = new Date()): Promise<{ config: Record<string, unknown>; gate: ReleasePolicyConfig }> {
    const { release } = stackRelease(project, stack); // an unknown stack is bad input before any record is read
    const from = flags.from ?? previousStage(stack);
    if (from === undefined) throw new InputError(`--stack ${stack}: no environment comes before it (dev -> staging -> prod): give the stack whose records verify its versions, e.g. --from STACK`);
    if (from === stack) throw new InputError(`--from ${from}: the stack itself: give the environment before ${stack}, e.g. --from dev`);
    if (!listStacks(project).includes(from)) {
        const hint = flags.from === undefined ? ` (the environment before ${stack}): give the stack whose records verify its versions with --from STACK, one of ${listStacks(project).join(", ")}` : `: expected one of ${listStacks(project).join(", ")}`;
        throw new InputError(`--from ${from}: no such stack${hint}`);
    }
    const soakText = flags.soak ?? (process.env.LOCKSTEP_SOAK || "0");
    const soakSeconds = parseDuration(soakText);
    if (soakSeconds === undefined) throw new InputError(`--soak ${soakText}: expected a duration like 30m, 1h or 90s`);
    const breakGlass = breakGlassOf(flags);
    const base = flags["policy-pack-config"] === undefined ? {} : policyConfigFile(flags["policy-pack-config"]);
    const fromStores = recordStores(project, flags, "from-records", flags["from-records"] ?? flags.records);
    const stackStores = recordStores(project, flags);
    const fromRecords = new Map<string, StoredRecord[]>();
    const stackRecords = new Map<string, StoredRecord[]>();
    for (const s of release.services) {
        fromRecords.set(s.name, await readRecords(fromStores.read, s.name, from));
        stackRecords.set(s.name, await readRecords(stackStores.read, s.name, stack));
    }
    const gate = releasePolicyConfig({ release, from, fromRecords, stackRecords, now, soakSeconds, breakGlass });
    return { config: { ...base, [releaseGatePolicy]: gate }, gate };
}

/** What the log says about the config: each version and why it may enter or not, and a break glass. */
export function describeGate(gate: ReleasePolicyConfig): string[] {
    const lines = [`release ${gate.releaseId} of ${gate.stack}, checked against ${gate.from}'s records:`];
    for (const [verdict, notes] of [["may enter", gate.admitted], ["REFUSED", gate.refused]] as const) {
        for (const [service, versions] of Object.entries(notes)) for (const [version, why] of Object.entries(versions)) lines.push(`  ${service} ${version} ${verdict}: ${why}`);
    }
    const refused = refusedVersions(gate).length;
    if (gate.breakGlass !== "") {
        const counted = countedApprovers({ reason: gate.breakGlass, approvers: gate.approvers, author: gate.author });
        if (refused === 0) lines.push(`every version is verified: --break-glass is not needed for this gate`);
        else if (counted.length >= breakGlassApprovals) lines.push(`breaking the release gate of ${gate.stack} (${gate.breakGlass}), approved by ${counted.join(", ")}: record the update with lockstep release record --break-glass`);
        else lines.push(`break glass needs ${breakGlassApprovals} approvers other than the author ${gate.author}; approved by ${gate.approvers.join(", ") || "nobody"}: the policy will refuse the update`);
    } else if (refused > 0) {
        lines.push(`the ${releaseGatePolicy} policy will refuse ${refused} version(s) in pulumi preview/up`);
    }
    return lines;
}

/** The versions a release-gate config in the approvals file lets through by break glass, or [] when it declares none. */
function brokenReleaseGate(file: string | undefined): string[] {
    if (file === undefined) return [];
    const entry = policyConfigFile(file)[releaseGatePolicy] as Partial<ReleasePolicyConfig> | undefined;
    if (entry === undefined || !entry.breakGlass) return [];
    const refused = entry.refused ?? {};
    const valid = typeof refused === "object" && !Array.isArray(refused) && Object.values(refused).every((v) => v !== null && typeof v === "object" && Object.values(v).every((r) => typeof r === "string"));
    if (!valid) throw new InputError(`--policy-pack-config ${file}: "${releaseGatePolicy}".refused: expected service names to versions to reasons: build it with lockstep release policy-config`);
    return refusedVersions({ refused });
}

/**
 * The break glass a record of `stack`'s update carries, judged as the policies judged it: the freeze it
 * broke (stacks/freeze.yaml at `at`) and the unverified versions the approvals file's release gate let
 * through. Undefined (and said on stderr) when it broke nothing or lacks its two approvals.
 */
export function recordedBreakGlass(project: PulumiProject, stack: string, flags: Flags, at: Date): ReleaseRecord["breakGlass"] {
    const unverified = brokenReleaseGate(flags["policy-pack-config"]);
    if (unverified.length === 0) {
        const freeze = freezeVerdict(project, stack, flags, at);
        if (!freeze.allowed) process.stderr.write(`lockstep: the break glass is not recorded: ${freeze.reason}\n`);
        return freeze.breakGlass;
    }
    const glass = breakGlassOf(flags)!;
    const freeze = judgeFreeze(stack, at, freezeWindowsOf(project, stack, flags), glass);
    if (!freeze.allowed) {
        process.stderr.write(`lockstep: the break glass is not recorded: ${freeze.reason}\n`);
        return undefined;
    }
    const counted = countedApprovers(glass);
    if (counted.length < breakGlassApprovals) {
        process.stderr.write(`lockstep: the break glass is not recorded: letting unverified versions into ${stack} needs ${breakGlassApprovals} distinct approvers other than the author ${glass.author}; approved by ${glass.approvers.join(", ") || "nobody"}\n`);
        return undefined;
    }
    process.stderr.write(`lockstep: breaking the release gate of ${stack} (${glass.reason}), approved by ${counted.join(", ")}: ${unverified.join("; ")}\n`);
    const windows = freeze.breakGlass === undefined ? {} : { until: freeze.breakGlass.until };
    return { reason: glass.reason, approvers: counted, author: glass.author, windows: freeze.breakGlass?.windows ?? [], ...windows, unverified };
}
