import { strict as assert } from "assert";
import { check, create, urnParts } from "../../../engine/aws-simulator/simulate";

const bucketUrn = "urn:pulumi:dev::lockstep::lockstep:aws:ReleaseBucket$aws:s3/bucket:Bucket::release-records-bucket";
const roleUrn = "urn:pulumi:dev::lockstep::lockstep:aws:WorkloadRole$aws:iam/role:Role::checkout-workload-role";

describe("the AWS simulator (engine/aws-simulator)", () => {
    it("reads the type and name of a URN, under a parent's type chain", () => {
        assert.deepEqual(urnParts(bucketUrn), { type: "aws:s3/bucket:Bucket", name: "release-records-bucket" });
    });

    it("Check auto-names as the real provider does (name, a dash, 7 hex; lower case for buckets), and keeps a given name", () => {
        const checked = check(bucketUrn, { tags: { team: "payments" } });
        assert.match(String(checked.bucket), /^release-records-bucket-[0-9a-f]{7}$/);
        assert.deepEqual(check(bucketUrn, { bucket: "mine" }), { bucket: "mine" });
        assert.equal(check(roleUrn, {}).name, check(roleUrn, {}).name, "the same URN, the same name");
        assert.notEqual(check(roleUrn, {}).name, check(roleUrn.replace("pulumi:dev::", "pulumi:prod::"), {}).name);
        assert.match(String(check(bucketUrn, { bucketPrefix: "Records-" }).bucket), /^records-[0-9a-f]{26}$/);
    });

    it("Create returns ids and ARNs in AWS's formats", () => {
        const bucket = create(bucketUrn, { bucket: "release-records-bucket-1a2b3c4" }, "eu-west-1");
        assert.equal(bucket.id, "release-records-bucket-1a2b3c4");
        assert.equal(bucket.outs.arn, "arn:aws:s3:::release-records-bucket-1a2b3c4");
        assert.equal(bucket.outs.bucketRegionalDomainName, "release-records-bucket-1a2b3c4.s3.eu-west-1.amazonaws.com");
        const role = create(roleUrn, { name: "checkout-workload-role-0f0f0f0" }, "eu-west-1");
        assert.equal(role.id, "checkout-workload-role-0f0f0f0");
        assert.equal(role.outs.arn, "arn:aws:iam::123456789012:role/checkout-workload-role-0f0f0f0");
        assert.match(String(role.outs.uniqueId), /^AROA[0-9A-F]{17}$/);
        const versioning = create("urn:pulumi:dev::lockstep::aws:s3/bucketVersioning:BucketVersioning::v", { bucket: "b" }, "eu-west-1");
        assert.equal(versioning.id, "b");
    });
});
