// Every subcommand, by name.
import type { Command } from "../command";
import { checkCommand } from "./check";
import { metricsCommand } from "./metrics";
import { parityCommand } from "./parity";
import { previewCommand } from "./preview";
import { promoteCommand } from "./promote";
import { renderCommand } from "./render";
import { rollbackCommand } from "./rollback";
import { smokeCommand } from "./smoke";

export const commands: Record<string, Command> = {
    [renderCommand.name]: renderCommand,
    [previewCommand.name]: previewCommand,
    [parityCommand.name]: parityCommand,
    [checkCommand.name]: checkCommand,
    [smokeCommand.name]: smokeCommand,
    [promoteCommand.name]: promoteCommand,
    [rollbackCommand.name]: rollbackCommand,
    [metricsCommand.name]: metricsCommand,
};
