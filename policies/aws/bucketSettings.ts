// S3 bucket settings live on separate resources (aws v6+): find the ones that belong to a bucket.
import type { PolicyResource } from "@pulumi/policy";

export function isBucket(resource: PolicyResource): boolean {
    return resource.type === "aws:s3/bucket:Bucket" || resource.type === "aws:s3/bucketV2:BucketV2";
}

/**
 * Finds the settings resources of a bucket: those whose `bucket` input came from that bucket
 * (property dependency) or, without one, names it. Indexed once per stack, so each lookup is a map read.
 * The dependency comes first because it is known in a first preview, where the bucket's name passed as
 * `bucket.id` is not (reading an unknown value would make the policy an advisory "can't run").
 */
export function settingsFinder(resources: PolicyResource[], typePrefix: string): (bucket: PolicyResource) => PolicyResource[] {
    const byBucketUrn = new Map<string, PolicyResource[]>();
    const byBucketName = new Map<unknown, PolicyResource[]>();
    const add = <K>(map: Map<K, PolicyResource[]>, key: K, resource: PolicyResource) => {
        const list = map.get(key);
        if (list) list.push(resource);
        else map.set(key, [resource]);
    };
    for (const resource of resources) {
        if (!resource.type.startsWith(typePrefix)) continue;
        const dependencies = resource.propertyDependencies["bucket"] ?? [];
        for (const dependency of dependencies) add(byBucketUrn, dependency.urn, resource);
        if (dependencies.length > 0) continue;
        const name = resource.props.bucket;
        if (name !== undefined) add(byBucketName, name, resource);
    }
    return (bucket) => {
        const name = byBucketName.size > 0 ? bucket.props.bucket : undefined;
        const found = [...(byBucketUrn.get(bucket.urn) ?? []), ...(name !== undefined ? (byBucketName.get(name) ?? []) : [])];
        return [...new Set(found)];
    };
}
