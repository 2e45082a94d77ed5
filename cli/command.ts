// What every subcommand provides, and the shared argument parsing that turns mistakes into exit 2.
import { parseArgs, type ParseArgsConfig } from "util";
import { calendarDateProblem } from "../project/calendarDate";
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

/** Parses `argv` strictly; `--help` prints the usage and yields `undefined`. */
export function parseCommandArgs<O extends Options>(command: Pick<Command, "name" | "usage">, argv: string[], options: O) {
    let parsed;
    try {
        parsed = parseArgs({ args: argv, options: { ...options, help: { type: "boolean", short: "h" } }, strict: true, allowPositionals: false });
    } catch (err) {
        throw new InputError(`${(err as Error).message.split("\n")[0]}: see lockstep ${command.name} --help`);
    }
    if ((parsed.values as Record<string, unknown>).help) {
        process.stdout.write(command.usage);
        return undefined;
    }
    return parsed.values as { [K in keyof O]?: O[K] extends { type: "boolean" } ? boolean : O[K] extends { multiple: true } ? string[] : string };
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
