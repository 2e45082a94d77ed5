import { approvalPolicy, check } from "../../app/check";
import { checkVerdict, formatVerdict } from "../../app/checkVerdict";
import { reporters } from "../../analyzer/reporters";
import { stackSummary } from "../../render/summarizeStack";
import { dayFlag, ExitCode, parseCommandArgs, type Command } from "../command";

export const checkCommand: Command = {
    name: "check",
    usage: `Usage: lockstep check [--policy-pack-config FILE] [--as-of DAY] [--dir DIR]

Everything that can be proved without a cloud account, in one command:
  1. renders every stack of the project under Pulumi's mock runtime and summarizes each;
  2. runs the policy pack (policies/) over each rendered stack through the offline analyzer host,
     as \`lockstep preview\` does;
  3. prints the parity report of the stacks, as \`lockstep parity\` does;
  4. ends with the verdict of all three and what to run next when one failed.

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
        const result = await check({ dir: args.dir, policyPackConfig: args["policy-pack-config"], asOf: dayFlag("as-of", args["as-of"]) });
        process.stdout.write("== Stacks (rendered offline)\n\n");
        for (const stack of result.stacks) process.stdout.write(stackSummary(stack));
        process.stdout.write("\n== Gates (policy pack through the offline analyzer host)\n\n");
        if (result.gatesNote) process.stdout.write(`Note: ${result.gatesNote}.\n\n`);
        for (const gate of result.gates) process.stdout.write(reporters.text(gate.report) + "\n");
        process.stdout.write("== Parity\n\n");
        process.stdout.write(result.parity.text);
        process.stdout.write(`\n${formatVerdict(checkVerdict(result))}`);
        for (const warning of new Set(result.gates.flatMap((g) => g.warnings))) process.stderr.write(`lockstep: warning: ${warning}\n`);
        return result.exitCode;
    },
};
