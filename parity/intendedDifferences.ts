// Intended-difference rules from parity.yaml, and the classification of every difference by them:
// intended (with its rule) or unexplained drift (no rule, an expected value that does not match, or an
// expired rule). A whole resource or entry that one stack lacks is matched by its key alone.
import type { WholeKind } from "./model";
import { canonicalJson } from "./settings";

export interface IntendedRule {
    /** Glob(s) over a difference's key: `*` matches within one dotted segment, `**` matches anything. */
    path: string[];
    reason: string;
    /** The value each named environment is expected to hold; another value is drift. */
    expected?: Record<string, unknown>;
    owner?: string;
    /** `YYYY-MM-DD`: from the day after, the rule no longer explains anything. */
    expires?: string;
    /** Where the rule starts in its file, for warnings about it. */
    line?: number;
}

export type Classification =
    | { intended: true; rule: IntendedRule }
    | { intended: false; rule?: IntendedRule; note?: string };

const compiled = new Map<string, RegExp>();

export function globMatches(pattern: string, key: string): boolean {
    let regex = compiled.get(pattern);
    if (regex === undefined) {
        const source = pattern
            .split("**")
            .map((part) => part.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join("[^.]*"))
            .join(".*");
        regex = new RegExp(`^${source}$`);
        compiled.set(pattern, regex);
    }
    return regex.test(key);
}

export interface DifferenceToClassify {
    key: string;
    stack: string;
    baseline: string;
    /** Canonical JSON of each side as the stack holds it; undefined when the side has no such setting. */
    value?: string;
    baselineValue?: string;
    secret: boolean;
    /** A whole resource or keyed-list entry that only `heldBy` (one of the two stacks) has; no values then. */
    whole?: { kind: WholeKind; heldBy: string };
}

/** The first rule whose pattern matches decides; `today` is `YYYY-MM-DD`. */
export function classifyDifference(difference: DifferenceToClassify, rules: readonly IntendedRule[], today: string): Classification {
    const rule = rules.find((r) => r.path.some((p) => globMatches(p, difference.key)));
    if (rule === undefined) return { intended: false };
    if (rule.expires !== undefined && rule.expires < today) {
        return { intended: false, rule, note: `rule expired on ${rule.expires}` };
    }
    if (rule.expected !== undefined) {
        for (const [stack, actual] of [
            [difference.stack, difference.value],
            [difference.baseline, difference.baselineValue],
        ] as const) {
            if (!(stack in rule.expected)) continue;
            const note = expectationNote(difference, stack, actual, rule.expected[stack]);
            if (note !== undefined) return { intended: false, rule, note };
        }
    }
    return { intended: true, rule };
}

/**
 * Why `stack` does not meet the rule's expected value, or undefined when it does. Expected values are
 * never printed: a rule about a secret setting may hold one.
 */
function expectationNote(difference: DifferenceToClassify, stack: string, actual: string | undefined, expected: unknown): string | undefined {
    if (difference.whole !== undefined) {
        const what = `the ${difference.whole.kind}`;
        if (difference.whole.heldBy !== stack) return expected === null ? undefined : `${what} is absent from ${stack}, so ${stack} cannot hold the value the rule expects`;
        // A whole resource has no one value to expect: only its absence (null) can be declared.
        return expected === null
            ? `${stack} has ${what}, where the rule expects it absent (null)`
            : `${stack} has ${what} whole: a rule can expect only null (absent) of a whole ${difference.whole.kind}; leave ${stack} out of expected`;
    }
    if (difference.secret) return `${stack} does not hold the value the rule expects`;
    if (actual === undefined) return expected === null ? undefined : `${stack} lacks the setting, so ${stack} cannot hold the value the rule expects`;
    return sameValue(expected, actual) ? undefined : `${stack} does not hold the value the rule expects`;
}

/** Config values are strings to Pulumi, so `3` expected matches `"3"` held. null expects absence. */
function sameValue(expected: unknown, actual: string): boolean {
    const expectedJson = canonicalJson(expected);
    if (expectedJson === actual) return true;
    const parsed: unknown = JSON.parse(actual);
    return (typeof parsed !== "object" || parsed === null) && (typeof expected !== "object" || expected === null) && String(parsed) === String(expected);
}
