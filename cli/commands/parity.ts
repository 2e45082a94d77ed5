import { InputError } from "../../project/inputError";
import { sourceNames } from "../../parity/model";
import { reportFormats } from "../../parity/reports";
import { runParity } from "../../app/parity";
import { appendHistory } from "../../parity/history";
import { writeOutput } from "../output";
import { dayFlag, ExitCode, numberFlag, oneOf, parseCommandArgs, type Command } from "../command";

export const parityCommand: Command = {
    name: "parity",
    usage: `Usage: lockstep parity [--source config|rendered|state]... [--stacks a,b] [--baseline NAME]
                      [--threshold PERCENT] [--max-unexplained N] [--format FMT] [--out FILE]
                      [--history FILE] [--state DIR | --live] [--rules FILE] [--as-of DAY] [--dir DIR]

Compares every stack with the baseline (prod unless parity.yaml says otherwise), setting by setting:
the stack files (with Pulumi.yaml defaults and ESC imports), the offline render of each stack, and,
when asked, deployed state. Differences declared in parity.yaml are intended; any other is drift.
Secrets are compared by presence only and never printed.

  --source SRC         config, rendered or state; repeat for several (default: config and rendered,
                       plus state when --state or --live is given). The headline pools them.
  --stacks a,b,c       the stacks to compare with the baseline, which is added when not listed
                       (default: every stack found)
  --baseline NAME      the stack the others are compared with (default: parity.yaml, else prod)
  --threshold PERCENT  the parity the worst environment must reach (default: parity.yaml, else 90)
  --max-unexplained N  unexplained differences allowed (default: parity.yaml, else 0)
  --format FMT         text (default), json, markdown, junit or html
  --out FILE           write the report to FILE (atomically) instead of stdout
  --history FILE       append this run to FILE (JSON lines) and report what changed since the last run
  --state DIR          deployed state: pulumi stack export files named <stack>.json
  --live               deployed state through the Pulumi CLI (pulumi stack export), when installed
  --rules FILE         intended differences and gate settings (default: <stackConfigDir>/parity.yaml)
  --as-of DAY          judge the rules' expires dates as of this day, YYYY-MM-DD (default: today),
                       e.g. to see which rules will have expired by the next release
  --dir DIR            the Pulumi project directory (default: the current directory)

Exit codes: 0 the worst environment reaches the threshold and unexplained drift is within the
maximum; 1 otherwise; 2 bad input (a file, a flag, a missing stack). Bad input never touches --out
or --history.
Example: lockstep parity --format markdown --out parity.md --history .lockstep/parity-history.jsonl
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, {
            dir: { type: "string" },
            source: { type: "string", multiple: true },
            stacks: { type: "string" },
            baseline: { type: "string" },
            threshold: { type: "string" },
            "max-unexplained": { type: "string" },
            format: { type: "string" },
            out: { type: "string" },
            history: { type: "string" },
            state: { type: "string" },
            live: { type: "boolean" },
            rules: { type: "string" },
            "as-of": { type: "string" },
        });
        if (!args) return ExitCode.Ok;
        if (args.state !== undefined && args.live) throw new InputError("--state and --live both give deployed state: pass one of them");
        const run = await runParity({
            dir: args.dir,
            sources: (args.source ?? []).flatMap((s) => s.split(",")).map((s) => oneOf("source", s.trim(), sourceNames, "config")),
            stacks: args.stacks?.split(",").map((s) => s.trim()).filter(Boolean),
            baseline: args.baseline,
            threshold: numberFlag("threshold", args.threshold, 0, 100, false),
            maxUnexplained: numberFlag("max-unexplained", args["max-unexplained"], 0, Number.MAX_SAFE_INTEGER, true),
            format: oneOf("format", args.format, reportFormats, "text"),
            history: args.history,
            stateDir: args.state,
            live: args.live,
            rulesFile: args.rules,
            asOf: dayFlag("as-of", args["as-of"]),
        });
        writeOutput(run.text, args.out);
        if (args.history !== undefined) appendHistory(args.history, run.historyEntry);
        return run.exitCode;
    },
};
