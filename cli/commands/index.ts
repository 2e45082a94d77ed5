// Every subcommand, by name.
import type { Command } from "../command";
import { checkCommand } from "./check";
import { parityCommand } from "./parity";
import { renderCommand } from "./render";

export const commands: Record<string, Command> = {
    [renderCommand.name]: renderCommand,
    [checkCommand.name]: checkCommand,
    [parityCommand.name]: parityCommand,
};
