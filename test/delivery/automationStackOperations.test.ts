import * as assert from "assert";
import * as fs from "fs";
import { openAutomationStack } from "../../delivery/automationStackOperations";
import { InputError } from "../../project/inputError";
import { fakePulumi, outputsOn, withEnv, type FakePulumi } from "../fakePulumi";

describe("the Automation API adapter against the fake pulumi CLI", () => {
    let fake: FakePulumi;
    beforeEach(() => {
        fake = fakePulumi(outputsOn("http://127.0.0.1:9"));
        fake.setState((s) => (s.stacks.dev.secretOutputs = ["databasePassword"]));
    });
    afterEach(() => fake.remove());

    it("selects the stack, reads outputs without secrets, sets config by path, and records updates in history", async () => {
        await withEnv(fake.env, async () => {
            const ops = await openAutomationStack("dev", fake.projectDir);
            const outputs = await ops.outputs();
            assert.strictEqual((outputs.services as Record<string, { url: string }>).checkout.url, "http://127.0.0.1:9/checkout");
            assert.ok(!("databasePassword" in outputs));

            await ops.setConfig("lockstep:services[1].activeColor", "blue");
            assert.strictEqual((fake.state().stacks.dev.config["lockstep:services"] as { activeColor: string }[])[1].activeColor, "blue");

            assert.deepStrictEqual(await ops.up("lockstep promote checkout"), { succeeded: true });
            const [latest] = await ops.history();
            assert.strictEqual(latest.result, "succeeded");
            assert.strictEqual(latest.message, "lockstep promote checkout");
            assert.match(latest.startTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
            assert.strictEqual((latest.config!["lockstep:services"].objectValue as { activeColor: string }[])[1].activeColor, "blue");
        });
        const homes = fs.readFileSync(`${fake.statePath}.log`, "utf8").trim().split("\n").map((l) => JSON.parse(l).pulumiHome);
        assert.ok(homes.every((h) => h === fake.env.PULUMI_HOME), "every CLI call ran with the test's own PULUMI_HOME, never ~/.pulumi");
        const calls = fake.invocations();
        assert.deepStrictEqual(calls[0], ["version"]);
        assert.deepStrictEqual(calls[1], ["stack", "select", "--stack", "dev", "--non-interactive"]); // the Automation API adds --non-interactive to every command
        assert.ok(calls.some((c) => c.join(" ") === "config set --path lockstep:services[1].activeColor --stack dev --plaintext --non-interactive -- blue"));
        assert.ok(calls.some((c) => c[0] === "up" && c.includes("--yes") && c.includes("--skip-preview")));
        assert.ok(calls.some((c) => c.slice(0, 3).join(" ") === "stack history --json" && !c.includes("--show-secrets")));
    });

    it("reports a failed update with the engine's error line instead of throwing", async () => {
        fake.setState((s) => (s.stacks.dev.failUps = 1));
        await withEnv(fake.env, async () => {
            const ops = await openAutomationStack("dev", fake.projectDir);
            const outcome = await ops.up("deploy");
            assert.strictEqual(outcome.succeeded, false);
            assert.match(outcome.error!, /^error: update failed: kubernetes:apps\/v1:Deployment resource 'checkout-green' was not ready/);
            assert.strictEqual((await ops.history())[0].result, "failed");
        });
    });

    it("collects a preview's changes by resource type from the engine events", async () => {
        fake.setState((s) => (s.stacks.dev.previewChanges = [
            { op: "update", type: "kubernetes:apps/v1:Deployment", urn: "urn:pulumi:dev::lockstep::kubernetes:apps/v1:Deployment::payments-api" },
            { op: "replace", type: "kubernetes:core/v1:Namespace", urn: "urn:pulumi:dev::lockstep::kubernetes:core/v1:Namespace::namespace" },
        ]));
        await withEnv(fake.env, async () => {
            const preview = await (await openAutomationStack("dev", fake.projectDir)).preview();
            assert.deepStrictEqual(preview.changes.map((c) => `${c.op} ${c.type}`), ["update kubernetes:apps/v1:Deployment", "replace kubernetes:core/v1:Namespace"]);
            assert.deepStrictEqual(preview.counts, { same: 5, update: 1, replace: 1 });
        });
        assert.ok(fake.invocations().some((c) => c[0] === "preview" && c.includes("--event-log")));
    });

    it("turns an unknown stack into one line of bad input", async () => {
        await withEnv(fake.env, async () => {
            await assert.rejects(openAutomationStack("qa", fake.projectDir), (e: Error) => e instanceof InputError && /--stack qa: cannot select the stack through the Pulumi CLI \(.*no stack named 'qa' found/.test(e.message));
        });
    });
});
