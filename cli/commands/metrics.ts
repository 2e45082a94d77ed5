import * as fs from "fs";
import * as path from "path";
import { openLiveStack } from "../liveStack";
import { commitTimes, mainlineCommits } from "../../delivery/commitTimes";
import { metricsView } from "../../delivery/environmentMetrics";
import { readHistoryFile } from "../../delivery/historyFile";
import { metricsFormats, metricsReporters } from "../../delivery/metricsReport";
import { pipelineOrder } from "../../delivery/pipelineOrder";
import { readAllRecords } from "../../delivery/releaseRecords";
import { releasesOf, findRelease } from "../../delivery/serviceReleases";
import type { UpdateRecord } from "../../delivery/stackOperations";
import { InputError } from "../../project/inputError";
import { listStacks, readProject, readStackFile, type PulumiProject } from "../../project/pulumiProject";
import { dayFlag, ExitCode, oneOf, parseCommandArgs, type Command } from "../command";
import { writeOutput } from "../output";
import { recordStores, recordsOptionSpecs, recordsOptionsHelp } from "../releaseRecordsOptions";

export const metricsCommand: Command = {
    name: "metrics",
    usage: `Usage: lockstep metrics --stack NAME [--since 30d] [--history FILE] [--format FORMAT] [--out FILE]
       lockstep metrics --stacks dev,staging,prod | --all [--history STACK=FILE]... [options]

Computes delivery metrics. The DORA figures come from a stack's update history: only finished updates
count as deployments. Lead time uses the commit time of each update's git.head in the local git
repository, and the share of merges live within 15 minutes reads the first-parent line of main there.
With --stack, the history is read live through the Pulumi CLI, or from a file saved with
\`pulumi stack history --json --page-size 10000 > FILE\` (no CLI needed; without --page-size the CLI
lists only the newest 10 updates). With --stacks or --all, a stack without --history STACK=FILE has its
DORA figures from its release records (each deploy, blue-green flip and rollback is an update).

The release records add: time to deploy (a deploy's update duration: its history entry's when the
record names the update, else the record's start and end), rollback durations and the share under 5
minutes (exactly 5 is not under), the share of new service versions going live that a promotion
verified in the previous stage first (lockstep promote --from; a version deployed without one is
unverified), and the lead time from a version's commit to each stage and through the stages. The
stages are ordered as the promotion records show (the stack promoted into after its source).

  --stack NAME           one stack (its figures at the top level of the JSON, as before)
  --stacks A,B,C         these stacks side by side, in this order
  --all                  every stack of the project side by side, ordered as the promotion records show
  --service SVC          only this service's release records
  --since Nd             the window, in days (default: 30d)
  --until DAY            the window ends at the end of this day, YYYY-MM-DD UTC (default: now)
  --history FILE         a saved \`pulumi stack history --json\` (with --stack), or STACK=FILE (repeatable)
${recordsOptionsHelp}
  --format FORMAT        text, json, markdown or html: one self-contained page with the figures
                         week by week (default: text)
  --out FILE             write the report to FILE instead of stdout
  --dir DIR              the Pulumi project and git directory (default: the current directory)

Exit codes: 0 report written; 2 bad input (an unknown stack or service, a corrupt or unreadable record,
a records bucket that cannot be reached).
Example: lockstep metrics --stack dev --since 30d --format json
Example: lockstep metrics --all --format html --out metrics.html
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, {
            stack: { type: "string" },
            stacks: { type: "string" },
            all: { type: "boolean" },
            service: { type: "string" },
            since: { type: "string" },
            until: { type: "string" },
            history: { type: "string", multiple: true },
            format: { type: "string" },
            out: { type: "string" },
            dir: { type: "string" },
            ...recordsOptionSpecs,
        });
        if (!args) return ExitCode.Ok;
        const chosen = [args.stack !== undefined && "--stack", args.stacks !== undefined && "--stacks", args.all && "--all"].filter(Boolean);
        if (chosen.length === 0) throw new InputError("--stack is required, e.g. --stack dev (or --stacks dev,staging,prod, or --all)");
        if (chosen.length > 1) throw new InputError(`${chosen.join(" and ")}: give one of --stack, --stacks or --all`);
        const format = oneOf("format", args.format, metricsFormats, "text");
        const since = /^(\d{1,4})d$/.exec(args.since ?? "30d");
        if (!since || Number(since[1]) === 0) throw new InputError(`--since ${args.since}: expected a number of days from 1d to 9999d, like 30d`);
        const until = dayFlag("until", args.until);
        const dir = args.dir ?? ".";
        const hasProject = fs.existsSync(path.join(dir, "Pulumi.yaml")) || fs.existsSync(path.join(dir, "Pulumi.yml"));
        const single = args.stack !== undefined;
        const historyFiles = historyFlags(args.history ?? [], args.stack);

        // The project decides which stacks exist (a history file alone would take any name, even a typo).
        const project = single && args.history !== undefined && !hasProject ? undefined : readProject(dir);
        const shown = args.stack !== undefined ? [args.stack] : args.stacks !== undefined ? stackList(args.stacks) : listStacks(project!);
        if (project) for (const stack of shown) checkStack(project, stack, args.service);
        for (const stack of historyFiles.keys()) if (!shown.includes(stack)) throw new InputError(`--history ${stack}=${historyFiles.get(stack)}: ${stack} is not one of the stacks shown (${shown.join(", ")})`);

        const store = project || args.records !== undefined ? recordStores(project ?? { dir: path.resolve(dir) }, args).read : undefined;
        // Records named on purpose must be there (a typo would read as "no records"); the default directory may not exist yet.
        const named = args.records ?? (process.env.LOCKSTEP_RECORDS || undefined);
        if (named !== undefined && !named.startsWith("s3://") && !fs.existsSync(named)) {
            throw new InputError(`--records ${named}: no such directory${args.records === undefined ? " (from $LOCKSTEP_RECORDS)" : ""}: give the directory the release records are in, or s3://BUCKET[/PREFIX]`);
        }
        const records = (store ? await readAllRecords(store) : []).map((r) => r.record).filter((r) => args.service === undefined || r.service === args.service);
        // The stages as the promotions went; where they do not tell, the order the stacks were given in.
        const everyStack = [...shown, ...(project ? listStacks(project) : []).filter((s) => !shown.includes(s))];
        const pipeline = pipelineOrder(everyStack, records);
        const ordered = args.stacks !== undefined ? shown : pipeline.filter((s) => shown.includes(s));

        const histories = new Map<string, UpdateRecord[]>();
        for (const [stack, file] of historyFiles) histories.set(stack, readHistoryFile(file));
        if (single && histories.size === 0) histories.set(args.stack!, await (await openLiveStack(args.stack!, project!.dir)).history());

        const shas = [...[...histories.values()].flat().map((h) => h.environment?.["git.head"] ?? ""), ...records.map((r) => r.release.commit ?? "")];
        const now = until === undefined ? Date.now() : Date.parse(`${until}T00:00:00.000Z`) + 86_400_000 - 1;
        const windowDays = Number(since[1]);
        const view = metricsView({
            stacks: ordered,
            pipeline,
            records,
            histories,
            commitTimes: commitTimes(dir, shas),
            mainline: mainlineCommits(dir, now - windowDays * 86_400_000),
            now,
            windowDays,
            recordsLocation: store?.location ?? "(none: no project to find them in; pass --records)",
        });
        writeOutput(metricsReporters[format](view, single), args.out);
        return ExitCode.Ok;
    },
};

