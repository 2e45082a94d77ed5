// What a preview found: the violations of every pack, in a shape every reporter reads.
import type { EnforcementLevel } from "./enforcement";

export interface Violation {
    policyPackName: string;
    policyPackVersion: string;
    policyName: string;
    description: string;
    /** Already scrubbed of secret values. */
    message: string;
    enforcementLevel: EnforcementLevel;
    /** Stack violations without a URN belong to the root stack resource. */
    urn: string;
    resourceType: string;
    resourceName: string;
}

/** A remediation that changed a resource before it was analyzed. */
export interface Remediated {
    policyPackName: string;
    policyPackVersion: string;
    policyName: string;
    urn: string;
    resourceType: string;
    resourceName: string;
}

export interface PackSummary {
    name: string;
    version: string;
    /** As given with --policy-pack (the CLI's "local:" path), or the default pack relative to the project. */
    directory: string;
    policies: Array<{ name: string; enforcementLevel: EnforcementLevel }>;
}

export interface PreviewReport {
    schemaVersion: 1;
    project: string;
    stack: string;
    resourceCount: number;
    /**
     * How values were judged: "known" as `pulumi up` judges each resource (every value known), or
     * "first-preview" as a first `pulumi preview` does (what only a create returns is unknown).
     */
    values: "known" | "first-preview";
    packs: PackSummary[];
    violations: Violation[];
    /** In the order the remediations ran. */
    remediations: Remediated[];
    /** false when any violation is mandatory. */
    passed: boolean;
}

/** `urn:pulumi:<stack>::<project>::<type chain>::<name>`: the last type of the chain and the name. */
export function typeAndNameOfUrn(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const name = parts.length >= 4 ? parts.slice(3).join("::") : urn;
    const chain = parts[2] ?? "";
    const type = chain.split("$").pop() ?? chain;
    return { type, name };
}
