// Every subcommand, by name.
import type { Command } from "../command";
import { checkCommand } from "./check";
import { previewCommand } from "./preview";
import { renderCommand } from "./render";

export const commands: Record<string, Command> = {
    [renderCommand.name]: renderCommand,
    [checkCommand.name]: checkCommand,
    [previewCommand.name]: previewCommand,
};
