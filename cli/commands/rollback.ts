import { openLiveStack } from "../liveStack";
import { describePlan, planRollback, rollback } from "../../delivery/rollback";
import { findRelease, releasesOf } from "../../delivery/serviceReleases";
import { readProject, readStackFile } from "../../project/pulumiProject";
import { ExitCode, oneOf, parseCommandArgs, required, type Command } from "../command";
import { finish, outcomeFormats, restoreStackFile, stackFileBefore, stepPrinter } from "../deliveryOutcome";
import { checkTemplate, smokeOptionSpecs, smokeOptionsHelp, probeFor, smokeUrlWith, whole } from "../smokeOptions";
import { recordDelivery, smokeOfSteps } from "../deliveryRecords";
import { recordsOptionSpecs, recordsOptionsHelp } from "../releaseRecordsOptions";

export const rollbackCommand: Command = {
    name: "rollback",
    usage: `Usage: lockstep rollback --stack NAME [--service SVC] [--to UPDATE] [--force] [options]

Blue-green services flip activeColor back (seconds: the old colour is still running); rolling services
get the version of the newest successful update in stack history that differs from the stack file (or
of update --to). Previews first and refuses if the rollback would delete or replace anything outside the
app layer, unless --force. Smoke-tests afterwards, reports the duration, and writes the restored config
to the stack file. Needs the Pulumi CLI (through the Automation API) and the stack's credentials.

  --stack NAME           the stack
  --service SVC          only this service (default: every service)
  --to UPDATE            the update version (pulumi stack history) to restore
  --force                allow deletions and replacements outside the app layer
${smokeOptionsHelp}
${recordsOptionsHelp}
                         The rollback of each service is recorded there (release records)
  --format FORMAT        text or json (default: text)
  --dir DIR              the Pulumi project directory (default: the current directory)

Exit codes: 0 rolled back and healthy; 1 refused, failed, or unhealthy after; 2 bad input.
Example: lockstep rollback --stack prod --service payments-api
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, {
            stack: { type: "string" },
            service: { type: "string" },
            to: { type: "string" },
            force: { type: "boolean" },
            format: { type: "string" },
            dir: { type: "string" },
            ...smokeOptionSpecs,
            ...recordsOptionSpecs,
        });
        if (!args) return ExitCode.Ok;
        const stack = required("stack", args.stack, "--stack prod");
        const to = args.to === undefined ? undefined : whole("to", args.to, 0, 1, Number.MAX_SAFE_INTEGER);
        const format = oneOf("format", args.format, outcomeFormats, "text");
        const template = checkTemplate(args);
        const probe = probeFor(args);
        const project = readProject(args.dir ?? ".");
        const stackFile = readStackFile(project, stack);
        const all = releasesOf(project, stackFile);
        const releases = args.service === undefined ? all : [findRelease(all, args.service, stackFile.file)];
        const before = stackFileBefore(project, stack);
        const ops = await openLiveStack(stack, project.dir);
        const plan = planRollback(releases, await ops.history(), to, args.service !== undefined);
        if (format === "text") process.stdout.write(`rollback plan: ${describePlan(plan)}\n`);
        const startedAt = new Date().toISOString();
        const outcome = await rollback(plan, args.force ?? false, { ops, smoke: smokeUrlWith(template, probe), clock: () => performance.now(), onStep: stepPrinter(format) }).catch((err) => {
            restoreStackFile(project, stack, before);
            throw err;
        });
        const code = finish(outcome, project, stack, format, before);
        // One record per service the plan restores, with the version it runs now (restored, or unchanged if refused or failed).
        const restored = releases.filter((r) => plan.edits.some((e) => e.index === r.index));
        const events = restored.map((r) => ({ event: "rollback" as const, service: r.name, result: outcome.ok ? ("succeeded" as const) : ("failed" as const), smoke: smokeOfSteps(outcome), summary: outcome.summary }));
        await recordDelivery(project, stack, args, events, startedAt);
        return code;
    },
};
