// The render is a real export: the engine imports it without --force and exports the same resources back.
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { withheldSecretValue } from "../../render/exportDeployment";
import { shippedStacks } from "../helpers/renderedStacks";
import { tempProject } from "../helpers/tempProject";
import { bareProject, engineEnv, gatesPack, lockstep, packLauncher, policyEventsOf, pulumi, repoRoot, requireEngine, tempDir } from "./realEngine";


describe("engine: lockstep render --format json is a `pulumi stack export`", () => {
    before(requireEngine);

    for (const stack of shippedStacks) {
        it(`${stack}: pulumi stack import takes it without --force, and stack export gives the same resources back`, () => {
            const out = path.join(tempDir("render"), `${stack}.json`);
            const rendered = lockstep(["render", "--stack", stack, "--format", "json", "--out", out]);
            assert.equal(rendered.status, 0, rendered.stderr);
            const project = bareProject();
            const env = engineEnv(tempDir("backend"));
            const init = pulumi(["stack", "init", stack], { cwd: project, env });
            assert.equal(init.status, 0, init.stderr);
            const imported = pulumi(["stack", "import", "--file", out], { cwd: project, env });
            assert.equal(imported.status, 0, imported.stderr);
            const exported = pulumi(["stack", "export"], { cwd: project, env });
            assert.equal(exported.status, 0, exported.stderr);
            const ours = JSON.parse(fs.readFileSync(out, "utf8")).deployment.resources;
            const theirs = JSON.parse(exported.stdout).deployment.resources;
            assert.ok(ours.length > 30, `${ours.length} resources rendered`);
            assert.deepEqual(theirs, ours);
        });
    }

    // A render with a secret carries no secrets provider (none runs offline). `pulumi policy analyze --file` reads
    // it; `pulumi stack import` of it panics in v3.274.1 (panicCrypter: no secrets manager to re-encrypt with),
    // so the README says to import only renders without secrets.
    it("a render with a secret: the engine reads it, the value withheld and the stack file's ciphertext never written", () => {
        const ciphertext = "v1:Zm9vYmFyYmF6cXV4cXV1eA==:c2VjcmV0IGNpcGhlcnRleHQ=";
        const dir = tempProject({
            "Pulumi.yaml": (text) => text.replace('PAYMENTS_PROVIDER_TIMEOUT_MS: "2500"', 'PAYMENTS_PROVIDER_TIMEOUT_MS: "2500"\n          PROVIDER_KEY: { secret: providerKey }'),
            "stacks/Pulumi.dev.yaml": (text) => `${text}  lockstep:providerKey:\n    secure: ${ciphertext}\n`,
        });
        const out = path.join(dir, "dev.json");
        const rendered = lockstep(["render", "--stack", "dev", "--format", "json", "--out", out, "--dir", dir]);
        assert.equal(rendered.status, 0, rendered.stderr);
        const text = fs.readFileSync(out, "utf8");
        assert.ok(!text.includes(ciphertext), "the stack file's ciphertext is not in the render");
        assert.ok(text.includes(`"plaintext": ${JSON.stringify(JSON.stringify(withheldSecretValue))}`), "the render holds the secret, withheld");
        const launcher = packLauncher(gatesPack, { project: "lockstep", stack: "dev" });
        const analyzed = pulumi(["policy", "analyze", "--file", out, "--policy-pack", launcher, "--json"], { cwd: dir, env: engineEnv(tempDir("backend")) });
        assert.equal(analyzed.status, 0, analyzed.stderr);
        assert.equal(policyEventsOf(analyzed.stdout).result, "succeeded");
        assert.ok(!analyzed.stdout.includes(withheldSecretValue) && !analyzed.stderr.includes(withheldSecretValue));
    });

    it("an update's state: the engine's `pulumi up` (AWS simulator) and the render's export agree on created, modified, secret outputs, ignoreChanges and customTimeouts", async () => {
        const dir = tempDir("up");
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: upcase\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  aws:region: eu-west-1\n");
        fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
        fs.writeFileSync(
            path.join(dir, "index.ts"),
            'import * as aws from "@pulumi/aws";\nconst b = new aws.s3.Bucket("records", { tags: { team: "payments" } }, { additionalSecretOutputs: ["arn"], ignoreChanges: ["tags"], customTimeouts: { create: "2m", delete: "30s" } });\nexport const name = b.bucket;\n',
        );
        const out = path.join(dir, "dev.json");
        const rendered = lockstep(["render", "--stack", "dev", "--format", "json", "--out", out, "--dir", dir]);
        assert.equal(rendered.status, 0, rendered.stderr);
        const ours = JSON.parse(fs.readFileSync(out, "utf8")).deployment.resources;
        const env = engineEnv(tempDir("backend"));
        const node = path.join(repoRoot, "node_modules", ".bin", "node");
        const up = spawnSync(node, ["-r", "ts-node/register/transpile-only", path.join(__dirname, "inlineUp.ts"), dir, "dev"], { env, encoding: "utf8", cwd: repoRoot });
        assert.equal(up.status, 0, up.stderr);
        const theirs = JSON.parse(up.stdout).deployment.resources;
        const bucketOf = (resources: any[]) => resources.find((r) => r.type === "aws:s3/bucket:Bucket");
        const [mine, real] = [bucketOf(ours), bucketOf(theirs)];
        assert.deepEqual(mine.additionalSecretOutputs, real.additionalSecretOutputs);
        assert.deepEqual(real.ignoreChanges, ["tags"], "the engine keeps ignoreChanges in state");
        assert.deepEqual(mine.ignoreChanges, real.ignoreChanges);
        assert.deepEqual(mine.customTimeouts, real.customTimeouts);
        for (const r of [mine, real]) {
            assert.match(r.created, /^\d{4}-\d\d-\d\dT/);
            assert.match(r.modified, /^\d{4}-\d\d-\d\dT/);
            assert.equal(r.outputs.arn["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "arn is a secret output");
            assert.equal(typeof r.outputs.bucket, "string");
        }
        assert.deepEqual(ours.map((r: any) => r.urn).sort(), theirs.map((r: any) => r.urn).sort(), "the same resources, default provider included");
    });
});
