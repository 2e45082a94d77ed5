// Our own stacks through the whole pipeline (config + rendered), and every report format.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runParity, type ParityRun } from "../../app/parity";
import { reportFormats } from "../../parity/reports";

const repo = path.resolve(__dirname, "..", "..");
const now = new Date("2026-11-22T12:00:00Z");

describe("parity reports", function () {
    this.timeout(60000);
    let ours: ParityRun;

    before(async () => {
        ours = await runParity({ dir: repo, now });
    });

    it("explains every difference between our stacks (config + rendered pooled)", () => {
        const { report } = ours;
        assert.deepEqual(report.sources, ["config", "rendered"]);
        assert.equal(report.baseline, "prod");
        assert.equal(report.unexplained, 0);
        const byStack = Object.fromEntries(report.environments.map((e) => [e.stack, e]));
        assert.deepEqual([byStack.dev.identical, byStack.dev.total, byStack.dev.intended], [432, 463, 31]);
        assert.deepEqual([byStack.staging.identical, byStack.staging.total], [432, 463]);
        assert.deepEqual(byStack.dev.bySource.config, { identical: 29, total: 40, parityPercent: 72.5 });
        assert.equal(byStack.dev.bySource.rendered?.total, 423);
        assert.equal(report.worst?.stack, "dev");
        assert.equal(report.passed, true);
        assert.equal(ours.exitCode, 0);
    });

    it("writes the text report: headline table with counts, unexplained, then intended with reasons", () => {
        const text = ours.text;
        assert.match(text, /^Parity vs prod \(config \+ rendered\), threshold 90%, max unexplained 0: PASSED/);
        assert.match(text, /dev\s+93\.3% \(432\/463\)\s+72\.5% \(29\/40\)\s+95\.3% \(403\/423\)/);
        assert.ok(text.indexOf("Unexplained differences (0)") < text.indexOf("Intended differences (62)"));
        assert.match(text, /Every environment autoscales payments-api/);
    });

    it("never shows a URL's credentials, tokens or fragment held in a plain value, in any format", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-urls-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: demo\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), "config:\n  demo:db: postgres://app:CanaryProdPass@db.prod:5432/app\n  demo:hook: https://hooks.example.com/x?token=CanaryProdToken\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  demo:db: postgres://CanaryDevUser:CanaryDevPass@db.dev:5432/app\n  demo:hook: https://hooks.example.com/y?sig=CanaryDevSig#CanaryDevFragment\n");
        for (const format of reportFormats) {
            const run = await runParity({ dir, sources: ["config"], format, now });
            assert.deepEqual(run.text.match(/Canary\w+/g) ?? [], [], format);
            // The page marks the differing part inside a value: its text, not its markup, shows the URL.
            const shown = format === "html" ? run.text.replace(/<[^>]*>/g, "") : run.text;
            assert.match(shown, /db\.dev:5432/, `${format} still shows where the URL points`);
        }
    });

    it("shows where two long values differ in every format, and keeps them whole in JSON", async () => {
        // Two trust policies sharing well over 100 characters, differing in one principal.
        const policy = (role: string) => JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "AllowTheDeployRoleToAssumeThisOne", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::123456789012:role/${role}` } }] });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-long-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: demo\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), `config:\n  demo:assumeRolePolicy: '${policy("ci-deployer")}'\n`);
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), `config:\n  demo:assumeRolePolicy: '${policy("breakglass-admin")}'\n`);
        for (const format of ["text", "markdown", "junit", "html"] as const) {
            const run = await runParity({ dir, sources: ["config"], format, now });
            // The page's full values on demand do not count: the shown part must say where they differ.
            const shown = format === "html" ? run.text.replace(/<details class="full-values">[\s\S]*?<\/details>/g, "").replace(/<[^>]*>/g, "") : run.text;
            for (const part of ["role/ci-deployer", "role/breakglass-admin"]) assert.ok(shown.includes(part), `${format} shows ${part}`);
            assert.ok(shown.includes("…"), `${format} marks what was cut`);
        }
        const json = JSON.parse((await runParity({ dir, sources: ["config"], format: "json", now })).text);
        const [difference] = json.differences;
        assert.equal(difference.baselineValue, JSON.stringify(policy("ci-deployer")));
        assert.equal(difference.value, JSON.stringify(policy("breakglass-admin")));
    });

    it("writes every format, with no secret or ciphertext from the input", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-formats-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: demo\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), "config:\n  demo:a: 1\n  demo:token:\n    secure: AAABAsecretPRODcipher\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  demo:a: 2\n  demo:token: plain-DEV-password\n  demo:nested:\n    inner:\n      secure: AAABAnestedDEVcipher\n");
        const outputs: Record<string, string> = {};
        for (const format of reportFormats) {
            const run = await runParity({ dir, sources: ["config"], format, now });
            outputs[format] = run.text;
            for (const secret of ["AAABAsecretPRODcipher", "AAABAnestedDEVcipher", "plain-DEV-password"]) assert.ok(!run.text.includes(secret), `${format} shows ${secret}`);
        }
        const json = JSON.parse(outputs.json);
        for (const field of ["schemaVersion", "baseline", "threshold", "passed", "environments", "differences"]) assert.ok(field in json, field);
        assert.deepEqual(Object.keys(json.environments[0]).filter((k) => ["stack", "parityPercent", "identical", "total", "intended", "unexplained"].includes(k)).length, 6);
        assert.match(outputs.markdown, /^## Parity vs prod: ❌ failed/);
        assert.match(outputs.markdown, /\| dev \| \*\*0\.0% \(0\/3\)\*\* \|/);
        assert.match(outputs.junit, /<testsuites name="lockstep parity" tests="4" failures="4">/);
        assert.match(outputs.junit, /<testcase classname="parity.drift.dev" name="config demo:token">/);
        assert.match(outputs.html, /<table id="heatmap">/);
        // A secret against plain text is drift, both sides shown as the marker only.
        assert.ok(json.differences.some((d: { key: string; secret: boolean; baselineValue: string }) => d.key === "demo:token" && d.secret && d.baselineValue === "[secret]"));
    });
});
