import { withPacksKilledOnInterrupt } from "../../analyzer/packProcess";
import { parsePolicyConfig, type PolicyConfigMap } from "../../analyzer/policyConfig";
import { previewStack, readPolicyPackConfig } from "../../analyzer/previewStack";
import { reporters } from "../../analyzer/reporters";
import { runParity } from "../../parity/runParity";
import { InputError } from "../../project/inputError";
import { listStacks, readProject } from "../../project/pulumiProject";
import { renderStack } from "../../render/renderStack";
import { stackSummary } from "../../render/summarizeStack";
import { validateLockstepConfig } from "../../render/validateLockstepConfig";
import { dayFlag, ExitCode, parseCommandArgs, type Command } from "../command";

const approvalPolicy = "deployment-change-approval";

/**
 * Offline there is no change to approve: without approvals the approval gate is set aside (and the
 * output says so) rather than failing every fresh clone on prod.
 */
function gateConfig(file: string | undefined): { config: PolicyConfigMap; note?: string } {
    if (file !== undefined) return { config: readPolicyPackConfig(file) };
    return {
        config: parsePolicyConfig({ [approvalPolicy]: "disabled" }, "lockstep check"),
        note: `${approvalPolicy} not checked: no approvals given (pass --policy-pack-config approvals.json to check them)`,
    };
}

export const checkCommand: Command = {
    name: "check",
    usage: `Usage: lockstep check [--policy-pack-config FILE] [--as-of DAY] [--dir DIR]

Everything that can be proved without a cloud account, in one command:
  1. renders every stack of the project under Pulumi's mock runtime and summarizes each;
  2. runs the policy pack (policies/) over each rendered stack through the offline analyzer host,
     as \`lockstep preview\` does;
  3. prints the parity report of the stacks, as \`lockstep parity\` does.

  --policy-pack-config FILE   policy config for the gates, e.g. approvals; without it the
                              ${approvalPolicy} gate is not checked (offline there is no change to approve)
  --as-of DAY                 judge parity rules' expires dates as of this day, YYYY-MM-DD (default: today)
  --dir DIR                   the Pulumi project directory (default: the current directory)

Exit codes: the worst of the steps: 0 all passed; 1 a mandatory violation or parity below target or
unexplained drift; 2 bad input or an internal error.
Example: lockstep check
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, { dir: { type: "string" }, "policy-pack-config": { type: "string" }, "as-of": { type: "string" } });
        if (!args) return ExitCode.Ok;
        const asOf = dayFlag("as-of", args["as-of"]);
        const project = readProject(args.dir ?? ".");
        const stacks = listStacks(project);
        if (stacks.length === 0) throw new InputError(`${project.stackConfigDir}: no stack files (Pulumi.<stack>.yaml) found`);
        const gates = gateConfig(args["policy-pack-config"]);
        return withPacksKilledOnInterrupt(async () => {
            let worst: number = ExitCode.Ok;
            process.stdout.write("== Stacks (rendered offline)\n\n");
            const rendered = [];
            for (const stack of stacks) {
                const one = await renderStack({ projectDir: project.dir, stack, validate: validateLockstepConfig });
                rendered.push(one);
                process.stdout.write(stackSummary(one));
            }
            process.stdout.write("\n== Gates (policy pack through the offline analyzer host)\n\n");
            if (gates.note) process.stdout.write(`Note: ${gates.note}.\n\n`);
            // Every stack's gates at once (their packs start together), reported in the stacks' order.
            const gated = await Promise.allSettled(
                rendered.map((one) => previewStack({ projectDir: project.dir, stack: one.stack, rendered: one, policyConfig: gates.config })),
            );
            for (const result of gated) {
                if (result.status === "rejected") throw result.reason;
                process.stdout.write(reporters.text(result.value.report) + "\n");
                worst = Math.max(worst, result.value.exitCode);
            }
            process.stdout.write("== Parity\n\n");
            const parity = await runParity({ dir: project.dir, format: "text", asOf });
            process.stdout.write(parity.text);
            return Math.max(worst, parity.exitCode);
        });
    },
};
