// The order of the environments a release goes through, as the promotion records show it: a stack that
// releases are promoted into comes after the stack they are promoted from. Stacks no promotion orders keep
// the order they were given in.
import type { ReleaseRecord } from "./releaseRecord";

export function pipelineOrder(stacks: readonly string[], records: readonly ReleaseRecord[]): string[] {
    const before = new Map(stacks.map((s) => [s, new Set<string>()]));
    for (const r of records) {
        const source = r.verification?.fromStack;
        if (r.event === "promote" && source !== undefined && source !== r.stack && before.has(source)) before.get(r.stack)?.add(source);
    }
    const placed: string[] = [];
    const remaining = [...stacks];
    while (remaining.length > 0) {
        // The first stack whose sources are all placed; on a cycle, the first remaining one.
        const next = remaining.find((s) => [...before.get(s)!].every((p) => placed.includes(p))) ?? remaining[0];
        placed.push(next);
        remaining.splice(remaining.indexOf(next), 1);
    }
    return placed;
}
