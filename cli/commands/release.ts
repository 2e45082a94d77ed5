import { formatRelease, releaseJson } from "../../delivery/release";
import { recordEvents, type ReleaseRecord, type StoredRecord } from "../../delivery/releaseRecord";
import { readRecords, writeRecords } from "../../delivery/releaseRecords";
import { findRelease } from "../../delivery/serviceReleases";
import { InputError } from "../../project/inputError";
import { readProject } from "../../project/pulumiProject";
import { ExitCode, oneOf, parseCommandArgs, required, runAction, type Command } from "../command";
import { freezeOptionSpecs } from "../freezeOptions";
import { writeOutput } from "../output";
import { describeGate, recordedBreakGlass, releaseGateConfig, releaseGatePolicy } from "../releaseGateOptions";
import { actor, recordedRelease, recordStores, recordsOptionSpecs, recordsOptionsHelp, stackRelease } from "../releaseRecordsOptions";

const formats = ["text", "json"] as const;
/** What CI records of its own runs; flip and promote records are written by lockstep promote. */
const recordableEvents = ["deploy", "smoke", "rollback"] as const satisfies readonly (typeof recordEvents)[number][];

const usage = `Usage: lockstep release show --stack NAME [--format text|json]
       lockstep release record --stack NAME --event EVENT --result RESULT [options]
       lockstep release records --stack NAME [--service SVC] [--format text|json]
       lockstep release policy-config --stack NAME [--from STACK] [--policy-pack-config FILE] [--break-glass REASON] [--out FILE]

A release is the set of versions a stack runs (for a blue-green service, the live colour's), read from
its stack file, with the commit that last changed that file and an id (a short sha256 of the sorted
service=version pairs) that is the same wherever the exact same versions run.

  show                   print the stack's release
  record                 record an event lockstep did not run itself, such as CI's pulumi up: one
                         record per service of the stack (or --service), with the stack's release now
  records                list the recorded events of a stack, oldest first
  policy-config          print the policy config CI passes to pulumi preview/up: the entries of
                         --policy-pack-config (the approvals) plus ${releaseGatePolicy} with each
                         version the stack file deploys and whether it may enter: the records verify
                         it in --from as lockstep promote --from requires (newest deploy succeeded with
                         it, a smoke test passed since, soaked), or the stack's own records show it
                         running there already. The policy fails an update that runs any other version.

  --stack NAME           the stack
  --service SVC          only this service (record, records)
  --event EVENT          record: ${recordableEvents.join(", ")}
  --result RESULT        record: succeeded or failed
  --update-id ID         record: the Pulumi update (stack history version or update id)
  --approved-by NAME     record: who approved it (repeatable)
  --started-at TIME      record: when it started, ISO 8601 UTC (default: the end time)
  --ended-at TIME        record: when it ended, ISO 8601 UTC (default: now)
  --summary TEXT         record: one line on what happened
  --break-glass REASON   record: the update broke a freeze window (stacks/freeze.yaml) or let versions
                         the records do not verify in (the ${releaseGatePolicy} entry of the file) for
                         this reason; with --policy-pack-config FILE naming the approvers and author.
                         policy-config: let unverified versions in; needs --policy-pack-config naming two
                         approvers other than the author
  --policy-pack-config FILE  record, policy-config: the approvals file CI writes (docs/approvals.example.json)
  --from STACK           policy-config: the stack whose records verify the versions (default: the
                         environment before: dev for staging, staging for prod)
  --from-records WHERE   policy-config: where --from's records are (default: --records)
  --soak DURATION        policy-config: how long a version must have run in --from, e.g. 30m
                         (default: $LOCKSTEP_SOAK, else 0)
  --out FILE             policy-config: write the JSON to FILE (atomically) instead of stdout; it may
                         be the --policy-pack-config file itself
${recordsOptionsHelp}
  --format FORMAT        text or json (default: text)
  --dir DIR              the Pulumi project directory (default: the current directory)

Records are append-only: each is a new object releases/<service>/<stack>/<time>-<event>-<random>.json,
never overwritten, visible only once complete.
Exit codes: 0 done (policy-config too when versions are refused: the policy is the gate); 2 bad input,
a corrupt record, or a store that cannot be reached.
Example: lockstep release show --stack dev
Example: lockstep release record --stack dev --event deploy --result succeeded --update-id 42
Example: lockstep release policy-config --stack staging --policy-pack-config docs/approvals.example.json --out policy-config.json
`;

export const releaseCommand: Command = {
    name: "release",
    usage,
    async run(argv) {
        return runAction(this, argv, { show, record, records: list, "policy-config": policyConfig });
    },
};

async function show(argv: string[]): Promise<number> {
    const args = parseCommandArgs(releaseCommand, argv, { stack: { type: "string" }, format: { type: "string" }, dir: { type: "string" } });
    if (!args) return ExitCode.Ok;
    const stack = required("stack", args.stack, "--stack dev");
    const format = oneOf("format", args.format, formats, "text");
    const { release, stackFile } = stackRelease(readProject(args.dir ?? "."), stack);
    process.stdout.write(format === "json" ? releaseJson(release) : formatRelease(release, stackFile.file));
    return ExitCode.Ok;
}

