// Which environment the pack judges: from the stack name the CLI passes, strict when in doubt.
import * as assert from "assert";
import { currentEnvironment, environmentOfStack, unnamedStackWarning } from "../../policies/environment";

describe("policies: the environment of a stack", () => {
    it("places dev, staging and prod stacks, with suffixes and organization prefixes", () => {
        assert.deepStrictEqual(
            ["dev", "staging-eu", "acme/prod", "prod-us-east-1", "acme/payments/staging"].map(environmentOfStack),
            ["dev", "staging", "prod", "prod", "staging"],
        );
    });

    it("judges a stack it cannot place, or none, as prod", () => {
        assert.deepStrictEqual(["development", "qa", "", undefined].map(environmentOfStack), ["prod", "prod", "prod", "prod"]);
    });

    it("reads PULUMI_NODEJS_STACK, else PULUMI_STACK, as the CLI sets both", () => {
        assert.strictEqual(currentEnvironment({ PULUMI_NODEJS_STACK: "dev", PULUMI_STACK: "prod" }), "dev");
        assert.strictEqual(currentEnvironment({ PULUMI_STACK: "staging" }), "staging");
        assert.strictEqual(currentEnvironment({}), "prod");
    });

    it("says so when no stack is named (pulumi policy analyze), and only then", () => {
        assert.match(unnamedStackWarning({}) ?? "", /judging as prod; set PULUMI_STACK=<stack>/);
        assert.strictEqual(unnamedStackWarning({ PULUMI_STACK: "dev" }), undefined);
        assert.strictEqual(unnamedStackWarning({ PULUMI_NODEJS_STACK: "dev" }), undefined);
    });
});
