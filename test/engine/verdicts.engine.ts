// Same verdicts as the engine: `lockstep preview` and `pulumi policy analyze --file <the render>` report the
// same violations (pack, policy, level, resource, message) and the same pass or fail, for every shipped
// stack, with and without approvals.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { engineVerdicts, offlineVerdicts } from "./compare";
import { engineEnv, gatesPack, lockstep, packLauncher, policyEventsOf, pulumi, requireEngine, tempDir } from "./realEngine";

const stacks = ["dev", "staging", "prod"];
const approvals = { "deployment-change-approval": { approvers: ["bob", "carol"], author: "alice" } };

describe("engine: lockstep preview gives the verdicts of pulumi policy analyze", () => {
    before(requireEngine);

    for (const stack of stacks) {
        for (const withApprovals of [false, true]) {
            it(`${stack}, ${withApprovals ? "with two approvals" : "without approvals"}`, () => {
                const dir = tempDir("verdicts");
                const render = path.join(dir, `${stack}.json`);
                assert.equal(lockstep(["render", "--stack", stack, "--format", "json", "--out", render]).status, 0);
                const configArgs: string[] = [];
                if (withApprovals) {
                    fs.writeFileSync(path.join(dir, "approvals.json"), JSON.stringify(approvals));
                    configArgs.push("--policy-pack-config", path.join(dir, "approvals.json"));
                }
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
});
