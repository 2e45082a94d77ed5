// Recognises a secret in every form our inputs hold it, so that only its presence is ever compared.
export const signatureKey = "4dabf18193072939515e22adb298388d";
export const secretSignature = "1b47061264138c4ac30d75fd1eb44270";

/** What a secret leaf compares as (and prints as): never the value or the ciphertext. */
export const secretMarker = "[secret]";

/**
 * `{secure: <ciphertext>}` in a stack file, or the engine's wire form `{<sig>: <secret sig>, value |
 * ciphertext | plaintext}` in a render or a state export.
 */
export function isSecret(value: unknown): boolean {
    if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
    const record = value as Record<string, unknown>;
    if (record[signatureKey] === secretSignature) return true;
    // Cheap test first: this runs on every object of every resource.
    if (typeof record.secure !== "string") return false;
    const keys = Object.keys(record);
    return keys.length === 1;
}
