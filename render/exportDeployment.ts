// A rendered stack as `pulumi stack export` writes a deployment (version 3), so that it can be read
// by anything that reads exports: `pulumi stack import` takes it without --force and `pulumi policy
// analyze --file` reads it (the engine tier proves both). Secrets stay secrets: their values are replaced
// by a marker and never written in clear. No secrets provider runs offline, so the marker is written the
// way `pulumi stack export --show-secrets` writes a secret (`plaintext`, the JSON text of the value),
// which the engine reads without a secrets manager and re-encrypts with the stack's own on import.
import { createHash } from "crypto";
import type { RenderedStack } from "./renderStack";

export const signatureKey = "4dabf18193072939515e22adb298388d";
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
/** The value every secret is given in the export: a marker, never the secret. */
export const withheldSecretValue = "lockstep-offline-render:secret-withheld";

export interface ExportedResource {
    urn: string;
    custom: boolean;
    id?: string;
    type: string;
    inputs?: Record<string, unknown>;
    outputs?: Record<string, unknown>;
    parent?: string;
    protect?: boolean;
    dependencies?: string[];
    provider?: string;
    propertyDependencies?: Record<string, string[]>;
    additionalSecretOutputs?: string[];
    customTimeouts?: { create?: number; update?: number; delete?: number };
    ignoreChanges?: string[];
    created?: string;
    modified?: string;
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

/** Replaces every secret's value with the marker. */
export function withholdSecrets(value: unknown): unknown {
    if (isSecretValue(value)) return { [signatureKey]: secretSignature, plaintext: JSON.stringify(withheldSecretValue) };
    if (Array.isArray(value)) return value.map(withholdSecrets);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withholdSecrets(v)]));
    }
    return value;
}

export function exportDeployment(rendered: RenderedStack, time: Date = new Date()): ExportedDeployment {
    const resources = rendered.resources.map((r): ExportedResource => {
        const out: ExportedResource = { urn: r.urn, custom: r.custom, type: r.type };
        // Empty maps are left out, as the engine leaves them out.
        if (Object.keys(r.inputs).length) out.inputs = withholdSecrets(r.inputs) as Record<string, unknown>;
        const outputs = withSecretOutputs(r.outputs, r.additionalSecretOutputs ?? []);
        if (Object.keys(outputs).length) out.outputs = withholdSecrets(outputs) as Record<string, unknown>;
        if (r.custom && r.id !== undefined) out.id = r.id;
        if (r.parent) out.parent = r.parent;
        if (r.protect) out.protect = true;
        if (r.dependencies.length) out.dependencies = r.dependencies;
        if (r.provider) out.provider = r.provider;
        const propertyDependencies = Object.fromEntries(Object.entries(r.propertyDependencies).filter(([, urns]) => urns.length));
        if (Object.keys(propertyDependencies).length) out.propertyDependencies = propertyDependencies;
        if (r.additionalSecretOutputs?.length) out.additionalSecretOutputs = r.additionalSecretOutputs;
        // The engine leaves a timeout that was not set (0) out, as Go's omitempty does.
        const timeouts = Object.fromEntries(Object.entries(r.customTimeouts ?? {}).filter(([, seconds]) => seconds));
        if (Object.keys(timeouts).length) out.customTimeouts = timeouts;
        if (r.ignoreChanges.length) out.ignoreChanges = r.ignoreChanges;
        // The engine stamps every resource it creates, components too; the render "creates" all at the export's time.
        out.created = out.modified = time.toISOString();
        return out;
    });
    return {
        version: 3,
        deployment: { manifest: manifest(time), resources },
    };
}

const manifestVersion = "lockstep offline render";

/** The engine's manifest: `magic` is the sha256 of `version` (pkg/resource/deploy/manifest.go), checked on import. */
export function manifest(time: Date): { time: string; magic: string; version: string } {
    return { time: time.toISOString(), magic: createHash("sha256").update(manifestVersion).digest("hex"), version: manifestVersion };
}

/** The outputs an `additionalSecretOutputs` option names become secrets, as the engine stores them. */
function withSecretOutputs(outputs: Record<string, unknown>, names: string[]): Record<string, unknown> {
    if (names.length === 0) return outputs;
    return Object.fromEntries(
        Object.entries(outputs).map(([k, v]) => [k, names.includes(k) && !isSecretValue(v) ? { [signatureKey]: secretSignature, value: v } : v]),
    );
}
