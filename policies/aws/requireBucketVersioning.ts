import type { StackValidationPolicy } from "@pulumi/policy";
import { isBucket, settingsFinder } from "./bucketSettings";

export const s3BucketVersioning: StackValidationPolicy = {
    name: "aws-s3-bucket-versioning",
    description: "Every S3 bucket has versioning enabled, so an overwritten or deleted object can be recovered.",
    validateStack: (args, reportViolation) => {
        const settingsOf = settingsFinder(args.resources, "aws:s3/bucketVersioning");
        for (const bucket of args.resources.filter(isBucket)) {
            if (bucket.props.versioning?.enabled === true) continue;
            const versionings = settingsOf(bucket);
            const statuses = versionings.map((v) => v.props.versioningConfiguration?.status as string | undefined);
            if (statuses.includes("Enabled")) continue;
            reportViolation(
                `S3 bucket must have a BucketVersioning with status Enabled; ` +
                    (statuses.length === 0 ? "it has none." : `it has status ${statuses.map((s) => s ?? "unset").join(", ")}.`),
                bucket.urn,
            );
        }
    },
};
