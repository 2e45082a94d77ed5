// The shipped stacks, rendered once per test run and shared by the tests that only read them.
import type { RecordedResource } from "../../render/recordingMonitor";
import { renderStack, type RenderedStack } from "../../render/renderStack";
import { repoRoot } from "./runCli";

export const shippedStacks = ["dev", "staging", "prod"] as const;
const cache = new Map<string, Promise<RenderedStack>>();

export function renderedStack(stack: string): Promise<RenderedStack> {
    let rendered = cache.get(stack);
    if (!rendered) {
        rendered = renderStack({ projectDir: repoRoot, stack });
        cache.set(stack, rendered);
    }
    return rendered;
}

/** The one resource of that type and logical name; fails the test when there is not exactly one. */
export function resourceNamed(rendered: RenderedStack, type: string, name: string): RecordedResource {
    const found = rendered.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) throw new Error(`expected one ${type} named ${name} in ${rendered.stack}, found ${found.length}`);
    return found[0];
}

export function resourcesOfType(rendered: RenderedStack, type: string): RecordedResource[] {
    return rendered.resources.filter((r) => r.type === type);
}
