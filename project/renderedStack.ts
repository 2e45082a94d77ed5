// What a render produces and the analyzer host, the parity sources and the exports consume: a stack's
// resources in the engine's wire form. Shared here so none of them depends on the renderer.

export interface RecordedResource {
    urn: string;
    type: string;
    name: string;
    custom: boolean;
    id?: string;
    parent?: string;
    /** `<provider urn>::<provider id>`, as the engine stores it. */
    provider?: string;
    protect: boolean;
    dependencies: string[];
    propertyDependencies: Record<string, string[]>;
    ignoreChanges: string[];
    /** The version of its package the SDK asked the engine for (it picks the default provider by it). */
    packageVersion?: string;
    /** Present only when the program set it. */
    deleteBeforeReplace?: boolean;
    additionalSecretOutputs?: string[];
    /** In seconds, as the engine passes them to analyzers (the program gives Go durations: "2m", "30s"). */
    customTimeouts?: { create?: number; update?: number; delete?: number };
    /** Inputs in the engine's wire form: secrets stay `{4dabf18193072939515e22adb298388d: ..., value}`. */
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
}

export interface RenderedStack {
    project: string;
    stack: string;
    /** The root stack resource first, then resources in registration order, default providers added. */
    resources: RecordedResource[];
    /** The program's exports, in wire form (secrets marked). */
    outputs: Record<string, unknown>;
    secretKeys: string[];
    /** "first-preview": rendered as a first `pulumi preview` sees it, create-only values unknown. Default "known". */
    values?: "known" | "first-preview";
}
