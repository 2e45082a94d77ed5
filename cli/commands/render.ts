import { exportDeployment } from "../../render/exportDeployment";
import { renderProgram } from "../../app/renderProgram";
import { resourceTable } from "../../render/summarizeStack";
import { ExitCode, oneOf, parseCommandArgs, required, type Command } from "../command";
import { writeOutput } from "../output";

const formats = ["table", "json"] as const;

export const renderCommand: Command = {
    name: "render",
    usage: `Usage: lockstep render --stack <name> [--format table|json] [--out FILE] [--dir DIR]

Runs the Pulumi program with the stack's config under Pulumi's mock runtime (no cloud, no CLI) and
records every resource it registers: type, name, URN, parent, dependencies, provider, protect and
inputs. Secrets stay marked as secrets and are never printed.

  --stack NAME    the stack to render (a stacks/Pulumi.<name>.yaml file)
  --format FMT    table (default) or json: a \`pulumi stack export\` deployment (version 3) that
                  \`pulumi policy analyze --file\` accepts
  --out FILE      write to FILE (atomically) instead of stdout
  --dir DIR       the Pulumi project directory (default: the current directory)

Exit codes: 0 rendered; 2 bad input (config, stack file, usage) or a program error.
Example: lockstep render --stack prod --format json --out prod.json
`,
    async run(argv) {
        const args = parseCommandArgs(this, argv, {
            stack: { type: "string" },
            format: { type: "string" },
            out: { type: "string" },
            dir: { type: "string" },
        });
        if (!args) return ExitCode.Ok;
        const stack = required("stack", args.stack, "--stack dev");
        const format = oneOf("format", args.format, formats, "table");
        const rendered = await renderProgram({ dir: args.dir, stack });
        const text = format === "json" ? JSON.stringify(exportDeployment(rendered), null, 2) + "\n" : resourceTable(rendered);
        writeOutput(text, args.out);
        return ExitCode.Ok;
    },
};
