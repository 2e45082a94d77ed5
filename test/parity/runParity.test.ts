// The parity run's clock: the day rules expire against is injected, never read behind the caller's back,
// and the rules shipped in stacks/parity.yaml give the same verdict on any day (no time bomb).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runParity } from "../../app/parity";
import { readParitySettings } from "../../parity/rulesFile";

const repo = path.resolve(__dirname, "..", "..");

function project(rules: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-clock-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: demo\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), "config:\n  demo:size: large\n  demo:zone: a\n");
    fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  demo:size: small\n  demo:zone: a\n");
    fs.writeFileSync(path.join(dir, "parity.yaml"), rules);
    return dir;
}

describe("runParity: the clock of rule expiry", () => {
    const expiring = "intended:\n  - path: demo:size\n    reason: dev runs on the smallest size until the 2027 budget\n    expires: \"2027-01-31\"\n";

    it("judges expiry by the injected day, through its last day and not after", async () => {
        const dir = project(expiring);
        const on = await runParity({ dir, sources: ["config"], threshold: 0, asOf: "2027-01-31" });
        assert.equal(on.exitCode, 0);
        const after = await runParity({ dir, sources: ["config"], threshold: 0, asOf: "2027-02-01" });
        assert.equal(after.exitCode, 1);
        assert.match(after.text, /rule expired on 2027-01-31/);
    });

    it("takes the day from the injected time when no day is given", async () => {
        const dir = project(expiring);
        assert.equal((await runParity({ dir, sources: ["config"], threshold: 0, now: new Date("2027-01-31T23:59:59Z") })).exitCode, 0);
        assert.equal((await runParity({ dir, sources: ["config"], threshold: 0, now: new Date("2027-02-01T00:00:00Z") })).exitCode, 1);
    });

    it("the shipped rules give the same verdict today and in 2100: npm start cannot start failing on a date", async function () {
        this.timeout(180_000);
        const today = await runParity({ dir: repo, format: "json" });
        const future = await runParity({ dir: repo, format: "json", asOf: "2100-01-01" });
        assert.equal(today.exitCode, 0, today.text);
        assert.equal(future.exitCode, 0, future.text);
        assert.deepEqual(future.report.environments.map((e) => [e.stack, e.unexplained]), today.report.environments.map((e) => [e.stack, e.unexplained]));
        assert.ok(!future.report.differences.some((d) => /expired/.test(d.note ?? "")));
        // Any date in a shipped rule would be one more day on which the verdict changes.
        assert.deepEqual(readParitySettings(path.join(repo, "stacks", "parity.yaml")).rules.filter((r) => r.expires !== undefined), []);
    });
});
