import { createHash } from "crypto";
import { strict as assert } from "assert";
import { exportDeployment, withheldSecretValue, secretSignature, signatureKey } from "../../render/exportDeployment";
import { renderStack } from "../../render/renderStack";
import { resourceTable, stackSummary } from "../../render/summarizeStack";
import { offlineSecretPlaceholder } from "../../project/stackConfig";
import { renderedStack, resourceNamed, shippedStacks } from "../helpers/renderedStacks";
import { repoRoot } from "../helpers/runCli";
import { tempProject } from "../helpers/tempProject";

describe("renderStack", () => {
    it("renders all three stacks with the same resources, stack names aside", async () => {
        const identities = await Promise.all(
            shippedStacks.map(async (stack) =>
                (await renderedStack(stack)).resources
                    .map((r) => r.urn.replace(`urn:pulumi:${stack}::`, "urn:pulumi:<stack>::").replace(`lockstep-${stack}`, "lockstep-<stack>"))
                    .sort(),
            ),
        );
        assert.ok(identities[0].length >= 30, `dev has ${identities[0].length} resources`);
        assert.deepEqual(identities[1], identities[0]);
        assert.deepEqual(identities[2], identities[0]);
    });

    it("builds URNs, parents and providers the way the engine does", async () => {
        const rendered = await renderedStack("dev");
        const root = rendered.resources[0];
        assert.equal(root.urn, "urn:pulumi:dev::lockstep::pulumi:pulumi:Stack::lockstep-dev");
        const role = resourceNamed(rendered, "aws:iam/role:Role", "payments-api-workload-role");
        assert.equal(
            role.urn,
            "urn:pulumi:dev::lockstep::lockstep:kubernetes:RollingService$lockstep:aws:WorkloadRole$aws:iam/role:Role::payments-api-workload-role",
        );
        assert.equal(role.parent, "urn:pulumi:dev::lockstep::lockstep:kubernetes:RollingService$lockstep:aws:WorkloadRole::payments-api-workload");
        assert.equal(role.provider, "urn:pulumi:dev::lockstep::pulumi:providers:aws::aws::aws-id");
        for (const r of rendered.resources) {
            assert.ok(!r.urn.includes("pulumi:pulumi:Stack$"), `mock-style URN ${r.urn}`);
            if (r !== root) assert.ok(r.parent, `${r.urn} has a parent`);
        }
        const policy = resourceNamed(rendered, "aws:iam/rolePolicy:RolePolicy", "payments-api-workload-policy");
        assert.ok(policy.dependencies.includes(role.urn), "the policy depends on its role");
        assert.deepEqual(policy.propertyDependencies.role, [role.urn]);
    });

    it("renders several stacks in one process without state leaking between them", async () => {
        const first = await renderStack({ projectDir: repoRoot, stack: "dev" });
        const prod = await renderStack({ projectDir: repoRoot, stack: "prod" });
        const again = await renderStack({ projectDir: repoRoot, stack: "dev" });
        assert.deepEqual(again.resources, first.resources);
        assert.deepEqual(again.outputs, first.outputs);
        assert.ok(prod.resources.some((r) => r.protect));
        assert.ok(!again.resources.some((r) => r.protect));
        assert.ok(again.resources.every((r) => r.urn.startsWith("urn:pulumi:dev::")));
    });

    it("takes turns when renders are started together, so they still share nothing", async () => {
        const [dev, prod] = await Promise.all([
            renderStack({ projectDir: repoRoot, stack: "dev" }),
            renderStack({ projectDir: repoRoot, stack: "prod" }),
        ]);
        assert.ok(dev.resources.every((r) => r.urn.startsWith("urn:pulumi:dev::") && !r.protect));
        assert.ok(prod.resources.every((r) => r.urn.startsWith("urn:pulumi:prod::")));
        assert.deepEqual(dev.resources, (await renderedStack("dev")).resources);
    });

    it("adds a default provider for custom resources registered without one, as the engine does", async () => {
        const dir = tempProject({
            "index.ts": 'import * as aws from "@pulumi/aws";\nexport const name = new aws.s3.Bucket("plain").bucket;\n',
        });
        const rendered = await renderStack({ projectDir: dir, stack: "dev" });
        const bucket = resourceNamed(rendered, "aws:s3/bucket:Bucket", "plain");
        assert.equal(bucket.provider, "urn:pulumi:dev::lockstep::pulumi:providers:aws::default_7_48_0::default-provider-id");
        assert.ok(rendered.resources.some((r) => r.urn === "urn:pulumi:dev::lockstep::pulumi:providers:aws::default_7_48_0" && (r.inputs as any).version === "7.48.0"));
    });

    describe("secrets", () => {
        const ciphertext = "v1:Zm9vYmFyYmF6cXV4cXV1eA==:c2VjcmV0IGNpcGhlcnRleHQ=";
        async function renderWithSecret() {
            const dir = tempProject({
                "Pulumi.yaml": (text) => text.replace("PAYMENTS_PROVIDER_TIMEOUT_MS: \"2500\"", 'PAYMENTS_PROVIDER_TIMEOUT_MS: "2500"\n          PROVIDER_KEY: { secret: providerKey }'),
                "stacks/Pulumi.dev.yaml": (text) => `${text}  lockstep:providerKey:\n    secure: ${ciphertext}\n`,
            });
            return renderStack({ projectDir: dir, stack: "dev" });
        }

        it("keeps secure config values as secrets: marked in the render, withheld in the export, absent from the table", async () => {
            const rendered = await renderWithSecret();
            const secret = resourceNamed(rendered, "kubernetes:core/v1:Secret", "payments-api-env");
            // The SDK marks the whole object that holds a secret output as secret.
            const stringData = secret.inputs.stringData as any;
            assert.equal(stringData[signatureKey], secretSignature, "the value reaches the engine as a secret");
            assert.deepEqual(Object.keys(stringData.value), ["PROVIDER_KEY"]);
            const deployment = resourceNamed(rendered, "kubernetes:apps/v1:Deployment", "payments-api-deployment");
            const env = (deployment.inputs.spec as any).template.spec.containers[0].env;
            assert.deepEqual(env.find((e: any) => e.name === "PROVIDER_KEY").valueFrom.secretKeyRef, {
                name: (secret.outputs.metadata as any).name,
                key: "PROVIDER_KEY",
            });
            const exported = JSON.stringify(exportDeployment(rendered));
            assert.ok(!exported.includes(offlineSecretPlaceholder), "no secret value in the export");
            assert.ok(!exported.includes(ciphertext), "no ciphertext from the stack file in the export");
            assert.ok(exported.includes(withheldSecretValue));
            const text = resourceTable(rendered) + stackSummary(rendered);
            assert.ok(!text.includes(offlineSecretPlaceholder) && !text.includes(ciphertext));
        });
    });
});

describe("exportDeployment", () => {
    it("writes a `pulumi stack export` deployment (version 3)", async () => {
        const exported = exportDeployment(await renderedStack("prod"), new Date("2026-11-22T00:00:00Z"));
        assert.equal(exported.version, 3);
        assert.equal(exported.deployment.manifest.time, "2026-11-22T00:00:00.000Z");
        const bucket = exported.deployment.resources.find((r) => r.urn.endsWith("::release-records-bucket"))!;
        assert.equal(bucket.type, "aws:s3/bucket:Bucket");
        assert.equal(bucket.custom, true);
        assert.equal(bucket.protect, true);
        assert.ok(bucket.id && bucket.parent && bucket.provider);
        assert.deepEqual(Object.keys(exported.deployment.resources[0]).sort(), ["created", "custom", "modified", "outputs", "type", "urn"], "the stack has no inputs, and empty maps are left out as the engine leaves them out");
        assert.equal(exported.deployment.resources[0].created, "2026-11-22T00:00:00.000Z");
        assert.equal(exported.deployment.manifest.magic, createHash("sha256").update(exported.deployment.manifest.version).digest("hex"), "the magic `pulumi stack import` checks");
    });
});
