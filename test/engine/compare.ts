// What the engine tier compares: violations as lockstep reports them and as the engine's events carry them,
// and `pulumi preview` of a program run through inlinePreview.ts.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { signatureKey } from "../../render/exportDeployment";
import type { RenderedStack } from "../../render/renderStack";
import { engineEnv, gatesPack, packLauncher, repoRoot, tempDir, type EngineViolation } from "./realEngine";

/** The approvals CI passes for alice's change, approved by bob and carol: enough for every environment. */
export const approvals = { "deployment-change-approval": { approvers: ["bob", "carol"], author: "alice" } };

/** A `--policy-pack-config` file holding `approvals`, in a directory of its own. */
export function approvalsFile(): string {
    const file = path.join(tempDir("approvals"), "approvals.json");
    fs.writeFileSync(file, JSON.stringify(approvals));
    return file;
}

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
    /** Every step of the preview: the URN, type, operation and the inputs the engine analyzed. */
    resources: Array<{ urn: string; type: string; op: string; inputs?: Record<string, unknown> }>;
    stderr: string;
}

/** `pulumi preview` of the program in `projectDir` with the packs, through inlinePreview.ts. */
export function enginePreview(
    projectDir: string,
    stack: string,
    options: { project?: string; packs?: string[]; policyConfig?: string | string[]; packEnv?: Record<string, string> } = {},
): InlinePreview {
    const project = options.project ?? "lockstep";
    const launchers = (options.packs ?? [gatesPack]).map((pack) => packLauncher(pack, { project, stack, dryRun: true }));
    const node = path.join(repoRoot, "node_modules", ".bin", "node");
    const args = ["-r", "ts-node/register/transpile-only", path.join(__dirname, "inlinePreview.ts"), projectDir, stack, ([] as string[]).concat(options.policyConfig ?? []).join(",") || "-", ...launchers];
    const run = spawnSync(node, args, { cwd: repoRoot, env: engineEnv(tempDir("backend"), options.packEnv), encoding: "utf8", maxBuffer: 64 << 20 });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout);
}


/** The render holds the resources the engine's preview would create (same URNs and types), with the inputs it analyzes. */
export function assertSameResources(rendered: RenderedStack, engine: InlinePreview): void {
    const ours = new Map(rendered.resources.map((r) => [r.urn, r]));
    assert.deepEqual([...ours.keys()].sort(), engine.resources.map((r) => r.urn).sort(), "the same URNs");
    for (const theirs of engine.resources) {
        const mine = ours.get(theirs.urn)!;
        assert.equal(mine.type, theirs.type);
        if (!mine.custom) continue; // the engine shows a component's inputs as {}; the SDK registers none either
        const expected = withAutoNamesMasked(withoutInternal(theirs.inputs ?? {}));
        assert.deepEqual(withSecretsAsShown(withAutoNamesMasked(mine.inputs), expected), expected, theirs.urn);
    }
}

/** Auto-name suffixes are random in the engine and derived offline: `name-<7 or 8 hex>` compares as `name-*`. */
function withAutoNamesMasked(value: unknown): unknown {
    return JSON.parse(JSON.stringify(value), (_, v) => (typeof v === "string" ? v.replace(/^([a-z0-9-]+)-[0-9a-f]{7,8}$/, "$1-*") : v));
}

/** `__internal` is the engine's own bookkeeping on provider inputs; packs never see `__` keys. */
function withoutInternal(inputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(inputs).filter(([k]) => k !== "__internal"));
}

const isShownSecret = (v: any) => v !== null && typeof v === "object" && v[signatureKey] !== undefined && v.ciphertext === "[secret]";
const holdsSecret = (v: unknown): boolean =>
    v !== null && typeof v === "object" && ((v as any)[signatureKey] !== undefined || Object.values(v as object).some(holdsSecret));

/**
 * The engine's events show a secret as `{<sig>, ciphertext: "[secret]"}`, and the Kubernetes provider's Check
 * makes a whole value secret when it holds one (a container list with a secret env var). Where the engine shows
 * a secret, ours must hold one there: that part then compares as shown.
 */
function withSecretsAsShown(ours: unknown, theirs: unknown): unknown {
    if (isShownSecret(theirs)) return holdsSecret(ours) ? theirs : ours;
    if (Array.isArray(ours) && Array.isArray(theirs)) return ours.map((v, i) => withSecretsAsShown(v, theirs[i]));
    if (ours !== null && typeof ours === "object" && theirs !== null && typeof theirs === "object" && !Array.isArray(theirs)) {
        return Object.fromEntries(Object.entries(ours).map(([k, v]) => [k, withSecretsAsShown(v, (theirs as any)[k])]));
    }
    return ours;
}
