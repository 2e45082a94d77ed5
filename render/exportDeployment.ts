// A rendered stack as `pulumi stack export` writes a deployment (version 3), so that it can be read
// by anything that reads exports, `pulumi policy analyze --file` included. Secrets stay secrets:
// their values are replaced by an opaque ciphertext marker and never written in clear.
import type { RenderedStack } from "./renderStack";

export const signatureKey = "4dabf18193072939515e22adb298388d";
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
/** No secrets provider runs offline, so no real ciphertext exists; this marks the value as withheld. */
export const offlineCiphertext = "lockstep-offline-render:secret-withheld";

export interface ExportedResource {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    inputs: Record<string, unknown>;
    outputs: Record<string, unknown>;
    parent?: string;
    protect?: boolean;
    dependencies?: string[];
    provider?: string;
    propertyDependencies?: Record<string, string[]>;
}

export interface ExportedDeployment {
    version: 3;
    deployment: {
        manifest: { time: string; magic: string; version: string };
        resources: ExportedResource[];
    };
}

export function isSecretValue(value: unknown): value is { value?: unknown } {
    return value !== null && typeof value === "object" && (value as Record<string, unknown>)[signatureKey] === secretSignature;
}

/** Replaces every secret's value with the ciphertext marker. */
export function withholdSecrets(value: unknown): unknown {
    if (isSecretValue(value)) return { [signatureKey]: secretSignature, ciphertext: offlineCiphertext };
    if (Array.isArray(value)) return value.map(withholdSecrets);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withholdSecrets(v)]));
    }
    return value;
}

export function exportDeployment(rendered: RenderedStack, time: Date = new Date()): ExportedDeployment {
    const resources = rendered.resources.map((r): ExportedResource => {
        const out: ExportedResource = {
            urn: r.urn,
            custom: r.custom,
            type: r.type,
            inputs: withholdSecrets(r.inputs) as Record<string, unknown>,
            outputs: withholdSecrets(r.outputs) as Record<string, unknown>,
        };
        if (r.custom && r.id !== undefined) out.id = r.id;
        if (r.parent) out.parent = r.parent;
        if (r.protect) out.protect = true;
        if (r.dependencies.length) out.dependencies = r.dependencies;
        if (r.provider) out.provider = r.provider;
        const propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).filter(([, urns]) => urns.length));
        if (Object.keys(propertyDependencies).length) out.propertyDependencies = propertyDependencies;
        return out;
    });
    return {
        version: 3,
        deployment: { manifest: { time: time.toISOString(), magic: "", version: "lockstep offline render" }, resources },
    };
}
