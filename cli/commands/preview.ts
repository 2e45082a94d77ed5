import * as path from "path";
import { approvalPolicy, approvalsExample } from "../../app/approvalGate";
import { preview } from "../../app/preview";
import { reportFormats, reporters } from "../../analyzer/reporters";
import { withPacksKilledOnInterrupt } from "../../analyzer/packProcess";
import { ExitCode, numberFlag, oneOf, parseCommandArgs, required, type Command } from "../command";
import { writeOutput } from "../output";

export const previewCommand: Command = {
    name: "preview",
    usage: `Usage: lockstep preview --stack <name> [--policy-pack DIR]... [--policy-pack-config FILE]...
                        [--format text|json|markdown|junit] [--out FILE] [--dir DIR] [--pack-workers N]
                        [--first-preview]

Renders the stack under Pulumi's mock runtime (no cloud, no CLI) and evaluates it with each policy
pack through an offline analyzer host that starts the pack and speaks Pulumi's analyzer protocol the
way the Pulumi CLI does. Any pack works: ours (policies/), JavaScript or TypeScript, a third party's.

  --stack NAME               the stack to preview (a stacks/Pulumi.<name>.yaml file)
  --policy-pack DIR          a policy pack directory; repeat for more (default: policies/)
  --policy-pack-config FILE  policy config JSON, as for pulumi --policy-pack-config: one per
                             --policy-pack, in the same order (e.g. docs/approvals.example.json:
                             {"deployment-change-approval": {"approvers": ["bob", "carol"], "author": "alice"}})
  --format FMT               text (default), json, markdown or junit
  --out FILE                 write the report to FILE (atomically) instead of stdout
  --dir DIR                  the Pulumi project directory (default: the current directory)
  --first-preview            judge the stack as a first \`pulumi preview\` sees it: ids, ARNs and what is
                             computed from them unknown, so policies that read them report "can't run
                             policy ... during preview" as advisories. Default: as \`pulumi up\` judges each
                             resource, every value known (the stricter verdict)
  --pack-workers N           processes per pack, 1 to 8 (default: 1, or 2 from 1,000 resources on, as
                             cores allow); Analyze calls are spread over them. Use 1 for a pack whose
                             policies keep state from one call to the next

Without approvals, staging and prod fail deployment-change-approval here, as in \`pulumi preview\`
(\`lockstep check\` sets that gate aside offline and says so).

Exit codes: 0 no mandatory violation; 1 a mandatory violation; 2 bad input, invalid policy config,
or a pack that failed (did not start, printed something other than its port, stopped answering).
Example: lockstep preview --stack prod --policy-pack-config docs/approvals.example.json --format markdown
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, {
            stack: { type: "string" },
            "policy-pack": { type: "string", multiple: true },
            "policy-pack-config": { type: "string", multiple: true },
            format: { type: "string" },
            out: { type: "string" },
            dir: { type: "string" },
            "pack-workers": { type: "string" },
            "first-preview": { type: "boolean" },
        });
        if (!args) return ExitCode.Ok;
        const stack = required("stack", args.stack, "--stack dev");
        const format = oneOf("format", args.format, reportFormats, "text");
        const packWorkers = numberFlag("pack-workers", args["pack-workers"], 1, 8, true);
        // Ctrl-C must not leave a pack process behind.
        return withPacksKilledOnInterrupt(async () => {
            const { exitCode, report, warnings } = await preview({
                projectDir: args.dir,
                stack,
                policyPacks: args["policy-pack"],
                policyPackConfig: args["policy-pack-config"],
                packWorkers,
                firstPreview: args["first-preview"] === true,
                onLog: (pack, line) => process.stderr.write(`[${path.basename(pack)}] ${line}\n`),
            });
            for (const warning of warnings) process.stderr.write(`lockstep: warning: ${warning}\n`);
            writeOutput(reporters[format](report), args.out);
            const approval = report.violations.find((v) => v.policyName === approvalPolicy && v.enforcementLevel === "mandatory");
            if (approval && !args["policy-pack-config"]) {
                process.stderr.write(`lockstep: ${approvalPolicy} failed because no approvals were given: pass --policy-pack-config with the change's approvers and author (format: ${approvalsExample})\n`);
            }
            return exitCode;
        });
    },
};
