import type { ResourceValidationPolicy } from "@pulumi/policy";

interface Config {
    tags: string[];
    types: string[];
}

export const awsRequiredTags: ResourceValidationPolicy = {
    name: "aws-resource-required-tags",
    description: "Taggable AWS resources carry the required tags (owner, environment, service, manager) for cost and ownership.",
    configSchema: {
        properties: {
            tags: { type: "array", items: { type: "string" }, default: ["team", "environment", "service", "managed-by"], description: "Tags every resource must have." },
            types: {
                type: "array",
                items: { type: "string" },
                default: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:iam/role:Role", "aws:rds/instance:Instance", "aws:dynamodb/table:Table"],
                description: "Resource types that must be tagged.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { tags, types } = args.getConfig<Config>();
        if (!types.includes(args.type)) return;
        const present = Object.keys((args.props.tags ?? {}) as Record<string, string>);
        const missing = tags.filter((tag) => !present.includes(tag));
        if (missing.length > 0) {
            reportViolation(`Resource must have tags ${tags.join(", ")}; missing ${missing.join(", ")} (it has ${present.length ? present.join(", ") : "no tags"}).`);
        }
    },
};
