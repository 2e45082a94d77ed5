// The `lockstep` command line: parses the subcommand, runs it, and turns errors into one line and an
// exit code (0 ok, 1 a gate failed, 2 bad input or internal error). Set through process.exitCode so
// piped output is never cut off.
import * as path from "path";
import { closestName } from "../project/closestName";
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

Run \`lockstep <command> --help\` for a command's options; \`lockstep --version\` prints the version.
Exit codes: 0 success; 1 a gate failed; 2 bad input, bad usage or an internal error;
128 + the signal when interrupted (130 Ctrl-C, 143 SIGTERM).
Add --debug for a stack trace on internal errors.
`;
}

/** The version in lockstep's package.json: two levels up from dist/cli/, one from cli/ under ts-node. */
function packageVersion(): string {
    for (const up of ["..", path.join("..", "..")]) {
        try {
            const pkg = require(path.join(__dirname, up, "package.json")) as { name?: string; version: string };
            if (pkg.name === "lockstep") return pkg.version;
        } catch {
            // not there: one more level up
        }
    }
    return "unknown";
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
        if (name === "--version" || name === "-V" || name === "version") {
            process.stdout.write(`lockstep ${packageVersion()}\n`);
            return;
        }
        const entry = Object.hasOwn(commands, name) ? commands[name] : undefined;
        if (entry === undefined) {
            const near = closestName(name, Object.keys(commands));
            throw new InputError(`unknown command "${name}"${near ? ` (did you mean ${near}?)` : ""}: expected one of ${Object.keys(commands).join(", ")}`);
        }
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
