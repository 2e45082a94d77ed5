// Every policy of the lockstep-gates pack, passing and violating, evaluated through the analyzer host
// against resources rendered from the fixture program.
import * as assert from "assert";
import type { PackSession } from "../../analyzer/packSession";
import type { PolicyConfigMap } from "../../analyzer/policyConfig";
import { detail, evaluate, openPack, renderCase, validApprovals } from "../helpers/gatesFixture";

const environments = ["dev", "staging", "prod"] as const;
type Environment = (typeof environments)[number];

interface Case {
    policy: string;
    environment: Environment;
    breaks: string[];
    /** The violation's resource, `type: name`. */
    resource: string;
    message: string;
}

const deployment = "kubernetes:apps/v1:Deployment: web";
const bucket = "aws:s3/bucket:Bucket: records";
const violating: Case[] = [
    {
        policy: "kubernetes-deployment-zero-downtime-rollout",
        environment: "staging",
        breaks: ["recreate-strategy"],
        resource: deployment,
        message: `Deployment must use strategy RollingUpdate with maxUnavailable 0 and maxSurge at least 1 (or carry the "lockstep.dev/color" label of a blue-green pair); it has strategy Recreate.`,
    },
    {
        policy: "kubernetes-deployment-readiness-probe",
        environment: "prod",
        breaks: ["no-readiness-probe"],
        resource: deployment,
        message: `container "web" must have a readinessProbe; it has none.`,
    },
    {
        policy: "kubernetes-deployment-pinned-image",
        environment: "dev",
        breaks: ["latest-image"],
        resource: deployment,
        message: `container "web" must use an image with an explicit tag other than latest; it has "ghcr.io/acme/web:latest".`,
    },
    {
        policy: "kubernetes-deployment-pinned-image",
        environment: "prod",
        breaks: ["tag-not-digest"],
        resource: deployment,
        message: `container "web" must use an image pinned by digest (image@sha256:...) in prod; it has "ghcr.io/acme/web:1.4.2".`,
    },
    {
        policy: "kubernetes-deployment-minimum-replicas",
        environment: "staging",
        breaks: ["one-replica"],
        resource: deployment,
        message: "Deployment must have at least 2 replicas in staging; it has 1.",
    },
    {
        policy: "kubernetes-deployment-resource-limits",
        environment: "prod",
        breaks: ["no-limits"],
        resource: deployment,
        message: `container "web" must set resources limits.cpu, limits.memory; it has {"requests":{"cpu":"100m","memory":"128Mi"}}.`,
    },
    {
        policy: "kubernetes-deployment-graceful-shutdown",
        environment: "staging",
        breaks: ["no-prestop"],
        resource: deployment,
        message: `container "web" must have a lifecycle.preStop hook (e.g. sleep 10 s); it has none.`,
    },
    {
        policy: "kubernetes-deployment-graceful-shutdown",
        environment: "staging",
        breaks: ["short-grace-period"],
        resource: deployment,
        message: `container "web": terminationGracePeriodSeconds must be greater than its preStop sleep of 10 s; it is 5 s.`,
    },
    {
        policy: "kubernetes-deployment-disruption-budget",
        environment: "prod",
        breaks: ["no-pdb"],
        resource: deployment,
        message: `Deployment with 2 replicas must be covered by a PodDisruptionBudget in namespace "apps" selecting its pod labels {"app":"web"}; none selects them.`,
    },
    {
        policy: "kubernetes-service-single-deployment",
        environment: "staging",
        breaks: ["service-selects-nothing"],
        resource: "kubernetes:core/v1:Service: web",
        message: `Service selecting {"app":"other"} must select the pods of exactly one Deployment; it selects 0.`,
    },
    {
        policy: "aws-s3-bucket-public-access-block",
        environment: "prod",
        breaks: ["no-public-access-block"],
        resource: bucket,
        message: "S3 bucket must have a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets true; it has none.",
    },
    {
        policy: "aws-s3-bucket-public-access-block",
        environment: "prod",
        breaks: ["public-policy-allowed"],
        resource: bucket,
        message: "S3 bucket's public access block must set blockPublicAcls, blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets true; blockPublicPolicy not set.",
    },
    {
        policy: "aws-s3-bucket-encryption",
        environment: "staging",
        breaks: ["no-encryption"],
        resource: bucket,
        message: "S3 bucket must have a BucketServerSideEncryptionConfiguration with an sseAlgorithm (aws:kms or AES256); it has none.",
    },
    {
        policy: "aws-s3-bucket-versioning",
        environment: "prod",
        breaks: ["versioning-suspended"],
        resource: bucket,
        message: "S3 bucket must have a BucketVersioning with status Enabled; it has status Suspended.",
    },
    {
        policy: "aws-resource-required-tags",
        environment: "staging",
        breaks: ["missing-tags"],
        resource: bucket,
        message: "Resource must have tags team, environment, service, managed-by; missing service (it has environment, managed-by, team).",
    },
    {
        policy: "aws-iam-policy-no-wildcard-admin",
        environment: "prod",
        breaks: ["wildcard-statement"],
        resource: "aws:iam/rolePolicy:RolePolicy: web-policy",
        message: `IAM statement Everything must name the actions and resources it allows; it allows Action "*" on Resource "*".`,
    },
    {
        policy: "aws-stateful-resource-protection",
        environment: "prod",
        breaks: ["unprotected-bucket"],
        resource: bucket,
        message: "Stateful resource must have protect: true in prod; it is not protected.",
    },
];

