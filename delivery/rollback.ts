// Rollback: choose the release to go back to from stack history (pure), then restore it: preview first and
// refuse destructive changes outside the app layer unless forced, update, and smoke-test afterwards.
import { InputError } from "../project/inputError";
import { changesByType, changesOutsideAppLayer } from "./appLayer";
import { applyToStack, editPath, type ConfigEdit } from "./configEdit";
import { serviceUrls, type DeliveryDeps, type DeliveryOutcome } from "./promote";
import { otherColor, recordedServices, type ServiceRelease } from "./serviceReleases";
import type { UpdateRecord } from "./stackOperations";
import { StepLog } from "./stepLog";

export interface RestoreEdit extends ConfigEdit {
    /** The value the stack file holds now, to put back if the rollback is refused or fails. */
    previous: string;
}

export interface RollbackPlan {
    /** The update whose config is restored; undefined for a blue-green flip without usable history. */
    target?: UpdateRecord;
    edits: RestoreEdit[];
    releases: ServiceRelease[];
}

/** What restoring `recorded` (a service entry from history) changes for `current`. */
export function restoreEdits(current: ServiceRelease, recorded: Record<string, unknown> | undefined): RestoreEdit[] {
    if (!recorded) return [];
    const { index } = current;
    if (current.strategy === "rolling") {
        const version = recorded.version === undefined ? undefined : String(recorded.version);
        return version !== undefined && version !== current.version ? [{ index, field: ["version"], value: version, previous: current.version ?? "" }] : [];
    }
    const active = current.activeColor!;
    if (recorded.activeColor !== undefined && recorded.activeColor !== active) {
        // The old colour is still running: flipping the Service selector back is the whole rollback.
        return [{ index, field: ["activeColor"], value: String(recorded.activeColor), previous: active }];
    }
    const recordedVersion = (recorded.versions as Record<string, unknown> | undefined)?.[active];
    return recordedVersion !== undefined && String(recordedVersion) !== current.versions![active]
        ? [{ index, field: ["versions", active], value: String(recordedVersion), previous: current.versions![active] }]
        : [];
}

/**
 * The newest successful update whose config differs from the current one for the chosen services (or update
 * `to`, which must have succeeded). A blue-green service named on its own (`--service`) with nothing to
 * restore from history flips back; across all services that would flip ones the failed change never touched.
 */
export function planRollback(releases: ServiceRelease[], history: UpdateRecord[], to?: number, singleService = false): RollbackPlan {
    const editsFor = (record: UpdateRecord) => {
        const services = recordedServices(record.config) ?? [];
        return releases.flatMap((r) => restoreEdits(r, services.find((s) => s.name === r.name)));
    };
    const successful = history.filter((h) => h.kind === "update" && h.result === "succeeded").sort((a, b) => b.version - a.version);
    if (to !== undefined) {
        const target = successful.find((h) => h.version === to);
        if (!target) {
            const known = successful.slice(0, 5).map((h) => h.version).join(", ");
            throw new InputError(`--to ${to}: no successful update with that version in stack history: expected one of ${known || "(none)"}`);
        }
        const edits = editsFor(target);
        if (edits.length === 0) throw new InputError(`--to ${to}: update ${to} ran the same versions as the stack file now: nothing to roll back`);
        return { target, edits, releases };
    }
    for (const target of successful) {
        const edits = editsFor(target);
        if (edits.length > 0) return { target, edits, releases };
    }
    const flips = releases
        .filter((r) => singleService && r.strategy === "blueGreen")
        .map((r): RestoreEdit => ({ index: r.index, field: ["activeColor"], value: otherColor(r.activeColor!), previous: r.activeColor! }));
    if (flips.length > 0) return { edits: flips, releases };
    throw new InputError(`--stack: no earlier successful release in stack history differs from the stack file: nothing to roll back to (pass --to <update version>)`);
}

export function describePlan(plan: RollbackPlan): string {
    const from = plan.target ? `update ${plan.target.version} (${plan.target.endTime ?? plan.target.startTime})` : "the other colour";
    return `restore ${from}: ${plan.edits.map((e) => `${editPath(e)} ${e.previous} -> ${e.value}`).join(", ")}`;
}

export async function rollback(plan: RollbackPlan, force: boolean, deps: DeliveryDeps): Promise<DeliveryOutcome> {
    const { ops, smoke } = deps;
    const log = new StepLog(deps.clock, deps.onStep);
    const undo = plan.edits.map((e) => ({ ...e, value: e.previous }));
    const done = (ok: boolean, deployed: boolean, summary: string): DeliveryOutcome =>
        ({ ok, steps: log.steps, totalSeconds: log.totalSeconds(), deployedEdits: deployed ? plan.edits : [], summary });

    await log.run("set the config of the release to restore", async () => {
        await applyToStack(ops, plan.edits);
        return { ok: true, detail: plan.edits.map(editPath).join(", ") };
    });
    let refusal: string | undefined;
    await log.run("preview the rollback", async () => {
        const preview = await ops.preview();
        const outside = changesOutsideAppLayer(preview.changes);
        const detail = Object.entries(changesByType(preview.changes)).map(([k, n]) => `${k}: ${n}`).join(", ") || "no changes";
        if (outside.length > 0 && !force) {
            refusal = `it would ${outside.map((c) => `${c.op} ${c.type} (${c.urn.split("::").pop()})`).join(", ")}, outside the app layer: re-run with --force if that is intended`;
            return { ok: false, detail: refusal };
        }
        return { ok: true, detail: outside.length > 0 ? `${detail} (outside the app layer, allowed by --force)` : detail };
    });
    if (refusal) {
        await applyToStack(ops, undo);
        return done(false, false, `rollback refused: ${refusal}`);
    }
    const updated = await log.run("update the stack", async () => {
        const up = await ops.up(`lockstep rollback: ${describePlan(plan)}`);
        return { ok: up.succeeded, detail: up.error };
    });
    if (!updated) {
        await applyToStack(ops, undo);
        return done(false, false, "rollback update failed: follow the break-glass steps in docs/runbook.md");
    }
    const healthy = await log.run("smoke-test the restored release", async () => {
        const failures: string[] = [];
        for (const release of plan.releases) {
            const { url } = await serviceUrls(ops, release);
            if (!url) continue; // a service without a public URL has nothing to smoke-test
            const result = await smoke(url);
            if (!result.passed) failures.push(`${release.name}: ${result.reason}`);
        }
        return { ok: failures.length === 0, detail: failures.join("; ") || undefined };
    });
    return done(healthy, true, healthy ? "rolled back and healthy" : "rolled back, but the smoke test still fails: follow the break-glass steps in docs/runbook.md");
}
