// The flags every command that honours freeze windows shares: where the freeze file is, and break glass
// with the approvals file CI already writes (docs/approvals.example.json).
import * as fs from "fs";
import * as path from "path";
import { readFreezeFile } from "../delivery/freezeFile";
import { judgeFreeze, type BreakGlass, type FreezeVerdict } from "../delivery/freezeGate";
import type { FreezeWindow } from "../delivery/freezeWindows";
import { InputError } from "../project/inputError";
import { listStacks, readStackFile, type PulumiProject } from "../project/pulumiProject";

export const freezeOptionSpecs = {
    freeze: { type: "string" },
    "break-glass": { type: "string" },
    "policy-pack-config": { type: "string" },
} as const;

export const freezeOptionsHelp = `  --freeze FILE          the freeze windows (default: <stackConfigDir>/freeze.yaml; none when missing)
  --break-glass REASON   change a frozen stack all the same: needs --policy-pack-config naming two
                         approvers other than the author; the reason and the approvers are recorded
  --policy-pack-config FILE  the approvals, as CI writes them for pulumi preview/up:
                         {"deployment-change-approval": {"approvers": ["bob", "carol"], "author": "alice"}}`;

type FreezeFlags = { freeze?: string; "break-glass"?: string; "policy-pack-config"?: string };

/** The windows of `stack` from the freeze file (the stack must exist). */
export function freezeWindowsOf(project: PulumiProject, stack: string, flags: FreezeFlags): FreezeWindow[] {
    readStackFile(project, stack); // an unknown stack is bad input, frozen or not
    const file = flags.freeze === undefined ? path.join(project.stackConfigDir, "freeze.yaml") : path.resolve(flags.freeze);
    if (flags.freeze !== undefined && !fs.existsSync(file)) throw new InputError(`--freeze ${flags.freeze}: no such file: give the freeze file, e.g. --freeze stacks/freeze.yaml`);
    const shown = path.relative(project.dir, file) || file;
    return readFreezeFile(file, shown.startsWith("..") ? file : shown, listStacks(project)).windows[stack] ?? [];
}

/** Break glass as the flags declare it, or undefined when --break-glass is not given. */
export function breakGlassOf(flags: FreezeFlags): BreakGlass | undefined {
    const reason = flags["break-glass"];
    if (reason === undefined) return undefined;
    if (reason.trim().length < 3) throw new InputError(`--break-glass "${reason}": give the reason for breaking the freeze, e.g. --break-glass "payment outage fix"`);
    const file = flags["policy-pack-config"];
    if (file === undefined) throw new InputError("--break-glass needs --policy-pack-config FILE with two approvers other than the author (format: docs/approvals.example.json)");
    return { reason: reason.trim(), ...approvalsIn(file) };
}

/** A policy pack config file: a JSON object of policy names to their config. */
export function policyConfigFile(file: string): Record<string, unknown> {
    let json: unknown;
    try {
        json = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (err) {
        const what = (err as NodeJS.ErrnoException).code ?? (err as Error).message.split("\n")[0];
        throw new InputError(`--policy-pack-config ${file}: cannot read it as JSON (${what}): give the approvals file (format: docs/approvals.example.json)`);
    }
    if (json === null || typeof json !== "object" || Array.isArray(json)) throw new InputError(`--policy-pack-config ${file}: expected a JSON object of policy names to their config (format: docs/approvals.example.json)`);
    return json as Record<string, unknown>;
}

/** The approvers and author of the deployment-change-approval entry of a policy pack config file. */
export function approvalsIn(file: string): { approvers: string[]; author: string } {
    const entry = policyConfigFile(file)["deployment-change-approval"] as Record<string, unknown> | undefined;
    const approvers = entry?.approvers;
    const author = entry?.author;
    if (!Array.isArray(approvers) || !approvers.every((a) => typeof a === "string") || typeof author !== "string") {
        throw new InputError(`--policy-pack-config ${file}: "deployment-change-approval" needs "approvers" (a list of logins) and "author" (a login): see docs/approvals.example.json`);
    }
    return { approvers, author };
}

/** The freeze verdict for changing `stack` now, from the flags. */
export function freezeVerdict(project: PulumiProject, stack: string, flags: FreezeFlags, at = new Date()): FreezeVerdict {
    const breakGlass = breakGlassOf(flags);
    const verdict = judgeFreeze(stack, at, freezeWindowsOf(project, stack, flags), breakGlass);
    if (breakGlass !== undefined && verdict.allowed && verdict.breakGlass === undefined) process.stderr.write(`lockstep: ${stack} is not frozen: --break-glass was not needed and is not recorded\n`);
    if (verdict.allowed && verdict.breakGlass) process.stderr.write(`lockstep: breaking the freeze of ${stack} (${verdict.breakGlass.reason}), approved by ${verdict.breakGlass.approvers.join(", ")}\n`);
    return verdict;
}
