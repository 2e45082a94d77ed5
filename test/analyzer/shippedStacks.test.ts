// The project's own stacks against its own pack: the gate the delivery pipeline relies on.
import * as assert from "assert";
import type { PackSession } from "../../analyzer/packSession";
import { previewStack } from "../../analyzer/previewStack";
import { renderStack, type RenderedStack } from "../../render/renderStack";
import { validateLockstepConfig } from "../../render/validateLockstepConfig";
import { detail, evaluate, openPack, repositoryDir, validApprovals } from "../helpers/gatesFixture";

describe("analyzer: the shipped stacks", () => {
    const stacks = ["dev", "staging", "prod"] as const;
    const rendered = {} as Record<(typeof stacks)[number], RenderedStack>;
    const sessions = {} as Record<(typeof stacks)[number], PackSession>;
    before(async () => {
        for (const stack of stacks) rendered[stack] = await renderStack({ projectDir: repositoryDir, stack, validate: validateLockstepConfig });
        const opened = await Promise.all(stacks.map((s) => openPack(s, undefined, "lockstep")));
        stacks.forEach((s, i) => (sessions[s] = opened[i]));
    });
    after(async () => {
        await Promise.all(Object.values(sessions).map((s) => s.close()));
    });

    it("dev passes without approvals", async () => {
        assert.deepStrictEqual((await evaluate(sessions.dev, rendered.dev)).map(detail), []);
    });
    for (const stack of ["staging", "prod"] as const) {
        it(`${stack} passes with valid approvals`, async () => {
            assert.deepStrictEqual((await evaluate(sessions[stack], rendered[stack], validApprovals)).map(detail), []);
        });
    }
    it("prod fails without approvals (previewStack, as check and CI call it: exit 1)", async () => {
        const result = await previewStack({ projectDir: repositoryDir, stack: "prod", rendered: rendered.prod });
        assert.strictEqual(result.exitCode, 1);
        assert.deepStrictEqual(
            result.report.violations.map((v) => [v.enforcementLevel, v.policyName, `${v.resourceType}: ${v.resourceName}`, detail(v)]),
            [["mandatory", "deployment-change-approval", "pulumi:pulumi:Stack: lockstep-prod", `prod updates need 2 approval(s) and the change's author; no author was given (policy config "author").`]],
        );
    });
    it("prod fails when the author is one of the two approvers", async () => {
        const config = { "deployment-change-approval": { properties: { approvers: ["bob", "alice"], author: "alice" } } };
        const violations = await evaluate(sessions.prod, rendered.prod, config);
        assert.deepStrictEqual(violations.map((v) => [v.enforcementLevel, detail(v)]), [
            ["mandatory", "prod updates need 2 distinct approvers other than the author alice; approved by bob, alice (alice is the author and does not count): 1 more approval(s) needed."],
        ]);
    });
});
