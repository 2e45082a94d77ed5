// What the offline render pretends providers return: deterministic ids, names and ARNs derived from
// the logical name only, so renders are repeatable and identical across stacks where inputs are.
import { createHash } from "crypto";

export interface MockResult {
    id: string;
    /** Outputs the provider adds to the inputs (merged deeply into them). */
    computed: Record<string, unknown>;
}

/** Stands in for the random suffix of Pulumi auto-naming. */
export function autoName(logicalName: string): string {
    return `${logicalName}-${createHash("sha256").update(logicalName).digest("hex").slice(0, 7)}`;
}

const accountId = "123456789012";

export function mockOutputs(type: string, name: string, inputs: Record<string, any>): MockResult {
    if (type.startsWith("kubernetes:") && !type.startsWith("kubernetes:index:")) {
        const given = inputs.metadata?.name;
        const objectName = typeof given === "string" ? given : autoName(name);
        const namespace = inputs.metadata?.namespace;
        const id = typeof namespace === "string" ? `${namespace}/${objectName}` : objectName;
        return { id, computed: given === undefined ? { metadata: { name: objectName } } : {} };
    }
    switch (type) {
        case "aws:iam/role:Role": {
            const roleName = typeof inputs.name === "string" ? inputs.name : autoName(name);
            return { id: roleName, computed: { name: roleName, arn: `arn:aws:iam::${accountId}:role/${roleName}` } };
        }
        case "aws:s3/bucket:Bucket": {
            const bucket = typeof inputs.bucket === "string" ? inputs.bucket : autoName(name);
            return { id: bucket, computed: { bucket, arn: `arn:aws:s3:::${bucket}` } };
        }
    }
    return { id: `${name}-id`, computed: {} };
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
