// The delivery adapter against the real CLI, and the fake `pulumi` against the real one: the delivery tests run
// on test/fixtures/fake-pulumi, so its answers must keep the real CLI's formats. What needs no cluster and no
// language host is compared: stack history, stack outputs, config set by path. The updates in the history are
// made through an Automation API inline program (the language host is not served; see README).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import * as pulumiSdk from "@pulumi/pulumi";
import { parse, stringify } from "yaml";
import { openAutomationStack } from "../../delivery/automationStackOperations";
import { fakePulumi } from "../fakePulumi";
import { engineEnv, pulumi, repoRoot, requireEngine, tempDir } from "./realEngine";

const services = [{ name: "checkout", activeColor: "green", versions: { blue: "2.3.1", green: "2.4.0" } }];

/** Runs `work` with `env` as the process environment (the Automation API reads PATH and PULUMI_* from it). */
async function withEnv<T>(env: NodeJS.ProcessEnv, work: () => Promise<T>): Promise<T> {
    const saved = process.env;
    process.env = { ...env };
    try {
        return await work();
    } finally {
        process.env = saved;
    }
}

describe("engine: the delivery adapter and the fake pulumi against the real CLI", () => {
    let projectDir: string;
    let env: NodeJS.ProcessEnv;

    before(async function () {
        requireEngine();
        projectDir = tempDir("delivery");
        fs.writeFileSync(path.join(projectDir, "Pulumi.yaml"), "name: lockstep\nruntime: nodejs\n");
        env = engineEnv(tempDir("backend"), { PATH: `${path.join(repoRoot, ".engine", "bin")}${path.delimiter}${path.join(repoRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH}` });
        const pulumiCommand = await PulumiCommand.get({ root: path.join(repoRoot, ".engine") });
        await withEnv(env, async () => {
            const program = async () => ({ namespace: "payments-dev", token: pulumiSdk.secret("s3cr3t-output") });
            const stack = await LocalWorkspace.createOrSelectStack({ stackName: "dev", projectName: "lockstep", program }, { workDir: projectDir, pulumiCommand });
            await stack.setConfig("lockstep:apiKey", { value: "k3y", secret: true });
            // Structured config, as lockstep's stack files hold it (the CLI wrote the salt and the secret above).
            const file = path.join(projectDir, "Pulumi.dev.yaml");
            const doc = parse(fs.readFileSync(file, "utf8"));
            doc.config["lockstep:services"] = services;
            fs.writeFileSync(file, stringify(doc));
            await stack.up({ message: "first deploy" });
            await stack.up({ message: "second deploy" });
        });
    });

    it("stack history --json: the fake writes the keys and formats the real CLI writes", async () => {
        const real = JSON.parse(pulumi(["stack", "history", "--json", "--stack", "dev"], { cwd: projectDir, env }).stdout);
        const fake = fakePulumi(() => ({}));
        try {
            const ops = await withEnv({ ...process.env, ...fake.env }, () => openAutomationStack("dev", fake.projectDir));
            await withEnv({ ...process.env, ...fake.env }, () => ops.up("a deploy"));
            const fakeEntry = fake.state().stacks.dev.history[0] as Record<string, any>;
            const realEntry = real[0];
            assert.equal(real.length, 2);
            assert.deepEqual(Object.keys(fakeEntry).sort(), Object.keys(realEntry).sort(), "the same keys");
            const iso = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
            for (const entry of [realEntry, fakeEntry]) {
                assert.match(entry.startTime, iso);
                assert.match(entry.endTime, iso);
                assert.equal(entry.kind, "update");
                assert.equal(entry.result, "succeeded");
                assert.equal(typeof entry.version, "number");
                assert.equal(typeof entry.resourceChanges, "object");
                assert.equal(typeof entry.environment["exec.kind"], "string");
            }
            // Config as recorded: a plain value is {value, secret: false}; a secret has no value without --show-secrets.
            assert.deepEqual(realEntry.config["lockstep:apiKey"], { secret: true });
            assert.equal(realEntry.config["lockstep:services"].secret, false);
            assert.equal(typeof realEntry.config["lockstep:services"].value, "string");
            assert.equal(fakeEntry.config["lockstep:services"].secret, false);
            assert.equal(typeof fakeEntry.config["lockstep:services"].value, "string");
        } finally {
            fake.remove();
        }
    });

    it("the adapter reads the real history (newest first), the outputs without secrets, and sets config by path", async () => {
        const ops = await withEnv(env, () => openAutomationStack("dev", projectDir));
        const history = await withEnv(env, () => ops.history());
        assert.deepEqual(history.map((h) => h.message), ["second deploy", "first deploy"]);
        assert.ok(history.every((h) => /\.\d{3}Z$/.test(h.startTime) && h.result === "succeeded"));
        const outputs = await withEnv(env, () => ops.outputs());
        assert.deepEqual(outputs, { namespace: "payments-dev" }, "the secret output is left out");
        await withEnv(env, () => ops.setConfig("lockstep:services[0].activeColor", "blue"));
        const got = pulumi(["config", "get", "lockstep:services", "--json", "--stack", "dev"], { cwd: projectDir, env });
        assert.equal(got.status, 0, got.stderr);
        // `config get --json` of a structured value: {value: <JSON text>, objectValue: <the value>, secret}.
        const value = JSON.parse(got.stdout).objectValue;
        assert.equal(value[0].activeColor, "blue");
        assert.equal(value[0].versions.green, "2.4.0", "the rest of the structured value is kept");
    });

    it("stack output --json: the fake masks secret outputs as the real CLI does", async () => {
        const real = JSON.parse(pulumi(["stack", "output", "--json", "--stack", "dev"], { cwd: projectDir, env }).stdout);
        assert.deepEqual(real, { namespace: "payments-dev", token: "[secret]" });
        const fake = fakePulumi(() => ({ namespace: "payments-dev", token: "s3cr3t-output" }));
        try {
            fake.setState((s) => (s.stacks.dev.secretOutputs = ["token"]));
            const run = require("child_process").spawnSync(path.join(fake.env.PATH.split(path.delimiter)[0], "pulumi"), ["stack", "output", "--json", "--stack", "dev"], {
                env: { ...process.env, ...fake.env },
                encoding: "utf8",
            });
            assert.deepEqual(JSON.parse(run.stdout), real);
        } finally {
            fake.remove();
        }
    });
});
