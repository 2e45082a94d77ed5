// What every subcommand provides, and the shared argument parsing that turns mistakes into exit 2.
import { parseArgs, type ParseArgsConfig } from "util";
import { calendarDateProblem } from "../project/calendarDate";
import { closestName } from "../project/closestName";
import { InputError } from "../project/inputError";

export const ExitCode = { Ok: 0, GateFailed: 1, BadInput: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export interface Command {
    name: string;
    /** Full `--help` text (the one-line summary is in cli/commands/index.ts). */
    usage: string;
    run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * Parses `argv` strictly; `--help` prints the usage and yields `undefined`. Every command gets `-s` for
 * `--stack`; a value that starts with a dash (`--max-unexplained -1`) is taken as the value, so the flag's own
 * check can say what it accepts; an option given twice, an unknown one or one without its value is one line
 * saying what to do (never the parser's wording).
 */
export function parseCommandArgs<O extends Options>(command: Pick<Command, "name" | "usage">, argv: string[], options: O) {
    const all: Options = { ...options, help: { type: "boolean", short: "h" } };
    if (all.stack && all.stack.short === undefined && !Object.values(all).some((o) => o.short === "s")) all.stack = { ...all.stack, short: "s" };
    const help = `see lockstep ${command.name} --help`;
    let parsed;
    try {
        parsed = parseArgs({ args: joinDashValues(argv, all), options: all, strict: true, allowPositionals: false, tokens: true });
    } catch (err) {
        throw new InputError(`${parserProblem(err as Error & { code?: string }, all)}: ${help}`);
    }
    const seen = new Map<string, string[]>();
    for (const token of parsed.tokens ?? []) {
        if (token.kind !== "option" || all[token.name]?.multiple) continue;
        seen.set(token.name, [...(seen.get(token.name) ?? []), token.value ?? "true"]);
    }
    for (const [name, values] of seen) {
        if (values.length > 1) throw new InputError(`--${name} is given ${values.length} times (${values.map((v) => JSON.stringify(v)).join(", ")}): give it once: ${help}`);
    }
    if ((parsed.values as Record<string, unknown>).help) {
        process.stdout.write(command.usage);
        return undefined;
    }
    return parsed.values as { [K in keyof O]?: O[K] extends { type: "boolean" } ? boolean : O[K] extends { multiple: true } ? string[] : string };
}

/** `--flag -1` as `--flag=-1` for a string option, unless the dash word is itself one of the options. */
function joinDashValues(argv: string[], options: Options): string[] {
    const longs = new Set(Object.keys(options).map((n) => `--${n}`));
    const shorts = new Set(Object.values(options).flatMap((o) => (o.short ? [`-${o.short}`] : [])));
    const out: string[] = [];
    for (let i = 0; i < argv.length; i++) {
        const name = /^--([^=]+)$/.exec(argv[i])?.[1];
        const next = argv[i + 1];
        if (name && options[name]?.type === "string" && next !== undefined && next.startsWith("-") && next !== "--" && !longs.has(next.split("=")[0]) && !shorts.has(next)) {
            out.push(`${argv[i]}=${next}`);
            i++;
        } else {
            out.push(argv[i]);
        }
    }
    return out;
}

/** node's parseArgs errors, said as what to do. */
function parserProblem(err: Error & { code?: string }, options: Options): string {
    const option = /'(?:-\w, )?(-[^' ]+)/.exec(err.message)?.[1];
    const flags = Object.keys(options).map((n) => `--${n}`);
    switch (err.code) {
        case "ERR_PARSE_ARGS_UNKNOWN_OPTION": {
            const near = option?.startsWith("--") ? closestName(option, flags) : undefined;
            return `unknown option ${option ?? ""}${near ? `: did you mean ${near}?` : ""}`;
        }
        case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
            if (/argument missing/.test(err.message)) return `${option} needs a value`;
            if (/does not take an argument/.test(err.message)) return `${option} takes no value`;
            if (/ambiguous/.test(err.message)) return `${option} needs a value (one that starts with a dash is written ${option}=VALUE)`;
            return `${option}: not an accepted value`;
        case "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL":
            return `unexpected argument ${/'([^']*)'/.exec(err.message)?.[1] ?? ""}: every value belongs to an option (--name value)`;
        default:
            return err.message.split("\n")[0];
    }
}

/** The value of an option that must be one of `choices`. */
export function oneOf<T extends string>(flag: string, value: string | undefined, choices: readonly T[], fallback: T): T {
    if (value === undefined) return fallback;
    if ((choices as readonly string[]).includes(value)) return value as T;
    throw new InputError(`--${flag}: expected one of ${choices.join(", ")}, got "${value}"`);
}

export function required(flag: string, value: string | undefined, example: string): string {
    if (value === undefined || value === "") throw new InputError(`--${flag} is required, e.g. ${example}`);
    return value;
}

/** A numeric option within [min, max] (whole when `integer`), or undefined when not given. */
export function numberFlag(flag: string, value: string | undefined, min: number, max: number, integer: boolean): number | undefined {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
        throw new InputError(`--${flag}: expected ${integer ? "a whole number" : "a number"} from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}, got "${value}"`);
    }
    return n;
}

/** A `YYYY-MM-DD` day that exists on the calendar, or undefined when not given. */
export function dayFlag(flag: string, value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const problem = calendarDateProblem(value);
    if (problem !== undefined) throw new InputError(`--${flag}: ${problem}: expected a day like 2027-06-30`);
    return value;
}

/**
 * A command made of actions (`lockstep release show`): runs the named one with the rest of argv; no action
 * prints the usage (exit 2), `--help` prints it (exit 0), an unknown one names those there are.
 */
export function runAction(command: Pick<Command, "name" | "usage">, argv: string[], actions: Record<string, (argv: string[]) => Promise<number>>): Promise<number> {
    const [action, ...rest] = argv;
    if (action === undefined || action === "--help" || action === "-h") {
        process.stdout.write(command.usage);
        return Promise.resolve(action === undefined ? ExitCode.BadInput : ExitCode.Ok);
    }
    if (!Object.hasOwn(actions, action)) {
        const names = Object.keys(actions);
        const list = names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names[names.length - 1]}` : names[0];
        throw new InputError(`${command.name} ${action}: unknown action: expected ${list}`);
    }
    return actions[action](rest);
}
