// Violation messages are the pack's text: a policy may quote a secret it was given. Replace every
// known secret value before anything is printed.
export const redacted = "[secret]";

/** Trivial values (booleans, tiny numbers) would redact half of every message, so they are kept. */
const worthScrubbing = (secret: string) => secret.length >= 3 && secret !== "true" && secret !== "false" && secret !== "null";

export function scrubSecrets(text: string, secrets: Iterable<string>): string {
    // Longest first, so a secret that contains another is replaced whole.
    const ordered = [...secrets].filter(worthScrubbing).sort((a, b) => b.length - a.length);
    let result = text;
    for (const secret of ordered) result = result.split(secret).join(redacted);
    return result;
}
