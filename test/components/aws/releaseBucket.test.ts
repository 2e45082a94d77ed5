import { strict as assert } from "assert";
import { renderedStack, resourceNamed, shippedStacks } from "../../helpers/renderedStacks";

describe("ReleaseBucket and tags (rendered under mocks)", () => {
    for (const stack of shippedStacks) {
        it(`${stack}: the bucket blocks all public access, and is versioned, encrypted and expiring old versions`, async () => {
            const rendered = await renderedStack(stack);
            const block = resourceNamed(rendered, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "release-records-public-access-block").inputs;
            for (const flag of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) {
                assert.equal(block[flag], true, flag);
            }
            const bucket = resourceNamed(rendered, "aws:s3/bucket:Bucket", "release-records-bucket");
            assert.equal(block.bucket, bucket.id, "the block applies to the release bucket");
            const versioning = resourceNamed(rendered, "aws:s3/bucketVersioning:BucketVersioning", "release-records-versioning").inputs as any;
            assert.equal(versioning.versioningConfiguration.status, "Enabled");
            const encryption = resourceNamed(
                rendered,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "release-records-encryption",
            ).inputs as any;
            assert.equal(encryption.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm, "aws:kms");
            const lifecycle = resourceNamed(rendered, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "release-records-lifecycle").inputs as any;
            assert.equal(lifecycle.rules[0].noncurrentVersionExpiration.noncurrentDays, 90);
        });

        it(`${stack}: every taggable AWS resource has the environment, service and managed-by tags`, async () => {
            const rendered = await renderedStack(stack);
            const taggable = rendered.resources.filter((r) => r.custom && r.type.startsWith("aws:") && "tags" in r.inputs);
            assert.ok(taggable.length >= 3, "the bucket and the two roles at least");
            for (const resource of taggable) {
                const tags = resource.inputs.tags as Record<string, string>;
                assert.equal(tags.environment, stack, resource.urn);
                assert.equal(tags["managed-by"], "lockstep", resource.urn);
                assert.ok(tags.service, resource.urn);
            }
        });
    }

    it("protects the stateful resources in prod only", async () => {
        const protectedIn = async (stack: string) =>
            (await renderedStack(stack)).resources.filter((r) => r.protect).map((r) => `${r.type}::${r.name}`).sort();
        assert.deepEqual(await protectedIn("prod"), [
            "aws:s3/bucket:Bucket::release-records-bucket",
            "kubernetes:core/v1:Namespace::namespace",
        ]);
        assert.deepEqual(await protectedIn("dev"), []);
        assert.deepEqual(await protectedIn("staging"), []);
    });
});
