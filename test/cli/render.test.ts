import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runCli, type CliResult } from "../helpers/runCli";
import { tempProject } from "../helpers/tempProject";

function assertOneLineError(result: CliResult, expected: RegExp): void {
    assert.equal(result.status, 2, `exit code (stderr: ${result.stderr})`);
    assert.equal(result.stdout, "");
    const lines = result.stderr.trimEnd().split("\n");
    assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
    assert.match(lines[0], expected);
}

describe("lockstep render (the real command)", () => {
    it("prints the resource table of a stack", async () => {
        const result = await runCli(["render", "--stack", "prod"]);
        assert.equal(result.status, 0, result.stderr);
        assert.match(result.stdout, /^TYPE +NAME +PROTECT\n/);
        assert.match(result.stdout, /aws:s3\/bucket:Bucket +release-records-bucket +protected/);
        assert.match(result.stdout, /kubernetes:apps\/v1:Deployment +checkout-green/);
    });

    it("writes a stack-export deployment atomically with --out", async () => {
        const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-out-")), "dev.json");
        const result = await runCli(["render", "--stack", "dev", "--format", "json", "--out", out]);
        assert.equal(result.status, 0, result.stderr);
        assert.equal(result.stdout, "");
        const exported = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.equal(exported.version, 3);
        assert.ok(exported.deployment.resources.length >= 30);
        assert.deepEqual(fs.readdirSync(path.dirname(out)), ["dev.json"], "no temporary file left behind");
    });

    describe("bad input: one line naming the file, line and key, and exit 2", () => {
        const cases: [string, Record<string, (text: string) => string>, RegExp][] = [
            [
                "a wrong type",
                { "stacks/Pulumi.prod.yaml": (t) => t.replace("replicas: 3\n      autoscaling", 'replicas: three\n      autoscaling') },
                /^lockstep: stacks\/Pulumi\.prod\.yaml:12: lockstep:services\[0\]\.replicas: expected a whole number of at least 1, got "three"$/,
            ],
            [
                "an unknown strategy",
                { "Pulumi.yaml": (t) => t.replace("strategy: blueGreen", "strategy: canary") },
                /^lockstep: Pulumi\.yaml:\d+: lockstep:catalog\[1\]\.strategy: expected strategy "rolling" or "blueGreen", got "canary"$/,
            ],
            [
                "a missing image",
                { "Pulumi.yaml": (t) => t.replace("        image: ghcr.io/acme/checkout\n", "") },
                /^lockstep: Pulumi\.yaml:\d+: lockstep:catalog\[1\]\.image: missing: expected an image repository/,
            ],
            [
                "duplicate service names",
                { "stacks/Pulumi.dev.yaml": (t) => t.replace("- name: checkout", "- name: payments-api") },
                /^lockstep: stacks\/Pulumi\.dev\.yaml:\d+: lockstep:services\[1\]\.name: duplicate service name "payments-api"/,
            ],
            [
                "an activeColor that is neither blue nor green",
                { "stacks/Pulumi.staging.yaml": (t) => t.replace("activeColor: green", "activeColor: purple") },
                /^lockstep: stacks\/Pulumi\.staging\.yaml:13: lockstep:services\[1\]\.activeColor: expected "blue" or "green", got "purple"$/,
            ],
            [
                "a misspelt top-level key in a stack file",
                { "stacks/Pulumi.prod.yaml": (t) => t.replace("lockstep:protectStateful: true", "lockstep:protectStatefull: true") },
                /^lockstep: stacks\/Pulumi\.prod\.yaml:5: lockstep:protectStatefull: unknown key: did you mean lockstep:protectStateful\? Fix the spelling or remove the key$/,
            ],
            [
                "a misspelt key that hides a required one",
                { "stacks/Pulumi.staging.yaml": (t) => t.replace("lockstep:services:", "lockstep:servics:") },
                /^lockstep: stacks\/Pulumi\.staging\.yaml:7: lockstep:servics: unknown key: did you mean lockstep:services\?/,
            ],
            [
                "a misspelt top-level key in Pulumi.yaml",
                { "Pulumi.yaml": (t) => t.replace("  ingressClass:\n", "  ingresClass:\n") },
                /^lockstep: Pulumi\.yaml:19: lockstep:ingresClass: unknown key: did you mean lockstep:ingressClass\?/,
            ],
            [
                "a key like nothing known (a secret no catalog env value names)",
                { "stacks/Pulumi.dev.yaml": (t) => `${t}  lockstep:orphanToken:\n    secure: v1:Zm9vYmFy:c2VjcmV0\n` },
                /^lockstep: stacks\/Pulumi\.dev\.yaml:16: lockstep:orphanToken: unknown key: remove it, or use one of team, .*\{secret: orphanToken\}\)$/,
            ],
            [
                "an empty stack file: everything it needs, not zod's first complaint",
                { "stacks/Pulumi.staging.yaml": () => "" },
                /^lockstep: stacks\/Pulumi\.staging\.yaml: holds no lockstep: config; a stack needs lockstep:domain, lockstep:cluster, lockstep:services: copy another stack's file \(e\.g\. stacks\/Pulumi\.dev\.yaml\) and edit it$/,
            ],
            [
                "a port out of range: the range, not only the sign",
                { "Pulumi.yaml": (t) => t.replace("port: 8080", "port: 99999") },
                /^lockstep: Pulumi\.yaml:\d+: lockstep:catalog\[0\]\.port: expected a whole number from 1 to 65535, got 99999$/,
            ],
            [
                "malformed YAML",
                { "stacks/Pulumi.dev.yaml": (t) => t.replace("versions: { blue", "versions: { blue: [") },
                /^lockstep: stacks\/Pulumi\.dev\.yaml:\d+: .*fix the YAML$/,
            ],
        ];
        const stackOf = (edits: Record<string, unknown>) =>
            /Pulumi\.(\w+)\.yaml/.exec(Object.keys(edits).join())?.[1] ?? "dev";

        // Spawned together: each is a separate process, as a user would run it.
        let results: CliResult[];
        before(async function () {
            this.timeout(120_000);
            results = await Promise.all(
                cases.map(([, edits]) => runCli(["render", "--stack", stackOf(edits), "--dir", tempProject(edits)])),
            );
        });
        cases.forEach(([name, , expected], i) => it(name, () => assertOneLineError(results[i], expected)));

        it("a stack that does not exist", async () => {
            assertOneLineError(await runCli(["render", "--stack", "qa"]), /^lockstep: stacks\/Pulumi\.qa\.yaml: no such stack "qa": expected one of dev, prod, staging$/);
        });

        it("a bad flag", async () => {
            assertOneLineError(await runCli(["render", "--stack", "dev", "--format", "xml"]), /^lockstep: --format: expected one of table, json, got "xml"$/);
        });
    });
});
