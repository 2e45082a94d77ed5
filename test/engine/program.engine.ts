// The program runs under the engine: `pulumi preview` of index.ts with the policy pack, the real Kubernetes
// provider (no cluster reachable) and the AWS simulator, for every stack; its policy results are those of
// `lockstep preview --first-preview` (a first preview: nothing exists yet, so values only a create returns
// are unknown), with and without approvals.
import { strict as assert } from "assert";
import { renderStack } from "../../render/renderStack";
import { tempProject } from "../helpers/tempProject";
import { lockstep, requireEngine } from "./realEngine";
import { shippedStacks } from "../helpers/renderedStacks";
import { approvalsFile, assertSameResources, enginePreview, engineVerdicts, offlineVerdicts } from "./compare";


describe("engine: the program under pulumi preview gives the verdicts of lockstep preview --first-preview", () => {
    before(requireEngine);

    for (const stack of shippedStacks) {
        for (const withApprovals of [false, true]) {
            it(`${stack}, ${withApprovals ? "with two approvals" : "without approvals"}`, () => {
                const projectDir = tempProject();
                const configFile = withApprovals ? approvalsFile() : undefined;
                const configArgs = configFile ? ["--policy-pack-config", configFile] : [];
                const offline = lockstep(["preview", "--stack", stack, "--first-preview", "--format", "json", ...configArgs]);
                assert.ok(offline.status === 0 || offline.status === 1, offline.stderr);
                const report = JSON.parse(offline.stdout);
                const engine = enginePreview(projectDir, stack, { policyConfig: configFile });
                assert.ok(engine.summary, `the engine finished the preview: ${engine.stderr}`);
                assert.equal(engine.summary!.resourceChanges.create, report.resourceCount, "the engine would create every resource the render holds");
                const rootUrn = `urn:pulumi:${stack}::lockstep::pulumi:pulumi:Stack::lockstep-${stack}`;
                assert.deepEqual(offlineVerdicts(report), engineVerdicts(engine.policyEvents, rootUrn));
                assert.equal(engine.summary!.result, offline.status === 0 ? "succeeded" : "failed", engine.stderr);
            });
        }

        it(`${stack}: the render registers the resources the engine would create, with the inputs it analyzes (after Check)`, async () => {
            const projectDir = tempProject();
            const engine = enginePreview(projectDir, stack);
            const rendered = await renderStack({ projectDir, stack, firstPreview: true });
            assertSameResources(rendered, engine);
        });
    }
});
