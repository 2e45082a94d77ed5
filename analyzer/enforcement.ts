// The engine's enforcement semantics: which level applies to a policy, and when a run fails.
export const enforcementLevels = ["advisory", "mandatory", "remediate", "disabled"] as const;
export type EnforcementLevel = (typeof enforcementLevels)[number];

export function isEnforcementLevel(value: unknown): value is EnforcementLevel {
    return typeof value === "string" && (enforcementLevels as readonly string[]).includes(value);
}

/** The config's level, else the policy's, else the pack's, else advisory (as @pulumi/policy decides). */
export function effectiveLevel(
    configLevel: EnforcementLevel | undefined,
    policyLevel: EnforcementLevel | undefined,
    packLevel: EnforcementLevel | undefined,
): EnforcementLevel {
    return configLevel || policyLevel || packLevel || "advisory";
}

/** What remains after a remediation is reported as mandatory; a stack policy cannot remediate at all. */
export function reportedLevel(level: EnforcementLevel): EnforcementLevel {
    return level === "remediate" ? "mandatory" : level;
}

/** Any mandatory violation fails the update (in preview, at the end, after the stack policies ran). */
export function gateFailed(violations: ReadonlyArray<{ enforcementLevel: EnforcementLevel }>): boolean {
    return violations.some((v) => reportedLevel(v.enforcementLevel) === "mandatory");
}
