import { listStacks, readProject } from "../../project/pulumiProject";
import { renderStack } from "../../render/renderStack";
import { stackSummary } from "../../render/summarizeStack";
import { validateLockstepConfig } from "../../render/validateLockstepConfig";
import { ExitCode, parseCommandArgs, type Command } from "../command";
import { InputError } from "../../project/inputError";

export const checkCommand: Command = {
    name: "check",
    summary: "Render every stack offline and summarize each (what `npm start` runs)",
    usage: `Usage: lockstep check [--dir DIR]

Renders every stack of the project under Pulumi's mock runtime and prints a summary of each.

  --dir DIR   the Pulumi project directory (default: the current directory)

Exit codes: 0 every stack rendered; 2 bad input or a program error.
Example: lockstep check
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, { dir: { type: "string" } });
        if (!args) return ExitCode.Ok;
        const project = readProject(args.dir ?? ".");
        const stacks = listStacks(project);
        if (stacks.length === 0) throw new InputError(`${project.stackConfigDir}: no stack files (Pulumi.<stack>.yaml) found`);
        for (const stack of stacks) {
            const rendered = await renderStack({ projectDir: project.dir, stack, validate: validateLockstepConfig });
            process.stdout.write(stackSummary(rendered));
        }
        return ExitCode.Ok;
    },
};
