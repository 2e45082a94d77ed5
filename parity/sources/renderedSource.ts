// The rendered source: the desired state of each stack from the offline render.
import { InputError } from "../../project/inputError";
import type * as RenderModule from "../../render/renderStack";
import type * as ValidateModule from "../../render/validateLockstepConfig";
import type { Settings } from "../settings";
import { resourceScopes } from "./resourceSettings";

export async function renderedScopes(projectDir: string, projectName: string, stack: string, keyedLists: ReadonlySet<string>): Promise<Map<string, Settings>> {
    try {
        require.resolve(projectDir);
    } catch {
        throw new InputError(`${projectDir}: no Node.js program to render here: compare this project with --source config (or --source state)`);
    }
    // Loaded here, not at start-up: the render brings @pulumi/pulumi, @pulumi/aws and @pulumi/kubernetes
    // (seconds), which a config-only parity never needs.
    const { renderStack } = require("../../render/renderStack") as typeof RenderModule;
    const { validateLockstepConfig } = require("../../render/validateLockstepConfig") as typeof ValidateModule;
    // The lockstep config check gives file-and-line errors; other programs validate themselves.
    const rendered = await renderStack({ projectDir, stack, validate: projectName === "lockstep" ? validateLockstepConfig : undefined });
    return resourceScopes(rendered.resources, stack, keyedLists);
}
