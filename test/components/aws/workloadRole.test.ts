import { strict as assert } from "assert";
import { oidcIssuerOf, serviceAccountTrustPolicy, servicePermissionsPolicy } from "../../../components/aws/iamPolicies";
import { renderedStack, resourceNamed, shippedStacks } from "../../helpers/renderedStacks";

const providerArn = "arn:aws:iam::111111111111:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";

describe("IAM policies", () => {
    it("derives the issuer from the OIDC provider ARN", () => {
        assert.equal(oidcIssuerOf(providerArn), "oidc.eks.eu-west-1.amazonaws.com/id/ABC");
        assert.throws(() => oidcIssuerOf("arn:aws:iam::1:role/x"), /not an IAM OIDC provider ARN/);
    });

    it("trusts exactly one service account, for STS only", () => {
        assert.deepEqual(serviceAccountTrustPolicy(providerArn, "payments-dev", "api").Statement, [
            {
                Effect: "Allow",
                Principal: { Federated: providerArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub": "system:serviceaccount:payments-dev:api",
                        "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
                    },
                },
            },
        ]);
    });

    it("grants the service its own release records and what config declares, nothing else", () => {
        const policy = servicePermissionsPolicy("api", "arn:aws:s3:::records", [
            { actions: ["sqs:SendMessage"], resources: ["arn:aws:sqs:eu-west-1:1:q"] },
        ]);
        assert.deepEqual(policy.Statement.map((s) => [s.Action, s.Resource]), [
            [["s3:GetObject"], ["arn:aws:s3:::records/releases/api/*"]],
            [["sqs:SendMessage"], ["arn:aws:sqs:eu-west-1:1:q"]],
        ]);
    });
});

describe("WorkloadRole (rendered under mocks)", () => {
    for (const stack of shippedStacks) {
        it(`${stack}: each service's role trusts that service's account in its namespace, and the account names the role`, async () => {
            const rendered = await renderedStack(stack);
            for (const service of ["payments-api", "checkout"]) {
                const role = resourceNamed(rendered, "aws:iam/role:Role", `${service}-workload-role`);
                const trust = JSON.parse(role.inputs.assumeRolePolicy as string);
                const condition = trust.Statement[0].Condition.StringEquals;
                const sub = Object.entries(condition).find(([k]) => k.endsWith(":sub"))?.[1];
                assert.equal(sub, `system:serviceaccount:payments-${stack}:${service}`);
                assert.equal(trust.Statement.length, 1);
                const account = resourceNamed(rendered, "kubernetes:core/v1:ServiceAccount", `${service}-account`).inputs as any;
                assert.equal(account.metadata.name, service);
                assert.equal(account.metadata.namespace, `payments-${stack}`);
                assert.equal(account.metadata.annotations["eks.amazonaws.com/role-arn"], (role.outputs as any).arn);
                const policy = JSON.parse(resourceNamed(rendered, "aws:iam/rolePolicy:RolePolicy", `${service}-workload-policy`).inputs.policy as string);
                for (const statement of policy.Statement) {
                    assert.ok(!([] as string[]).concat(statement.Action).includes("*"));
                    assert.ok(!([] as string[]).concat(statement.Resource).includes("*"));
                }
            }
        });
    }
});
