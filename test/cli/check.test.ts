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
        // It ends with the verdict of all three parts, after the parity report.
        const verdict = out.slice(out.indexOf("== Verdict"));
        assert.ok(out.indexOf("== Parity") < out.indexOf("== Verdict"));
        assert.match(verdict, /^  stacks  passed  3 rendered \(dev 34, prod 34, staging 34 resources\)$/m);
        assert.match(verdict, /^  gates   passed  no mandatory violation in 3 stack\(s\), 0 advisory; deployment-change-approval not checked$/m);
        assert.match(verdict, /^  parity  passed  worst \d+\.\d% \(\w+\) against a target of 90%, 0 unexplained difference\(s\) \(at most 0\)$/m);
        assert.match(verdict, /\ncheck passed\n$/);
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
        // The reason is in the last lines, with what to run next, not seventy lines up.
        const verdict = result.stdout.slice(result.stdout.indexOf("== Verdict"));
        assert.match(verdict, /^  gates   FAILED  1 mandatory violation\(s\): prod: deployment-change-approval$/m);
        assert.match(verdict, /^check FAILED \(gates\)$/m);
        assert.match(verdict, /Next:\n  lockstep preview --stack prod /);
    });

    it("takes the day parity rules expire against with --as-of, refusing a day that does not exist before any work", async () => {
        await assert.rejects(checkCommand.run(["--as-of", "2099-13-45"]), (e: Error) =>
            e instanceof InputError && e.message === '--as-of: "2099-13-45" has no month 13 (months are 01 to 12): expected a day like 2027-06-30');
    });
});
