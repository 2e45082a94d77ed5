// `pulumi preview` of the project directory, as a user runs it: the CLI reads Pulumi.yaml and the stack file,
// starts the Node.js language host (lockstep's stand-in, engine/language-host: the Go host is not served
// here), which starts the SDK's own `@pulumi/pulumi/cmd/run` to compile and run index.ts. Each case runs the
// CLI and lockstep's render on the same project and must agree.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { renderStack } from "../../render/renderStack";
import { shippedStacks } from "../helpers/renderedStacks";
import { tempProject } from "../helpers/tempProject";
import { engineEnv, gatesPack, lockstep, pulumi, repoRoot, requireEngine, tempDir } from "./realEngine";

const levelsPack = path.join(repoRoot, "test", "fixtures", "packs", "levels");

/** The "Policies:" block of a text preview, up to the blank line that ends it. */
function policiesBlock(text: string): string {
    const start = text.indexOf("Policies:\n");
    assert.ok(start >= 0, `no Policies: block in\n${text}`);
    const end = text.indexOf("\n\n", start);
    return text.slice(start, end < 0 ? undefined : end + 1);
}

function previewDirectory(projectDir: string, stack: string) {
    const env = engineEnv(tempDir("language-host-backend"));
    const init = pulumi(["stack", "init", stack, "--non-interactive"], { cwd: projectDir, env });
    assert.equal(init.status, 0, init.stderr);
    return pulumi(["preview", "--stack", stack, "--non-interactive", "--json"], { cwd: projectDir, env });
}

function editStackFile(projectDir: string, stack: string, edit: (text: string) => string): void {
    const file = path.join(projectDir, "stacks", `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, edit(fs.readFileSync(file, "utf8")));
}

describe("engine: pulumi preview of the project directory, through the language host", () => {
    before(requireEngine);

    for (const stack of shippedStacks) {
        it(`${stack}: the CLI runs the program from its directory and would create what the render registers`, async () => {
            const projectDir = tempProject();
            const preview = previewDirectory(projectDir, stack);
            assert.equal(preview.status, 0, preview.stderr);
            const steps = JSON.parse(preview.stdout).steps as { op: string; urn: string }[];
            assert.ok(steps.every((s) => s.op === "create"), "a first preview creates everything");
            const rendered = await renderStack({ projectDir, stack, firstPreview: true });
            assert.deepEqual(steps.map((s) => s.urn).sort(), rendered.resources.map((r) => r.urn).sort());
        });
    }

    const configCases: { name: string; edit: (text: string) => string; message: RegExp }[] = [
        {
            // The CLI gives a key without a namespace the project's (lockstep:unnamespaced); the program refuses it.
            name: "a key without a namespace",
            edit: (text) => text.replace(/^config:\n/m, "config:\n  unnamespaced: 1\n"),
            message: /lockstep:unnamespaced: unknown key: did you mean lockstep:namespace\? Fix the spelling or remove the key/,
        },
        {
            name: "a value of the wrong type",
            edit: (text) => text.replace(/(- name: payments-api\n\s+version: "[^"]+"\n\s+replicas: )\d+/, '$1"three"'),
            message: /lockstep:services\[0\]\.replicas: expected a whole number of at least 1/,
        },
    ];
    for (const c of configCases) {
        it(`stack config with ${c.name}: pulumi preview and lockstep render both refuse it, with the same message`, () => {
            const projectDir = tempProject();
            editStackFile(projectDir, "dev", c.edit);
            const preview = previewDirectory(projectDir, "dev");
            assert.notEqual(preview.status, 0, "pulumi preview refused it");
            assert.match(preview.stdout + preview.stderr, c.message, "the engine's message");
            const render = lockstep(["render", "--stack", "dev", "--dir", projectDir]);
            assert.equal(render.status, 2, render.stderr);
            assert.match(render.stderr, c.message, "lockstep's message");
        });
    }

    for (const stack of ["staging", "dev"]) {
        it(`${stack}: lockstep preview prints the Policies block pulumi preview --policy-pack prints, remediations and order included`, () => {
            const projectDir = tempProject();
            const env = engineEnv(tempDir("policies-text"), { LEVELS_PACK_LEVEL: "unset" });
            assert.equal(pulumi(["stack", "init", stack, "--non-interactive"], { cwd: projectDir, env }).status, 0);
            const packs = ["--policy-pack", gatesPack, "--policy-pack", levelsPack];
            // The Node packs start through the language host's RunPlugin, as `pulumi preview` starts them for users.
            const engine = pulumi(["preview", "--stack", stack, "--non-interactive", "--color", "never", ...packs], { cwd: projectDir, env });
            assert.equal(engine.status, 1, `the levels pack's mandatory policy fails the preview:\n${engine.stderr}`);
            const offline = lockstep(["preview", "--stack", stack, "--dir", projectDir, "--first-preview", ...packs], { env });
            assert.equal(offline.status, 1, offline.stderr);
            assert.equal(policiesBlock(offline.stdout), policiesBlock(engine.stdout));
        });
    }
});
