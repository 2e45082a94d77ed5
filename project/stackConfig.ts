// A stack's effective config as the Pulumi CLI hands it to a program: project-level values under the
// stack's, every value a string (structured values as JSON), secrets listed by key.
import { isSecureValue, type PulumiProject, type StackFile } from "./pulumiProject";

/**
 * Offline, a `secure:` value cannot be decrypted: the program sees this placeholder instead, always as
 * a Pulumi secret, and it is never printed.
 */
export const offlineSecretPlaceholder = "lockstep-offline-secret";

export interface EffectiveConfig {
    /** `namespace:key` to the string the program reads. */
    values: Record<string, string>;
    secretKeys: string[];
}

export function effectiveConfig(project: PulumiProject, stackFile: StackFile): EffectiveConfig {
    const values: Record<string, string> = {};
    for (const [key, value] of Object.entries({ ...project.config, ...stackFile.config })) {
        if (value === null || value === undefined) continue;
        values[key] = configString(replaceSecure(value));
    }
    return { values, secretKeys: [...stackFile.secretKeys].sort() };
}

function replaceSecure(value: unknown): unknown {
    if (isSecureValue(value)) return offlineSecretPlaceholder;
    if (Array.isArray(value)) return value.map(replaceSecure);
    if (value !== null && typeof value === "object") {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecure(v)]));
    }
    return value;
}

/** Top-level config values are strings to Pulumi even when YAML reads a number or a boolean. */
function configString(value: unknown): string {
    return typeof value === "object" ? JSON.stringify(value) : String(value);
}
