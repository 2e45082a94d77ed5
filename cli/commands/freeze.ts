import { describeUntil, freezePolicyConfig } from "../../delivery/freezeGate";
import { describeWindow, freezeAt, inZone } from "../../delivery/freezeWindows";
import { InputError } from "../../project/inputError";
import { readProject } from "../../project/pulumiProject";
import { ExitCode, oneOf, parseCommandArgs, required, runAction, type Command } from "../command";
import { breakGlassOf, freezeOptionsHelp, freezeOptionSpecs, freezeWindowsOf, policyConfigFile } from "../freezeOptions";
import { writeOutput } from "../output";

const usage = `Usage: lockstep freeze status --stack NAME [--at TIME] [--format text|json]
       lockstep freeze policy-config --stack NAME [--policy-pack-config FILE] [--break-glass REASON] [--out FILE]

Freeze windows are declared per stack in stacks/freeze.yaml: weekly ("Fri 16:00" to "Mon 08:00") or daily
("22:00" to "06:00") windows on a time zone's clock, and one-off ones ("2026-12-24T00:00" to
"2026-12-27T00:00"). lockstep promote refuses to change a frozen stack, and in CI the
deployment-freeze-window policy fails pulumi preview/up of one; break glass needs two approvers other than
the change's author and is recorded. Rollbacks are never frozen.

  status                 whether the stack is frozen at TIME (default: now), by which windows, until
                         when (on the window's clock and in UTC), and the next freeze
  policy-config          print the policy config CI passes to pulumi preview/up: the entries of
                         --policy-pack-config (the approvals) plus deployment-freeze-window with the
                         stack's freezes of the next 7 days as UTC instants

  --stack NAME           the stack
  --at TIME              judge at this instant, ISO 8601 (e.g. 2026-12-24T12:00:00Z; default: now)
${freezeOptionsHelp}
  --out FILE             policy-config: write the JSON to FILE (atomically) instead of stdout
  --format FORMAT        status: text or json (default: text)
  --dir DIR              the Pulumi project directory (default: the current directory)

Exit codes: 0 answered (frozen or not: status is a question, not a gate); 2 bad input (an invalid freeze
file, window or time zone, an unknown stack, an unreadable approvals file).
Example: lockstep freeze status --stack prod --at 2026-07-10T16:00:00Z
Example: lockstep freeze policy-config --stack prod --policy-pack-config docs/approvals.example.json --out policy-config.json
`;

export const freezeCommand: Command = {
    name: "freeze",
    usage,
    async run(argv) {
        return runAction(this, argv, { status, "policy-config": policyConfig });
    },
};

const options = { stack: { type: "string" }, at: { type: "string" }, dir: { type: "string" }, freeze: freezeOptionSpecs.freeze } as const;

function instant(value: string | undefined): Date {
    if (value === undefined) return new Date();
    const at = new Date(value);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value) || Number.isNaN(at.getTime())) {
        throw new InputError(`--at ${value}: expected an ISO 8601 instant with its offset, like 2026-12-24T12:00:00Z or 2026-12-24T13:00:00+01:00`);
    }
    return at;
}

async function status(argv: string[]): Promise<number> {
    const args = parseCommandArgs(freezeCommand, argv, { ...options, format: { type: "string" } });
    if (!args) return ExitCode.Ok;
    const stack = required("stack", args.stack, "--stack prod");
    const format = oneOf("format", args.format, ["text", "json"] as const, "text");
    const at = instant(args.at);
    const state = freezeAt(at, freezeWindowsOf(readProject(args.dir ?? "."), stack, args));
    if (format === "json") {
        const interval = (i: (typeof state.active)[number]) => ({ window: describeWindow(i.window), source: i.window.source ?? null, timeZone: i.window.timeZone, reason: i.window.reason, start: i.start.toISOString(), end: i.end.toISOString(), endLocal: inZone(i.end, i.window.timeZone) });
        const json = { schemaVersion: 1, stack, at: at.toISOString(), frozen: state.frozen, windows: state.active.map(interval), until: state.until?.toISOString() ?? null, next: state.next ? interval(state.next) : null };
        process.stdout.write(`${JSON.stringify(json, null, 2)}\n`);
        return ExitCode.Ok;
    }
    const lines = state.frozen
        ? [`${stack} is frozen at ${at.toISOString()} until ${describeUntil(state)}`, ...state.active.map((i) => `  by ${describeWindow(i.window)}${i.window.source ? ` [${i.window.source}]` : ""}`)]
        : [`${stack} is not frozen at ${at.toISOString()}`];
    if (state.next) lines.push(`next freeze: ${inZone(state.next.start, state.next.window.timeZone)}, ${state.next.start.toISOString()}, ${describeWindow(state.next.window)}`);
    else lines.push("next freeze: none declared");
    process.stdout.write(`${lines.join("\n")}\n`);
    return ExitCode.Ok;
}

async function policyConfig(argv: string[]): Promise<number> {
    const args = parseCommandArgs(freezeCommand, argv, { ...options, ...freezeOptionSpecs, out: { type: "string" } });
    if (!args) return ExitCode.Ok;
    const stack = required("stack", args.stack, "--stack prod");
    const at = instant(args.at);
    const windows = freezeWindowsOf(readProject(args.dir ?? "."), stack, args);
    const breakGlass = breakGlassOf(args);
    // The approvals file's own entries come along, so one file goes to pulumi as policyPackConfigs.
    const base = args["policy-pack-config"] === undefined ? {} : policyConfigFile(args["policy-pack-config"]);
    const config = { ...base, "deployment-freeze-window": freezePolicyConfig(stack, at, windows, breakGlass) };
    writeOutput(`${JSON.stringify(config, null, 2)}\n`, args.out);
    return ExitCode.Ok;
}
