// Renders one stack of a project's program, with lockstep's own config check (errors with file and line)
// when the project is lockstep's; other programs validate their config themselves.
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../project/inputError";
import type { RenderedStack } from "../project/renderedStack";
import type * as RenderModule from "../render/renderStack";
import type * as ValidateModule from "../render/validateLockstepConfig";

export interface RenderProgramOptions {
    /** The Pulumi project directory (default: the current one). */
    dir?: string;
    stack: string;
    /** As a first `pulumi preview` sees it (create-only values unknown). */
    firstPreview?: boolean;
}

export async function renderProgram(options: RenderProgramOptions): Promise<RenderedStack> {
    const dir = options.dir ?? ".";
    // Loaded here, not at start-up: the render brings @pulumi/pulumi, @pulumi/aws and @pulumi/kubernetes
    // (seconds), which a command that renders nothing never needs.
    const { renderStack } = require("../render/renderStack") as typeof RenderModule;
    const { validateLockstepConfig } = require("../render/validateLockstepConfig") as typeof ValidateModule;
    return renderStack({
        projectDir: dir,
        stack: options.stack,
        firstPreview: options.firstPreview,
        validate: (project, stackFile, config) => (project.name === "lockstep" ? validateLockstepConfig(project, stackFile, config) : undefined),
    });
}

/** A project without a Node.js program (a YAML or Python one) can be compared by config and state only. */
export function assertRenderable(dir: string): void {
    const full = path.resolve(dir);
    let main: unknown;
    try {
        main = JSON.parse(fs.readFileSync(path.join(full, "package.json"), "utf8")).main;
    } catch {
        main = undefined;
    }
    const candidates = [typeof main === "string" ? main : "", "index.ts", "index.js"].filter(Boolean);
    if (!candidates.some((file) => fs.existsSync(path.join(full, file)))) {
        throw new InputError(`${dir}: no Node.js program to render here: compare this project with --source config (or --source state)`);
    }
}
