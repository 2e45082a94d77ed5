import * as fs from "fs";
import * as path from "path";
import { openLiveStack } from "../liveStack";
import { commitTimes, mainlineCommits } from "../../delivery/commitTimes";
import { deliveryMetrics } from "../../delivery/deliveryMetrics";
import { readHistoryFile } from "../../delivery/historyFile";
import { metricsFormats, metricsReporters } from "../../delivery/metricsReport";
import { InputError } from "../../project/inputError";
import { readProject, readStackFile } from "../../project/pulumiProject";
import { ExitCode, oneOf, parseCommandArgs, required, type Command } from "../command";
import { writeOutput } from "../output";

export const metricsCommand: Command = {
    name: "metrics",
    usage: `Usage: lockstep metrics --stack NAME [--since 30d] [--history FILE] [--format text|json|markdown] [--out FILE]

Computes delivery metrics from the stack's update history: only finished updates count as deployments.
Lead time uses the commit time of each update's git.head in the local git repository, and the share of
merges live within 15 minutes reads the first-parent line of main there. Reads the whole history
live through the Pulumi CLI, or from a file saved with
\`pulumi stack history --json --page-size 10000 > FILE\` (no CLI needed; without --page-size the CLI
lists only the newest 10 updates).

  --stack NAME           the stack (names the report; read live unless --history)
  --since Nd             the window, in days (default: 30d)
  --history FILE         a saved \`pulumi stack history --json\`
  --format FORMAT        text, json or markdown (default: text)
  --out FILE             write the report to FILE instead of stdout
  --dir DIR              the Pulumi project and git directory (default: the current directory)

Exit codes: 0 report written; 2 bad input.
Example: lockstep metrics --stack dev --since 30d --format json
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, {
            stack: { type: "string" },
            since: { type: "string" },
            history: { type: "string" },
            format: { type: "string" },
            out: { type: "string" },
            dir: { type: "string" },
        });
        if (!args) return ExitCode.Ok;
        const stack = required("stack", args.stack, "--stack dev");
        const format = oneOf("format", args.format, metricsFormats, "text");
        const since = /^(\d{1,4})d$/.exec(args.since ?? "30d");
        if (!since || Number(since[1]) === 0) throw new InputError(`--since ${args.since}: expected a number of days from 1d to 9999d, like 30d`);
        const dir = args.dir ?? ".";
        // The stack must be one of the project's (a history file alone would take any name, even a typo).
        if (args.history === undefined || fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "Pulumi.yml"))) readStackFile(readProject(dir), stack);
        const history = args.history !== undefined ? readHistoryFile(args.history) : await (await openLiveStack(stack, readProject(dir).dir)).history();
        const times = commitTimes(dir, history.map((h) => h.environment?.["git.head"] ?? ""));
        const now = Date.now();
        const windowDays = Number(since[1]);
        const mainline = mainlineCommits(dir, now - windowDays * 86_400_000);
        const metrics = deliveryMetrics({ stack, history, commitTimes: times, mainline, now, windowDays });
        writeOutput(metricsReporters[format](metrics), args.out);
        return ExitCode.Ok;
    },
};
