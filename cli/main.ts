// The `lockstep` command line: parses the subcommand, runs it, and turns errors into one line and an
// exit code (0 ok, 1 a gate failed, 2 bad input or internal error). Set through process.exitCode so
// piped output is never cut off.
import { InputError } from "../project/inputError";
import { redactUrlsIn } from "../project/redactUrls";
import { ExitCode } from "./command";
import { commands } from "./commands";
import { exitOnSignals } from "./signalExit";

function usage(): string {
    const width = Math.max(...Object.keys(commands).map((n) => n.length));
    const list = Object.entries(commands)
        .map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`)
        .join("\n");
    return `Usage: lockstep <command> [options]

Safe, continuous delivery with Pulumi: offline render, deployment gates, environment parity.

Commands:
${list}

Run \`lockstep <command> --help\` for a command's options.
Exit codes: 0 success; 1 a gate failed; 2 bad input, bad usage or an internal error;
128 + the signal when interrupted (130 Ctrl-C, 143 SIGTERM).
Add --debug for a stack trace on internal errors.
`;
}

export async function main(argv: string[]): Promise<void> {
    exitOnSignals();
    const debug = argv.includes("--debug");
    const args = argv.filter((a) => a !== "--debug");
    const [name, ...rest] = args;
    try {
        if (name === undefined || name === "--help" || name === "-h" || name === "help") {
            process.stdout.write(usage());
            process.exitCode = name === undefined ? ExitCode.BadInput : ExitCode.Ok;
            return;
        }
        const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
        if (entry === undefined) throw new InputError(`unknown command "${name}": expected one of ${Object.keys(commands).join(", ")}`);
        process.exitCode = await entry.load().run(rest);
    } catch (err) {
        process.exitCode = ExitCode.BadInput;
        // A URL in an error (a flag, a stack output, a library's message) never shows its credentials.
        if (err instanceof InputError) {
            process.stderr.write(`lockstep: ${redactUrlsIn(err.message)}\n`);
        } else {
            process.stderr.write(`lockstep: internal error: ${redactUrlsIn((err as Error)?.message?.split("\n")[0] ?? String(err))}\n`);
            if (debug) process.stderr.write(`${redactUrlsIn((err as Error)?.stack ?? "")}\n`);
        }
    }
}