/** `--history FILE` with --stack, `--history STACK=FILE` for any: the file of each stack. */
function historyFlags(values: string[], stack: string | undefined): Map<string, string> {
    const files = new Map<string, string>();
    for (const value of values) {
        const named = /^([A-Za-z0-9][A-Za-z0-9_.-]*)=(.+)$/.exec(value);
        const [name, file] = named && !fs.existsSync(value) ? [named[1], named[2]] : [stack, value];
        if (name === undefined) throw new InputError(`--history ${value}: name the stack, as --history dev=${value}, when showing more than one stack`);
        if (files.has(name)) throw new InputError(`--history ${value}: ${name} has a history file already (${files.get(name)}): give one per stack`);
        files.set(name, file);
    }
    return files;
}

function stackList(text: string): string[] {
    const stacks = text.split(",").map((s) => s.trim());
    if (stacks.some((s) => s === "")) throw new InputError(`--stacks ${text}: expected stack names separated by commas, like --stacks dev,staging,prod`);
    const twice = stacks.find((s, i) => stacks.indexOf(s) !== i);
    if (twice !== undefined) throw new InputError(`--stacks ${text}: ${twice} is named twice: name each stack once`);
    return stacks;
}

/** An unknown stack, or a --service the stack does not run, is bad input naming the stack file. */
function checkStack(project: PulumiProject, stack: string, service: string | undefined): void {
    const stackFile = readStackFile(project, stack);
    if (service !== undefined) findRelease(releasesOf(project, stackFile), service, stackFile.file);
}

