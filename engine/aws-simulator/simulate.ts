// lockstep's AWS *simulator*: what the real AWS provider would answer the engine for the resource types
// lockstep creates, computed from the inputs alone. It exists because the real provider cannot be built
// from any registry (its Go module replaces terraform-provider-aws with a patched submodule). It proves
// that the engine, the program and the policy pack work together with `aws` resources in the graph; it
// does not prove anything AWS itself would accept or refuse (names, policies, regions, quotas, IAM).
import { createHash } from "crypto";

export const accountId = "123456789012";

type Inputs = Record<string, unknown>;

/** The property the real provider auto-names, per type, and whether the name must be lower case. */
const autoNamed: Record<string, { property: string; lowerCase: boolean; prefixProperty?: string }> = {
    "aws:s3/bucket:Bucket": { property: "bucket", lowerCase: true, prefixProperty: "bucketPrefix" },
    "aws:s3/bucketV2:BucketV2": { property: "bucket", lowerCase: true, prefixProperty: "bucketPrefix" },
    "aws:iam/role:Role": { property: "name", lowerCase: false, prefixProperty: "namePrefix" },
    "aws:iam/rolePolicy:RolePolicy": { property: "name", lowerCase: false, prefixProperty: "namePrefix" },
};

/** `<type>::<name>` of a URN `urn:pulumi:<stack>::<project>::<type path>::<name>`. */
export function urnParts(urn: string): { type: string; name: string } {
    const parts = urn.split("::");
    const typePath = parts[2] ?? "";
    return { type: typePath.split("$").pop() ?? typePath, name: parts.slice(3).join("::") };
}

/**
 * Pulumi's auto-name: the logical name, a dash and 7 hex characters. The real suffix is random; here it is
 * derived from the URN so that repeated runs agree (nothing may depend on its value either way).
 */
export function autoName(urn: string, logicalName: string): string {
    return `${logicalName}-${createHash("sha256").update(urn).digest("hex").slice(0, 7)}`;
}

const isUnknown = (value: unknown) => typeof value === "string" && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value);

/** Check: the inputs plus the auto-name the real provider adds when none is given. */
export function check(urn: string, news: Inputs): Inputs {
    const { type, name } = urnParts(urn);
    const naming = autoNamed[type];
    if (!naming || news[naming.property] !== undefined) return news;
    const prefix = naming.prefixProperty ? news[naming.prefixProperty] : undefined;
    if (isUnknown(prefix)) return news;
    let value = typeof prefix === "string" ? `${prefix}${createHash("sha256").update(urn).digest("hex").slice(0, 26)}` : autoName(urn, name);
    if (naming.lowerCase) value = value.toLowerCase();
    return { ...news, [naming.property]: value };
}

/** Create: the id and the outputs the real provider returns (inputs plus what AWS computes), in AWS's formats. */
export function create(urn: string, inputs: Inputs, region: string): { id: string; outs: Inputs } {
    const { type, name } = urnParts(urn);
    const tags = (inputs.tags as Inputs | undefined) ?? {};
    const common = { ...inputs, region: inputs.region ?? region, tagsAll: tags };
    switch (type) {
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2": {
            const bucket = String(inputs.bucket);
            return {
                id: bucket,
                outs: {
                    ...common,
                    bucket,
                    arn: `arn:aws:s3:::${bucket}`,
                    bucketDomainName: `${bucket}.s3.amazonaws.com`,
                    bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
                    hostedZoneId: "Z1BKCTXD74EZPE",
                    forceDestroy: inputs.forceDestroy ?? false,
                },
            };
        }
        case "aws:iam/role:Role": {
            const roleName = String(inputs.name);
            const unique = createHash("sha256").update(urn).digest("hex").slice(0, 17).toUpperCase();
            return {
                id: roleName,
                outs: {
                    ...common,
                    name: roleName,
                    arn: `arn:aws:iam::${accountId}:role/${inputs.path ?? "/"}${roleName}`.replace(/\/\/+/g, "/").replace(":role//", ":role/"),
                    uniqueId: `AROA${unique}`,
                    path: inputs.path ?? "/",
                    maxSessionDuration: inputs.maxSessionDuration ?? 3600,
                    createDate: "2026-01-01T00:00:00Z",
                },
            };
        }
        case "aws:iam/rolePolicy:RolePolicy":
            return { id: `${String(inputs.role)}:${String(inputs.name)}`, outs: { ...inputs } };
        default:
            // Bucket sub-resources (ownership, versioning, encryption, lifecycle, public access block): their id
            // is the bucket's name, as the real provider sets it.
            if (type.startsWith("aws:s3/") && typeof inputs.bucket === "string") return { id: inputs.bucket, outs: { ...inputs } };
            return { id: `${name}-${createHash("sha256").update(urn).digest("hex").slice(0, 8)}`, outs: { ...inputs } };
    }
}
