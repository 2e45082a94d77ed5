// The rendered source: the desired state of each stack from the offline render.
import { InputError } from "../../project/inputError";
import { renderStack } from "../../render/renderStack";
import { validateLockstepConfig } from "../../render/validateLockstepConfig";
import type { Settings } from "../settings";
import { resourceScopes } from "./resourceSettings";

export async function renderedScopes(projectDir: string, projectName: string, stack: string, keyedLists: ReadonlySet<string>): Promise<Map<string, Settings>> {
    try {
        require.resolve(projectDir);
    } catch {
        throw new InputError(`${projectDir}: no Node.js program to render here: compare this project with --source config (or --source state)`);
    }
    // The lockstep config check gives file-and-line errors; other programs validate themselves.
    const rendered = await renderStack({ projectDir, stack, validate: projectName === "lockstep" ? validateLockstepConfig : undefined });
    return resourceScopes(rendered.resources, stack, keyedLists);
}
