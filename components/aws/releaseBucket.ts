import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ReleaseBucketArgs {
    /** Days to keep superseded (noncurrent) release records. Defaults to 90. */
    retentionDays?: number;
    /** Protect the bucket from deletion (prod). Defaults to false. */
    protect?: boolean;
    tags: Record<string, string>;
}

/**
 * The environment's S3 bucket of release records: versioned, encrypted, owner-enforced, all public
 * access blocked, with a lifecycle rule that expires old versions and abandoned uploads.
 */
export class ReleaseBucket extends pulumi.ComponentResource {
    public readonly bucketName: pulumi.Output<string>;
    public readonly bucketArn: pulumi.Output<string>;

    /**
     * @param name The unique name of the component.
     * @param args Retention, protection and tags.
     * @param opts Resource options; the AWS provider flows to the children through the parent.
     */
    constructor(name: string, args: ReleaseBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("lockstep:aws:ReleaseBucket", name, {}, opts);
        const bucket = new aws.s3.Bucket(
            `${name}-bucket`,
            { forceDestroy: false, tags: args.tags },
            { parent: this, protect: args.protect ?? false },
        );
        new aws.s3.BucketOwnershipControls(
            `${name}-ownership`,
            { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
            { parent: this },
        );
        new aws.s3.BucketPublicAccessBlock(
            `${name}-public-access-block`,
            {
                bucket: bucket.id,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            },
            { parent: this },
        );
        new aws.s3.BucketVersioning(
            `${name}-versioning`,
            { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
            { parent: this },
        );
        new aws.s3.BucketServerSideEncryptionConfiguration(
            `${name}-encryption`,
            {
                bucket: bucket.id,
                rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" }, bucketKeyEnabled: true }],
            },
            { parent: this },
        );
        new aws.s3.BucketLifecycleConfiguration(
            `${name}-lifecycle`,
            {
                bucket: bucket.id,
                rules: [
                    {
                        id: "expire-superseded-records",
                        status: "Enabled",
                        filter: {},
                        noncurrentVersionExpiration: { noncurrentDays: args.retentionDays ?? 90 },
                        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                    },
                ],
            },
            { parent: this },
        );
        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn });
    }
}
