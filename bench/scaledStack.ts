// A big stack for the benchmarks: the rendered prod stack copied under new names until it has N resources.
import type { RecordedResource } from "../render/recordingMonitor";

/**
 * Copies of every non-root resource, renamed (URN, name, references) so each copy is distinct, and each
 * copy in its own namespace with its own bucket, as a big stack of many teams' services would be
 * (copies sharing labels in one namespace would make every Service select every copy's pods).
 */
export function scaled(resources: RecordedResource[], size: number, distinct: string[]): RecordedResource[] {
    const [root, ...rest] = resources;
    const pattern = new RegExp(distinct.map((d) => d.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
    const relabel = (value: Record<string, unknown>, copy: number) =>
        JSON.parse(JSON.stringify(value).replace(pattern, (m) => `${m}-${copy}`)) as Record<string, unknown>;
    const out: RecordedResource[] = [root];
    for (let copy = 0; out.length < size; copy++) {
        for (const r of rest) {
            if (out.length >= size) break;
            const rename = (urn: string) => (urn === root.urn || urn.includes("pulumi:providers:") ? urn : `${urn}-${copy}`);
            out.push({
                ...r,
                urn: rename(r.urn),
                name: `${r.name}-${copy}`,
                inputs: relabel(r.inputs, copy),
                outputs: relabel(r.outputs, copy),
                parent: r.parent && rename(r.parent),
                dependencies: r.dependencies.map(rename),
                propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies).map(([k, v]) => [k, v.map(rename)])),
            });
        }
    }
    return out;
}
