import type { ResourceValidationPolicy } from "@pulumi/policy";
import { currentEnvironment, perEnvironment, type Environment } from "../environment";

interface Config {
    required: Record<Environment, boolean>;
    types: string[];
}

export const statefulResourceProtection: ResourceValidationPolicy = {
    name: "aws-stateful-resource-protection",
    description: "Stateful AWS resources (buckets, databases, tables) are protected from deletion where the environment requires it.",
    configSchema: {
        properties: {
            required: perEnvironment("boolean", { dev: false, staging: false, prod: true }, "Environments whose stateful resources must be protected."),
            types: {
                type: "array",
                items: { type: "string" },
                default: ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2", "aws:rds/instance:Instance", "aws:rds/cluster:Cluster", "aws:dynamodb/table:Table", "aws:efs/fileSystem:FileSystem"],
                description: "Resource types that hold state.",
            },
        },
    },
    validateResource: (args, reportViolation) => {
        const { required, types } = args.getConfig<Config>();
        const environment = currentEnvironment();
        if (!required[environment] || !types.includes(args.type)) return;
        if (args.opts.protect !== true) {
            reportViolation(`Stateful resource must have protect: true in ${environment}; it is not protected.`);
        }
    },
};
