import type { StackValidationPolicy } from "@pulumi/policy";
import { isBucket, settingsFinder } from "./bucketSettings";

interface EncryptionRule {
    applyServerSideEncryptionByDefault?: { sseAlgorithm?: string };
}

export const s3BucketEncryption: StackValidationPolicy = {
    name: "aws-s3-bucket-encryption",
    description: "Every S3 bucket is encrypted at rest by default (server-side encryption configuration with an algorithm).",
    validateStack: (args, reportViolation) => {
        const settingsOf = settingsFinder(args.resources, "aws:s3/bucketServerSideEncryptionConfiguration");
        for (const bucket of args.resources.filter(isBucket)) {
            const inline = (bucket.props.serverSideEncryptionConfiguration?.rule ?? undefined) as EncryptionRule | undefined;
            if (inline?.applyServerSideEncryptionByDefault?.sseAlgorithm) continue;
            const configurations = settingsOf(bucket);
            const algorithms = configurations.flatMap((c) =>
                ((c.props.rules ?? []) as EncryptionRule[]).map((rule) => rule.applyServerSideEncryptionByDefault?.sseAlgorithm).filter(Boolean),
            );
            if (algorithms.length > 0) continue;
            reportViolation(
                `S3 bucket must have a BucketServerSideEncryptionConfiguration with an sseAlgorithm (aws:kms or AES256); ` +
                    (configurations.length === 0 ? "it has none." : "its configuration names no algorithm."),
                bucket.urn,
            );
        }
    },
};
