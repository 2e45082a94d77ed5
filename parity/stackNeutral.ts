// Stack-neutral names and values: the stack's own name, as a whole word, becomes a placeholder so
// that `app-dev-logs` and `app-prod-logs` compare equal while `device` is left alone.
export const stackPlaceholder = "{stack}";

const patterns = new Map<string, RegExp>();

function wholeWord(stack: string): RegExp {
    let pattern = patterns.get(stack);
    if (pattern === undefined) {
        const escaped = stack.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        // Bounded by non-alphanumeric characters (or the ends), as DESIGN.md defines a whole word.
        pattern = new RegExp(`(?<![A-Za-z0-9])${escaped}(?![A-Za-z0-9])`, "g");
        patterns.set(stack, pattern);
    }
    return pattern;
}

/** `text` with every whole-word occurrence of `stack` replaced by the placeholder. */
export function neutralizeStackName(text: string, stack: string): string {
    if (stack === "" || !text.includes(stack)) return text;
    return text.replace(wholeWord(stack), stackPlaceholder);
}

/** A resource's identity across stacks: its type and its logical name with the stack name neutral. */
export function stackNeutralIdentity(type: string, name: string, stack: string): string {
    return `${type}::${neutralizeStackName(name, stack)}`;
}