/** Breakages a policy tolerates in the environment named (its config says it only applies elsewhere). */
const tolerated: Array<{ policy: string; environment: Environment; breaks: string[] }> = [
    { policy: "kubernetes-deployment-minimum-replicas", environment: "dev", breaks: ["one-replica"] },
    { policy: "kubernetes-deployment-disruption-budget", environment: "dev", breaks: ["no-pdb"] },
    { policy: "kubernetes-deployment-pinned-image", environment: "staging", breaks: ["tag-not-digest"] },
    { policy: "aws-stateful-resource-protection", environment: "staging", breaks: ["unprotected-bucket"] },
];

describe("policies: the lockstep-gates pack through the analyzer host", function () {
    const sessions = {} as Record<Environment, PackSession>;
    before(async () => {
        const opened = await Promise.all(environments.map((e) => openPack(e)));
        environments.forEach((e, i) => (sessions[e] = opened[i]));
    });
    after(async () => {
        await Promise.all(Object.values(sessions).map((s) => s.close()));
    });

    it("names every policy kebab-case, resource first, with a one-sentence description", () => {
        const policies = sessions.prod.info.policies;
        assert.strictEqual(sessions.prod.info.name, "lockstep-gates");
        assert.ok(policies.length >= 15, `expected at least 15 policies, got ${policies.length}`);
        assert.strictEqual(new Set(policies.map((p) => p.name)).size, policies.length, "policy names are unique");
        for (const policy of policies) {
            assert.match(policy.name, /^(kubernetes|aws|deployment)-[a-z0-9]+(-[a-z0-9]+)+$/, policy.name);
            assert.match(policy.description, /^[A-Z][^\n]*[a-z)]\.$/, `${policy.name}: description is one full sentence`);
        }
        for (const c of [...violating, ...tolerated]) assert.ok(policies.some((p) => p.name === c.policy), `${c.policy} is in the pack`);
        // deployment-freeze-window and deployment-release-verified: their own tests under test/policies/stack/.
        const tested = new Set([...violating.map((c) => c.policy), "deployment-change-approval", "deployment-freeze-window", "deployment-release-verified"]);
        assert.deepStrictEqual(policies.map((p) => p.name).filter((n) => !tested.has(n)), [], "every policy has a violating case");
    });

    for (const environment of environments) {
        it(`passes the compliant fixture in ${environment}`, async () => {
            const violations = await evaluate(sessions[environment], await renderCase(environment), validApprovals);
            assert.deepStrictEqual(violations.map((v) => `${v.policyName}: ${detail(v)}`), []);
        });
    }

    for (const c of violating) {
        it(`${c.policy} reports ${c.breaks.join(", ")} in ${c.environment}`, async () => {
            const violations = await evaluate(sessions[c.environment], await renderCase(c.environment, c.breaks), validApprovals);
            const level = c.environment === "dev" ? "advisory" : "mandatory";
            const byResource = (a: { resource: string }, b: { resource: string }) => a.resource.localeCompare(b.resource);
            assert.deepStrictEqual(
                violations.map((v) => ({ policy: v.policyName, level: v.enforcementLevel, resource: `${v.resourceType}: ${v.resourceName}`, message: detail(v) })).sort(byResource),
                [{ policy: c.policy, level, resource: c.resource, message: c.message }]
                    // The role carries the same tags as the bucket.
                    .concat(c.breaks.includes("missing-tags") ? [{ policy: c.policy, level, resource: "aws:iam/role:Role: web-role", message: c.message }] : [])
                    .sort(byResource),
            );
        });
    }

    for (const c of tolerated) {
        it(`${c.policy} allows ${c.breaks.join(", ")} in ${c.environment}`, async () => {
            const violations = await evaluate(sessions[c.environment], await renderCase(c.environment, c.breaks), validApprovals);
            assert.deepStrictEqual(violations.filter((v) => v.policyName === c.policy), []);
        });
    }

    describe("deployment-change-approval", () => {
        const approvals = (approvers: string[], author = "alice") => ({ "deployment-change-approval": { properties: { approvers, author } } });
        const approvalViolations = async (environment: Environment, config: PolicyConfigMap) =>
            (await evaluate(sessions[environment], await renderCase(environment), config)).filter((v) => v.policyName === "deployment-change-approval");

        it("needs nobody's approval in dev", async () => {
            assert.deepStrictEqual(await approvalViolations("dev", {}), []);
        });
        it("passes staging with one approver other than the author", async () => {
            assert.deepStrictEqual(await approvalViolations("staging", approvals(["bob"])), []);
        });
        it("fails prod with one approver, saying who approved and what is missing", async () => {
            const [violation, ...rest] = await approvalViolations("prod", approvals(["bob"]));
            assert.deepStrictEqual(rest, []);
            assert.strictEqual(violation.enforcementLevel, "mandatory");
            assert.strictEqual(`${violation.resourceType}: ${violation.resourceName}`, "pulumi:pulumi:Stack: gates-fixture-prod");
            assert.strictEqual(detail(violation), "prod updates need 2 distinct approvers other than the author alice; approved by bob: 1 more approval(s) needed.");
        });
        it("does not count the author or the same approver twice (case-insensitively)", async () => {
            const violations = await approvalViolations("prod", approvals(["bob", "Bob", "ALICE"], "alice"));
            assert.deepStrictEqual(violations.map(detail), [
                "prod updates need 2 distinct approvers other than the author alice; approved by bob, Bob, ALICE (alice is the author and does not count): 1 more approval(s) needed.",
            ]);
        });
        it("takes the required counts from config", async () => {
            const config = { "deployment-change-approval": { properties: { approvers: ["bob"], author: "alice", requiredApprovals: { dev: 0, staging: 1, prod: 1 } } } };
            assert.deepStrictEqual(await approvalViolations("prod", config), []);
        });
    });

    it("scrubs a secret a policy quotes from its message", async () => {
        const violations = await evaluate(sessions.dev, await renderCase("dev", ["secret-latest-image"]));
        const pinned = violations.filter((v) => v.policyName === "kubernetes-deployment-pinned-image");
        assert.deepStrictEqual(pinned.map(detail), [`container "web" must use an image with an explicit tag other than latest; it has "[secret]".`]);
        assert.ok(!JSON.stringify(violations).includes("private-web"));
    });
});
