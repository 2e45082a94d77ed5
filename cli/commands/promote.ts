import { openLiveStack } from "../liveStack";
import { promote } from "../../delivery/promote";
import { findRelease, releasesOf } from "../../delivery/serviceReleases";
import { InputError } from "../../project/inputError";
import { readProject, readStackFile } from "../../project/pulumiProject";
import { ExitCode, oneOf, parseCommandArgs, required, type Command } from "../command";
import { finish, outcomeFormats, restoreStackFile, stackFileBefore, stepPrinter } from "../deliveryOutcome";
import { checkTemplate, smokeOptionSpecs, smokeOptionsHelp, probeFor, smokeUrlWith } from "../smokeOptions";
import { environmentPromoteHelp, environmentPromoteOptionSpecs, promoteBetweenEnvironments } from "../environmentPromote";
import { recordsOptionSpecs, recordsOptionsHelp } from "../releaseRecordsOptions";
import { recordDelivery, smokeOfSteps } from "../deliveryRecords";
import { freezeOptionsHelp, freezeOptionSpecs, freezeVerdict } from "../freezeOptions";

/** An image tag or a digest, as `lockstep:services[].version` holds it. */
const versionPattern = /^(sha256:[0-9a-f]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/;

export const promoteCommand: Command = {
    name: "promote",
    usage: `Usage: lockstep promote --stack NAME --service SVC --version TAG|DIGEST [options]
       lockstep promote --from ENV --to ENV [--service SVC] [--soak DURATION] [--commit] [options]

Deploys the version to the idle colour of a blue-green service and waits for the rollout, smoke-tests it
through the preview URL, flips activeColor, smoke-tests the live URL, and flips back if that fails.
Prints every step with its duration, then writes the deployed config to the stack file.
Needs the Pulumi CLI (through the Automation API) and the stack's credentials.

  --stack NAME           the stack
  --service SVC          a blue-green service of the stack
  --version V            an image tag (2.5.0) or digest (sha256:<64 hex>)
${smokeOptionsHelp}
${environmentPromoteHelp}
${recordsOptionsHelp}
${freezeOptionsHelp}
  --format FORMAT        text or json (default: text)
  --dir DIR              the Pulumi project directory (default: the current directory)

A stack in a freeze window (stacks/freeze.yaml, see lockstep freeze) is not changed, either way, unless
--break-glass is given with two approvers other than the author; the record names them.

Exit codes: 0 promoted; 1 a step failed (the live colour is restored), a promotion between
environments refused, or the target stack frozen; 2 bad input (a corrupt record, an unreachable bucket, an unknown stack, service
or release).
Example: lockstep promote --stack staging --service checkout --version 2.5.0
Example: lockstep promote --from dev --to staging --soak 30m --commit
Example: lockstep promote --from staging --to prod --break-glass "payment outage fix" --policy-pack-config approvals.json
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, {
            stack: { type: "string" },
            service: { type: "string" },
            version: { type: "string" },
            format: { type: "string" },
            dir: { type: "string" },
            ...smokeOptionSpecs,
            ...environmentPromoteOptionSpecs,
            ...recordsOptionSpecs,
            ...freezeOptionSpecs,
        });
        if (!args) return ExitCode.Ok;
        if (args.from !== undefined || args.to !== undefined) {
            if (args.stack !== undefined || args.version !== undefined) throw new InputError("--from/--to and --stack/--version: give one or the other (promotion between environments, or blue-green inside one stack)");
            return promoteBetweenEnvironments(args);
        }
        const stack = required("stack", args.stack, "--stack staging");
        const serviceName = required("service", args.service, "--service checkout");
        const version = required("version", args.version, "--version 2.5.0");
        if (!versionPattern.test(version)) throw new InputError(`--version ${version}: expected an image tag like 2.5.0 or a digest sha256:<64 hex digits>`);
        // The pinned-image gate refuses a moving tag in staging and prod; promoting one would only fail there later.
        if (version.toLowerCase() === "latest") throw new InputError(`--version ${version}: a moving tag, which the kubernetes-deployment-pinned-image gate refuses: give the exact tag or digest, e.g. 2.5.0`);
        const format = oneOf("format", args.format, outcomeFormats, "text");
        const template = checkTemplate(args);
        const probe = probeFor(args);
        const project = readProject(args.dir ?? ".");
        const stackFile = readStackFile(project, stack);
        const release = findRelease(releasesOf(project, stackFile), serviceName, stackFile.file);
        if (release.strategy !== "blueGreen") {
            throw new InputError(`--service ${serviceName}: a rolling service in ${stackFile.file}: set its version there and deploy; promote is for blue-green services`);
        }
        if (release.versions?.[release.activeColor!] === version) throw new InputError(`--version ${version}: already live on ${release.activeColor} for ${serviceName}`);
        const freeze = freezeVerdict(project, stack, args);
        if (!freeze.allowed) {
            process.stdout.write(format === "json" ? `${JSON.stringify({ schemaVersion: 1, ok: false, stack, service: serviceName, version, reason: freeze.reason }, null, 2)}\n` : `refused: ${freeze.reason}\n`);
            return ExitCode.GateFailed;
        }
        const before = stackFileBefore(project, stack);
        const ops = await openLiveStack(stack, project.dir);
        const startedAt = new Date().toISOString();
        const outcome = await promote({ release, version }, { ops, smoke: smokeUrlWith(template, probe), clock: () => performance.now(), onStep: stepPrinter(format) }).catch((err) => {
            restoreStackFile(project, stack, before);
            throw err;
        });
        const code = finish(outcome, project, stack, format, before);
        const flip = { event: "flip" as const, service: serviceName, version, result: outcome.ok ? ("succeeded" as const) : ("failed" as const), smoke: smokeOfSteps(outcome), summary: outcome.summary, breakGlass: freeze.breakGlass };
        await recordDelivery(project, stack, args, [flip], startedAt);
        return code;
    },
};
