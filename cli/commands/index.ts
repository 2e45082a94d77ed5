// Every subcommand, by name.
import type { Command } from "../command";
import { checkCommand } from "./check";
import { parityCommand } from "./parity";
import { renderCommand } from "./render";
import { smokeCommand } from "./smoke";
import { promoteCommand } from "./promote";
import { rollbackCommand } from "./rollback";
import { metricsCommand } from "./metrics";

export const commands: Record<string, Command> = {
    [renderCommand.name]: renderCommand,
    [checkCommand.name]: checkCommand,
    [parityCommand.name]: parityCommand,
    [smokeCommand.name]: smokeCommand,
    [promoteCommand.name]: promoteCommand,
    [rollbackCommand.name]: rollbackCommand,
    [metricsCommand.name]: metricsCommand,
};
