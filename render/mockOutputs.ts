// What the offline render pretends providers return: deterministic ids, names and ARNs derived from
// the logical name only, so renders are repeatable and identical across stacks where inputs are.
import { createHash } from "crypto";

export interface MockResult {
    id: string;
    /** Outputs the provider adds to the inputs (merged deeply into them). */
    computed: Record<string, unknown>;
}

/**
 * Stands in for the random suffix of Pulumi auto-naming: the logical name, a dash and hex characters (7 for
 * bridged providers such as AWS, 8 for the Kubernetes provider), derived from the logical name so that
 * renders repeat and stacks compare.
 */
export function autoName(logicalName: string, hexDigits = 7): string {
    return `${logicalName}-${createHash("sha256").update(logicalName).digest("hex").slice(0, hexDigits)}`;
}

const accountId = "123456789012";

/**
 * What a provider's Check adds to the inputs (auto-names): known in a preview too, as the engine calls
 * Check before it analyzes a resource.
 */
export function checkOutputs(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
    if (type.startsWith("kubernetes:") && !type.startsWith("kubernetes:index:")) {
        // The provider marks what it named, so that a replacement gets a new name (pulumi-kubernetes Check).
        return inputs.metadata?.name === undefined ? { metadata: { name: autoName(name, 8), annotations: { "pulumi.com/autonamed": "true" } } } : {};
    }
    switch (type) {
        case "aws:iam/role:Role":
        case "aws:iam/rolePolicy:RolePolicy":
            return inputs.name === undefined ? { name: autoName(name) } : {};
        case "aws:s3/bucket:Bucket":
            return inputs.bucket === undefined ? { bucket: autoName(name) } : {};
    }
    return {};
}

/** What a create returns: the id, and the outputs (Check's and the provider's own) merged into the inputs. */
export function mockOutputs(type: string, name: string, inputs: Record<string, any>): MockResult {
    const computed = checkOutputs(type, name, inputs);
    const checked = mergeComputed(inputs, computed) as Record<string, any>;
    if (type.startsWith("kubernetes:") && !type.startsWith("kubernetes:index:")) {
        const objectName = checked.metadata?.name;
        const namespace = inputs.metadata?.namespace;
        const id = typeof namespace === "string" ? `${namespace}/${objectName}` : String(objectName);
        return { id, computed };
    }
    switch (type) {
        case "aws:iam/role:Role":
            return { id: checked.name, computed: { ...computed, arn: `arn:aws:iam::${accountId}:role/${checked.name}` } };
        case "aws:s3/bucket:Bucket":
            return { id: checked.bucket, computed: { ...computed, arn: `arn:aws:s3:::${checked.bucket}` } };
    }
    return { id: `${name}-id`, computed };
}

/** `computed` laid over `base`, objects merged key by key. */
export function mergeComputed(base: Record<string, unknown>, computed: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(computed)) {
        const under = out[key];
        out[key] =
            isPlainObject(value) && isPlainObject(under) ? mergeComputed(under, value) : value;
    }
    return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}
