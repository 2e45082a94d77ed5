// What the engine tier compares: violations as lockstep reports them and as the engine's events carry them,
// and `pulumi preview` of a program run through inlinePreview.ts.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import { engineEnv, gatesPack, packLauncher, repoRoot, tempDir, type EngineViolation } from "./realEngine";

export interface Verdict {
    pack: string;
    policy: string;
    level: string;
    urn: string;
    message: string;
}

const sorted = (verdicts: Verdict[]) => [...verdicts].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

export function offlineVerdicts(report: any): Verdict[] {
    return sorted(
        report.violations.map((v: any) => ({
            pack: `${v.policyPackName}@${v.policyPackVersion}`,
            policy: v.policyName,
            level: v.enforcementLevel,
            urn: v.urn,
            message: v.message,
        })),
    );
}

/**
 * The engine files a stack violation without a URN under no resource; the offline report under the root stack.
 * An update's policy events end the pack's message with a newline (pkg/engine/events.go policyViolationEvent
 * writes the message, then '\n'); `policy analyze` events do not. The pack's message is what is compared.
 */
export function engineVerdicts(violations: EngineViolation[], rootUrn: string): Verdict[] {
    return sorted(
        violations.map((v) => ({
            pack: `${v.policyPackName}@${v.policyPackVersion}`,
            policy: v.policyName,
            level: v.enforcementLevel,
            urn: v.resourceUrn || rootUrn,
            message: v.message.replace(/\n$/, ""),
        })),
    );
}

export interface InlinePreview {
    policyEvents: EngineViolation[];
    summary?: { result: string; resourceChanges: Record<string, number> };
    resourceCount: number;
    stderr: string;
}

/** `pulumi preview` of the program in `projectDir` with the packs, through inlinePreview.ts. */
export function enginePreview(
    projectDir: string,
    stack: string,
    options: { project?: string; packs?: string[]; policyConfig?: string; packEnv?: Record<string, string> } = {},
): InlinePreview {
    const project = options.project ?? "lockstep";
    const launchers = (options.packs ?? [gatesPack]).map((pack) => packLauncher(pack, { project, stack, dryRun: true }));
    const node = path.join(repoRoot, "node_modules", ".bin", "node");
    const args = ["-r", "ts-node/register/transpile-only", path.join(__dirname, "inlinePreview.ts"), projectDir, stack, options.policyConfig ?? "-", ...launchers];
    const run = spawnSync(node, args, { cwd: repoRoot, env: engineEnv(tempDir("backend"), options.packEnv), encoding: "utf8", maxBuffer: 64 << 20 });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout);
}

