// What the intended-difference rules did in one run, beyond classifying: rules (or patterns of a rule)
// that match no difference are stale, and a rule that explains a large share of the differences across
// many kinds of setting is too broad to be a decision anyone made. Pure: warnings as lines of text.
import { globMatches, type IntendedRule } from "./intendedDifferences";
import type { Difference, SourceName } from "./model";

/** A rule explaining differences of at least this many kinds of setting, */
export const broadKinds = 4;
/** and more than this share of all the run's differences, is flagged as over-broad. */
export const broadShare = 0.25;

export function ruleWarnings(rules: readonly IntendedRule[], differences: readonly Difference[], sources: readonly SourceName[], file = "parity.yaml"): string[] {
    const warnings: string[] = [];
    const resourceSources = sources.some((s) => s !== "config");
    rules.forEach((rule, i) => {
        const where = `${file}:${rule.line ?? 1}: intended[${i}]`;
        const matched = differences.filter((d) => rule.path.some((p) => globMatches(p, d.key)));
        // A pattern that can only match what this run did not compare is not stale: it is not judged.
        const judged = rule.path.filter((p) => (patternKind(p) === "resource" ? resourceSources : patternKind(p) === "config" ? sources.includes("config") : true));
        const stale = judged.filter((p) => !differences.some((d) => globMatches(p, d.key)));
        if (matched.length === 0 && judged.length > 0) {
            warnings.push(`${where}: stale: the rule matches no difference in this run (${sources.join(" + ")}): remove it if the difference is gone, or fix its path`);
        } else if (stale.length > 0) {
            warnings.push(`${where}: stale pattern${stale.length > 1 ? "s" : ""} ${stale.map((p) => `"${p}"`).join(", ")}: match no difference in this run: remove or fix ${stale.length > 1 ? "them" : "it"}`);
        }
        const explained = differences.filter((d) => d.intended && d.rule === rule.path.join(", ") && d.reason === rule.reason);
        const kinds = [...new Set(explained.map(settingKind))].sort();
        if (kinds.length >= broadKinds && explained.length > broadShare * differences.length) {
            warnings.push(
                `${where}: over-broad: the rule explains ${explained.length} of ${differences.length} differences across ${kinds.length} kinds of setting ` +
                    `(${kinds.join(", ")}): narrow its path to the settings its reason is about`,
            );
        }
    });
    return warnings;
}

/** What a pattern can match: resource keys hold `::` and `/`, config keys neither. */
function patternKind(pattern: string): "config" | "resource" | "either" {
    if (pattern.includes("::") || pattern.includes("/")) return "resource";
    return pattern.includes("**") ? "either" : "config";
}

/** The kind of a setting: a config key's top-level key, or a resource's type. */
function settingKind(d: Difference): string {
    return d.source === "config" ? d.key.split(".")[0] : d.key.split("::")[0];
}
