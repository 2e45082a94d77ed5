// Recorded resources (engine wire form) as the engine hands them to an analyzer.
import type { RecordedResource } from "../project/renderedStack";
import type { AnalyzerResource } from "./analyzerClient";
import { analyzerProperties } from "./propertyEncoding";

function asObject(value: unknown): Record<string, unknown> {
    const encoded = analyzerProperties(value ?? {});
    return encoded !== null && typeof encoded === "object" && !Array.isArray(encoded) ? encoded : {};
}

/**
 * Analyze sees a resource's inputs; AnalyzeStack its final outputs (the engine's deployment executor
 * does the same). `provider` is `<provider urn>::<provider id>`.
 */
export function analyzerResources(resources: RecordedResource[], use: "inputs" | "outputs"): AnalyzerResource[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    return resources.map((r) => {
        const providerUrn = r.provider ? r.provider.slice(0, r.provider.lastIndexOf("::")) : undefined;
        const provider = providerUrn ? byUrn.get(providerUrn) : undefined;
        return {
            urn: r.urn,
            type: r.type,
            name: r.name,
            properties: asObject(use === "inputs" ? r.inputs : r.outputs),
            options: {
                protect: r.protect,
                ignoreChanges: r.ignoreChanges ?? [],
                parent: r.parent,
                additionalSecretOutputs: r.additionalSecretOutputs ?? [],
                deleteBeforeReplace: r.deleteBeforeReplace,
                customTimeouts: r.customTimeouts,
            },
            provider: provider ? { urn: provider.urn, type: provider.type, name: provider.name, properties: asObject(provider.inputs) } : undefined,
            parent: r.parent,
            dependencies: r.dependencies ?? [],
            propertyDependencies: r.propertyDependencies ?? {},
        };
    });
}