async function record(argv: string[]): Promise<number> {
    const args = parseCommandArgs(releaseCommand, argv, {
        stack: { type: "string" },
        service: { type: "string" },
        event: { type: "string" },
        result: { type: "string" },
        "update-id": { type: "string" },
        "approved-by": { type: "string", multiple: true },
        "started-at": { type: "string" },
        "ended-at": { type: "string" },
        summary: { type: "string" },
        format: { type: "string" },
        dir: { type: "string" },
        ...recordsOptionSpecs,
        ...freezeOptionSpecs,
    });
    if (!args) return ExitCode.Ok;
    const stack = required("stack", args.stack, "--stack dev");
    const event = oneOf("event", required("event", args.event, "--event deploy"), recordableEvents, "deploy");
    const result = oneOf("result", required("result", args.result, "--result succeeded"), ["succeeded", "failed"] as const, "succeeded");
    const format = oneOf("format", args.format, formats, "text");
    const endedAt = time("ended-at", args["ended-at"]) ?? new Date().toISOString();
    const startedAt = time("started-at", args["started-at"]) ?? endedAt;
    if (Date.parse(startedAt) > Date.parse(endedAt)) throw new InputError(`--started-at ${startedAt}: after --ended-at ${endedAt}: give the start, then the end`);
    const project = readProject(args.dir ?? ".");
    const stores = recordStores(project, args);
    const { release, services, stackFile } = stackRelease(project, stack);
    // Judged at the update's start, as the deployment-freeze-window policy judged it.
    const breakGlass = args["break-glass"] === undefined ? undefined : recordedBreakGlass(project, stack, args, new Date(startedAt));
    const chosen = args.service === undefined ? release.services : [release.services[findRelease(services, args.service, stackFile.file).index]];
    const records: ReleaseRecord[] = chosen.map((s) => ({
        schemaVersion: 1,
        event,
        stack,
        service: s.name,
        version: s.version,
        result,
        release: recordedRelease(release),
        updateId: args["update-id"] ?? null,
        approvedBy: args["approved-by"] ?? [],
        actor: actor(),
        // A smoke run outside lockstep is recorded by its outcome; lockstep smoke records each check.
        smoke: event === "smoke" ? { passed: result === "succeeded", checks: [] } : null,
        verification: null,
        startedAt,
        endedAt,
        summary: args.summary ?? `${event} of ${s.name} ${s.version} in ${stack} ${result}`,
        ...(breakGlass ? { breakGlass } : {}),
    }));
    const keys = await writeRecords(stores.write, records);
    if (format === "json") process.stdout.write(`${JSON.stringify({ schemaVersion: 1, written: keys.map((k) => stores.write[0].where(k)) }, null, 2)}\n`);
    else process.stdout.write(keys.map((k) => `recorded ${stores.write[0].where(k)}\n`).join(""));
    return ExitCode.Ok;
}

async function list(argv: string[]): Promise<number> {
    const args = parseCommandArgs(releaseCommand, argv, { stack: { type: "string" }, service: { type: "string" }, format: { type: "string" }, dir: { type: "string" }, ...recordsOptionSpecs });
    if (!args) return ExitCode.Ok;
    const stack = required("stack", args.stack, "--stack dev");
    const format = oneOf("format", args.format, formats, "text");
    const project = readProject(args.dir ?? ".");
    const { read } = recordStores(project, args);
    const { services, stackFile } = stackRelease(project, stack);
    const names = args.service === undefined ? services.map((s) => s.name) : [findRelease(services, args.service, stackFile.file).name];
    const all: StoredRecord[] = [];
    for (const name of names) all.push(...(await readRecords(read, name, stack)));
    all.sort((a, b) => Date.parse(a.record.endedAt) - Date.parse(b.record.endedAt) || a.key.localeCompare(b.key));
    if (format === "json") {
        process.stdout.write(`${JSON.stringify({ schemaVersion: 1, location: read.location, records: all }, null, 2)}\n`);
        return ExitCode.Ok;
    }
    if (all.length === 0) {
        process.stdout.write(`no release records of ${stack} in ${read.location}\n`);
        return ExitCode.Ok;
    }
    const rows = all.map(({ record: r }) => [r.endedAt, r.service, r.event, r.version, r.result, r.smoke === null ? "-" : r.smoke.passed ? "smoke passed" : "smoke failed", r.release.id]);
    const header = ["ended", "service", "event", "version", "result", "smoke", "release"];
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
    process.stdout.write(`release records of ${stack} in ${read.location}\n${[header, ...rows].map(line).join("\n")}\n`);
    return ExitCode.Ok;
}

async function policyConfig(argv: string[]): Promise<number> {
    const args = parseCommandArgs(releaseCommand, argv, {
        stack: { type: "string" },
        from: { type: "string" },
        "from-records": { type: "string" },
        soak: { type: "string" },
        out: { type: "string" },
        dir: { type: "string" },
        ...recordsOptionSpecs,
        "break-glass": freezeOptionSpecs["break-glass"],
        "policy-pack-config": freezeOptionSpecs["policy-pack-config"],
    });
    if (!args) return ExitCode.Ok;
    const stack = required("stack", args.stack, "--stack staging");
    const { config, gate } = await releaseGateConfig(readProject(args.dir ?? "."), stack, args);
    writeOutput(`${JSON.stringify(config, null, 2)}\n`, args.out);
    process.stderr.write(describeGate(gate).map((l) => `lockstep: ${l}\n`).join(""));
    return ExitCode.Ok;
}

/** An ISO 8601 UTC time, or undefined when not given. */
function time(flag: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) || Number.isNaN(Date.parse(value))) {
        throw new InputError(`--${flag} ${value}: expected an ISO 8601 UTC time like 2027-06-30T12:00:00Z`);
    }
    return new Date(value).toISOString();
}
