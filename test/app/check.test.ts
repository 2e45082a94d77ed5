// The application core's check: every stack rendered exactly once, for the gates and for parity alike.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { check } from "../../app/check";
import { tempProject } from "../helpers/tempProject";

describe("app: check", function () {
    this.timeout(300_000);

    it("runs the program once per stack: the gates and the parity report judge the same renders", async () => {
        // The program notes each run of itself (a render is a run of the program) in the file the variable names.
        const dir = tempProject({ "index.ts": (text) => `require("fs").appendFileSync(process.env.LOCKSTEP_TEST_RUNS, require("@pulumi/pulumi").getStack() + "\\n");\n${text}` });
        fs.symlinkSync(path.resolve(__dirname, "..", "..", "policies"), path.join(dir, "policies"), "dir"); // the gates pack, where check looks
        const runs = path.join(dir, "runs.log");
        process.env.LOCKSTEP_TEST_RUNS = runs;
        try {
            const result = await check({ dir });
            assert.deepEqual(result.stacks.map((s) => s.stack).sort(), ["dev", "prod", "staging"]);
            assert.equal(result.gates.length, 3, "the gates judged every stack");
            assert.deepEqual(result.parity.report.environments.map((e) => e.stack).sort(), ["dev", "staging"], "parity compared every stack with the baseline, prod");
            assert.deepEqual(fs.readFileSync(runs, "utf8").trim().split("\n").sort(), ["dev", "prod", "staging"]);
        } finally {
            delete process.env.LOCKSTEP_TEST_RUNS;
        }
    });
});
