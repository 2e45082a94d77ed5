// Preview, the application's operation: renders a stack and runs policy packs over it through the offline
// analyzer host, the packs starting while the program renders (as the engine starts them with the update).
import { previewStack, type PreviewOptions, type PreviewResult } from "../analyzer/previewStack";
import { renderProgram } from "./renderProgram";

export interface PreviewProgramOptions extends Omit<PreviewOptions, "rendered"> {
    /** Judge the stack as a first `pulumi preview` sees it (create-only values unknown). */
    firstPreview?: boolean;
}

export function preview(options: PreviewProgramOptions): Promise<PreviewResult> {
    const { firstPreview, ...rest } = options;
    const rendered = renderProgram({ dir: options.projectDir, stack: options.stack, firstPreview });
    rendered.catch(() => undefined); // awaited by previewStack; a failure must not count as unhandled before then
    return previewStack({ ...rest, rendered });
}
