import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { checkCommand } from "../../cli/commands/check";
import { InputError } from "../../project/inputError";
import { runCli } from "../helpers/runCli";

describe("lockstep check (what npm start runs)", () => {
    it("renders every stack, runs the gates over each and prints the parity report; exit 0", async () => {
        const result = await runCli(["check"]);
        assert.equal(result.status, 0, result.stderr);
        const out = result.stdout;
        for (const stack of ["dev", "staging", "prod"]) {
            assert.match(out, new RegExp(`^${stack}: 34 resources \\(26 custom, 5 components, 2 providers, the stack\\)`, "m"));
            assert.match(out, new RegExp(`^${stack}: 34 resources, 0 mandatory and 0 advisory violations: passed$`, "m"));
        }
        assert.match(out, /Note: deployment-change-approval not checked: no approvals given/);
        assert.match(out, /Parity vs prod \(config \+ rendered\), threshold 90%, max unexplained 0: PASSED/);
        assert.ok(out.indexOf("== Stacks") < out.indexOf("== Gates") && out.indexOf("== Gates") < out.indexOf("== Parity"));
    });

    it("checks approvals when given, and exits 1 when production's are insufficient", async () => {
        const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-check-")), "approvals.json");
        fs.writeFileSync(file, JSON.stringify({ "deployment-change-approval": { approvers: ["alice", "bob"], author: "alice" } }));
        const result = await runCli(["check", "--policy-pack-config", file]);
        assert.equal(result.status, 1, result.stderr);
        assert.match(result.stdout, /\[mandatory\] +deployment-change-approval +\(pulumi:pulumi:Stack: lockstep-prod\)/);
        assert.match(result.stdout, /alice is the author and does not count/);
        assert.doesNotMatch(result.stdout, /Note: deployment-change-approval not checked/);
        assert.match(result.stdout, /== Parity/, "parity still runs after a failed gate");
    });

    it("takes the day parity rules expire against with --as-of, refusing a day that does not exist before any work", async () => {
        await assert.rejects(checkCommand.run(["--as-of", "2099-13-45"]), (e: Error) =>
            e instanceof InputError && e.message === '--as-of: "2099-13-45" has no month 13 (months are 01 to 12): expected a day like 2027-06-30');
    });
});
