// Same verdicts as the engine: `lockstep preview` and `pulumi policy analyze --file <the render>` report the
// same violations (pack, policy, level, resource, message) and the same pass or fail, for every shipped
// stack, with and without approvals.
import { strict as assert } from "assert";
import * as path from "path";
import { shippedStacks } from "../helpers/renderedStacks";
import { approvalsFile, engineVerdicts, offlineVerdicts } from "./compare";
import { engineEnv, gatesPack, lockstep, packLauncher, policyEventsOf, pulumi, requireEngine, tempDir } from "./realEngine";


describe("engine: lockstep preview gives the verdicts of pulumi policy analyze", () => {
    before(requireEngine);

    for (const stack of shippedStacks) {
        for (const withApprovals of [false, true]) {
            it(`${stack}, ${withApprovals ? "with two approvals" : "without approvals"}`, () => {
                const dir = tempDir("verdicts");
                const render = path.join(dir, `${stack}.json`);
                assert.equal(lockstep(["render", "--stack", stack, "--format", "json", "--out", render]).status, 0);
                const configArgs = withApprovals ? ["--policy-pack-config", approvalsFile()] : [];
                const offline = lockstep(["preview", "--stack", stack, "--format", "json", ...configArgs]);
                assert.ok(offline.status === 0 || offline.status === 1, offline.stderr);
                const report = JSON.parse(offline.stdout);

                const launcher = packLauncher(gatesPack, { project: "lockstep", stack });
                const engine = pulumi(["policy", "analyze", "--file", render, "--policy-pack", launcher, ...configArgs, "--json"], {
                    cwd: dir,
                    env: engineEnv(tempDir("backend")),
                });
                const events = policyEventsOf(engine.stdout);
                const rootUrn = `urn:pulumi:${stack}::lockstep::pulumi:pulumi:Stack::lockstep-${stack}`;

                assert.deepEqual(offlineVerdicts(report), engineVerdicts(events.violations, rootUrn));
                assert.equal(offline.status, engine.status === 0 ? 0 : 1, `offline exit ${offline.status}, engine exit ${engine.status}: ${engine.stderr}`);
                assert.equal(events.result, offline.status === 0 ? "succeeded" : "failed");
                // Both must have judged: a run that found nothing to do would agree trivially.
                assert.ok(report.resourceCount > 30);
            });
        }
    }

    it("pulumi policy analyze names no stack: the pack judges as prod and says so; PULUMI_STACK names it", () => {
        const dir = tempDir("unnamed");
        const render = path.join(dir, "dev.json");
        assert.equal(lockstep(["render", "--stack", "dev", "--format", "json", "--out", render]).status, 0);
        const launcher = packLauncher(gatesPack, { project: "lockstep" });
        const unnamed = pulumi(["policy", "analyze", "--file", render, "--policy-pack", launcher], { cwd: dir, env: engineEnv(tempDir("backend")) });
        assert.match(unnamed.stdout + unnamed.stderr, /lockstep-gates: no stack named \(pulumi policy analyze passes none\): judging as prod; set PULUMI_STACK=<stack>/);
        assert.match(unnamed.stdout, /\[mandatory\] {2}kubernetes-deployment-minimum-replicas/, "dev's one replica fails prod's minimum");
        const named = pulumi(["policy", "analyze", "--file", render, "--policy-pack", launcher, "--json"], { cwd: dir, env: engineEnv(tempDir("backend"), { PULUMI_STACK: "dev" }) });
        const offline = JSON.parse(lockstep(["preview", "--stack", "dev", "--format", "json"]).stdout);
        assert.deepEqual(engineVerdicts(policyEventsOf(named.stdout).violations, offline.violations[0]?.urn ?? ""), offlineVerdicts(offline));
        assert.equal(named.status, 0, named.stderr);
    });
});
