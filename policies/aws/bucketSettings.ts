// S3 bucket settings live on separate resources (aws v6+): find the ones that belong to a bucket.
import type { PolicyResource } from "@pulumi/policy";

export function isBucket(resource: PolicyResource): boolean {
    return resource.type === "aws:s3/bucket:Bucket" || resource.type === "aws:s3/bucketV2:BucketV2";
}

/**
 * A settings resource belongs to a bucket when its `bucket` input came from that bucket (property
 * dependency) or names it.
 */
export function settingsOf(resources: PolicyResource[], typePrefix: string, bucket: PolicyResource): PolicyResource[] {
    return resources.filter(
        (r) =>
            r.type.startsWith(typePrefix) &&
            ((r.propertyDependencies["bucket"] ?? []).some((d) => d.urn === bucket.urn) ||
                (bucket.props.bucket !== undefined && r.props.bucket === bucket.props.bucket)),
    );
}
