import type { StackValidationPolicy } from "@pulumi/policy";
import { isBucket, settingsFinder } from "./bucketSettings";

const flags = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3BucketPublicAccessBlock: StackValidationPolicy = {
    name: "aws-s3-bucket-public-access-block",
    description: "Every S3 bucket has a public access block with all four settings on.",
    validateStack: (args, reportViolation) => {
        const settingsOf = settingsFinder(args.resources, "aws:s3/bucketPublicAccessBlock:");
        for (const bucket of args.resources.filter(isBucket)) {
            const blocks = settingsOf(bucket);
            if (blocks.length === 0) {
                reportViolation(`S3 bucket must have a BucketPublicAccessBlock with ${flags.join(", ")} true; it has none.`, bucket.urn);
                continue;
            }
            const off = flags.filter((flag) => blocks.every((b) => b.props[flag] !== true));
            if (off.length > 0) {
                reportViolation(`S3 bucket's public access block must set ${flags.join(", ")} true; ${off.join(", ")} not set.`, bucket.urn);
            }
        }
    },
};
