// Check, the application's operation behind `npm start`: every stack rendered once, the gates run over
// each through the offline analyzer host, and the parity report of the same renders. Returns data and
// prints nothing.
import { withPacksKilledOnInterrupt } from "../analyzer/packProcess";
import { parsePolicyConfig, type PolicyConfigMap } from "../analyzer/policyConfig";
import type { PreviewResult } from "../analyzer/previewStack";
import { previewStack, readPolicyPackConfig } from "../analyzer/previewStack";
import { InputError } from "../project/inputError";
import { approvalPolicy, approvalsExample } from "./approvalGate";
import { listStacks, readProject } from "../project/pulumiProject";
import type { RenderedStack } from "../project/renderedStack";
import { runParity, type ParityRun } from "./parity";
import { renderProgram } from "./renderProgram";

export { approvalPolicy } from "./approvalGate";

export interface CheckOptions {
    /** The Pulumi project directory (default: the current one). */
    dir?: string;
    /** A `--policy-pack-config` file for the gates; without it the approval gate is not checked. */
    policyPackConfig?: string;
    /** The day against which parity rules' `expires` is judged (default: today). */
    asOf?: string;
}

export interface CheckResult {
    /** 0 all passed; 1 a mandatory violation, parity below target or unexplained drift. */
    exitCode: 0 | 1;
    stacks: RenderedStack[];
    /** In the stacks' order. */
    gates: PreviewResult[];
    /** Why a gate was set aside, when one was. */
    gatesNote?: string;
    parity: ParityRun;
}

/**
 * Offline there is no change to approve: without approvals the approval gate is set aside (and the
 * result says so) rather than failing every fresh clone on prod.
 */
function gateConfig(file: string | undefined): { config: PolicyConfigMap; note?: string } {
    if (file !== undefined) return { config: readPolicyPackConfig(file) };
    return {
        config: parsePolicyConfig({ [approvalPolicy]: "disabled" }, "lockstep check"),
        note: `${approvalPolicy} not checked: no approvals given (pass --policy-pack-config with the change's approvers and author to check them; format: ${approvalsExample})`,
    };
}

export async function check(options: CheckOptions = {}): Promise<CheckResult> {
    const project = readProject(options.dir ?? ".");
    const names = listStacks(project);
    if (names.length === 0) throw new InputError(`${project.stackConfigDir}: no stack files (Pulumi.<stack>.yaml) found`);
    const gates = gateConfig(options.policyPackConfig);
    return withPacksKilledOnInterrupt(async () => {
        const stacks: RenderedStack[] = [];
        for (const stack of names) stacks.push(await renderProgram({ dir: project.dir, stack }));
        // Every stack's gates at once (their packs start together), reported in the stacks' order.
        const settled = await Promise.allSettled(stacks.map((rendered) => previewStack({ projectDir: project.dir, stack: rendered.stack, rendered, policyConfig: gates.config })));
        const results = settled.map((s) => {
            if (s.status === "rejected") throw s.reason;
            return s.value;
        });
        const parity = await runParity({ dir: project.dir, format: "text", asOf: options.asOf, rendered: stacks });
        const failed = results.some((r) => r.exitCode !== 0) || parity.exitCode !== 0;
        return { exitCode: failed ? 1 : 0, stacks, gates: results, ...(gates.note ? { gatesNote: gates.note } : {}), parity };
    });
}
