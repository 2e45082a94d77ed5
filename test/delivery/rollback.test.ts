import * as assert from "assert";
import { planRollback, rollback } from "../../delivery/rollback";
import type { ServiceRelease } from "../../delivery/serviceReleases";
import type { UpdateRecord } from "../../delivery/stackOperations";
import { InputError } from "../../project/inputError";
import { inMemoryStack, steppingClock } from "./inMemoryStack";

const paymentsApi: ServiceRelease = { index: 0, name: "payments-api", strategy: "rolling", healthPath: "/healthz", version: "1.10.0" };
const checkout: ServiceRelease = { index: 1, name: "checkout", strategy: "blueGreen", healthPath: "/health/ready", activeColor: "blue", versions: { blue: "2.5.0", green: "2.4.0" } };

function update(version: number, result: string, services: Record<string, unknown>[]): UpdateRecord {
    const t = `2026-11-${String(version).padStart(2, "0")}T10:00:00.000Z`;
    return { version, kind: "update", result, startTime: t, endTime: t, message: "", config: { "lockstep:services": { value: JSON.stringify(services), objectValue: services } } };
}

// Newest first, as `pulumi stack history --json` prints it.
const history: UpdateRecord[] = [
    update(5, "failed", [{ name: "payments-api", version: "1.10.0" }, { name: "checkout", activeColor: "blue", versions: { blue: "2.5.0", green: "2.4.0" } }]),
    update(4, "succeeded", [{ name: "payments-api", version: "1.9.0" }, { name: "checkout", activeColor: "blue", versions: { blue: "2.5.0", green: "2.4.0" } }]),
    update(3, "succeeded", [{ name: "payments-api", version: "1.9.0" }, { name: "checkout", activeColor: "green", versions: { blue: "2.3.1", green: "2.4.0" } }]),
    update(2, "succeeded", [{ name: "payments-api", version: "1.8.2" }, { name: "checkout", activeColor: "green", versions: { blue: "2.3.1", green: "2.4.0" } }]),
    { version: 6, kind: "preview", result: "succeeded", startTime: "2026-11-06T10:00:00.000Z" },
];

const healthy = async () => ({ passed: true });

describe("rollback planning", () => {
    it("restores a rolling service's version from the newest successful update that differs", () => {
        const plan = planRollback([paymentsApi], history);
        assert.strictEqual(plan.target?.version, 4);
        assert.deepStrictEqual(plan.edits, [{ index: 0, field: ["version"], value: "1.9.0", previous: "1.10.0" }]);
    });

    it("flips a blue-green service back to the colour of the last release that differs", () => {
        const plan = planRollback([checkout], history);
        assert.strictEqual(plan.target?.version, 3);
        assert.deepStrictEqual(plan.edits, [{ index: 1, field: ["activeColor"], value: "green", previous: "blue" }]);
    });

    it("restores update --to, and refuses a version that did not succeed", () => {
        assert.deepStrictEqual(planRollback([paymentsApi], history, 2).edits.map((e) => e.value), ["1.8.2"]);
        assert.throws(() => planRollback([paymentsApi], history, 5), (e: Error) => e instanceof InputError && /--to 5: no successful update with that version in stack history: expected one of 4, 3, 2/.test(e.message));
    });

    it("flips a blue-green service named alone when history has nothing to restore, but never flips untouched services of a whole stack", () => {
        assert.deepStrictEqual(planRollback([checkout], [], undefined, true).edits, [{ index: 1, field: ["activeColor"], value: "green", previous: "blue" }]);
        assert.throws(() => planRollback([paymentsApi], [], undefined, true), InputError);
        assert.throws(() => planRollback([paymentsApi, checkout], []), /nothing to roll back to/);
    });
});

describe("rollback", () => {
    it("sets the config, previews, updates and smoke-tests, reporting each step's duration", async () => {
        const ops = inMemoryStack({ previewChanges: [{ op: "update", type: "kubernetes:apps/v1:Deployment", urn: "urn:pulumi:dev::lockstep::kubernetes:apps/v1:Deployment::payments-api" }] });
        const smoked: string[] = [];
        const outcome = await rollback(planRollback([paymentsApi], history), false, { ops, smoke: async (u) => (smoked.push(u), { passed: true }), clock: steppingClock() });
        assert.strictEqual(outcome.ok, true);
        assert.deepStrictEqual(outcome.steps.map((s) => s.name), ["set the config of the release to restore", "preview the rollback", "update the stack", "smoke-test the restored release"]);
        assert.strictEqual(outcome.steps[1].detail, "update kubernetes:apps/v1:Deployment: 1");
        assert.deepStrictEqual(smoked, ["https://payments-api.dev.example.com/healthz"]);
        assert.strictEqual(ops.config.get("lockstep:services[0].version"), "1.9.0");
        assert.deepStrictEqual(outcome.deployedEdits.map((e) => e.value), ["1.9.0"]);
        assert.strictEqual(outcome.totalSeconds, 9); // steppingClock: one second per reading
    });

    it("refuses (and puts the config back) when the preview shows a replacement outside the app layer", async () => {
        const ops = inMemoryStack({ previewChanges: [{ op: "replace", type: "kubernetes:core/v1:Namespace", urn: "urn:pulumi:dev::lockstep::kubernetes:core/v1:Namespace::namespace" }] });
        const outcome = await rollback(planRollback([paymentsApi], history), false, { ops, smoke: healthy, clock: steppingClock() });
        assert.strictEqual(outcome.ok, false);
        assert.strictEqual(outcome.summary, "rollback refused: it would replace kubernetes:core/v1:Namespace (namespace), outside the app layer: re-run with --force if that is intended");
        assert.ok(!ops.calls.some((c) => c.startsWith("up")));
        assert.strictEqual(ops.config.get("lockstep:services[0].version"), "1.10.0");
        assert.deepStrictEqual(outcome.deployedEdits, []);
    });

    it("goes ahead with --force despite a replacement outside the app layer", async () => {
        const ops = inMemoryStack({ previewChanges: [{ op: "replace", type: "aws:s3/bucket:Bucket", urn: "urn:pulumi:dev::lockstep::aws:s3/bucket:Bucket::records" }] });
        const outcome = await rollback(planRollback([paymentsApi], history), true, { ops, smoke: healthy, clock: steppingClock() });
        assert.strictEqual(outcome.ok, true);
        assert.match(outcome.steps[1].detail!, /allowed by --force/);
    });

    it("fails and restores the config when the rollback update fails", async () => {
        const ops = inMemoryStack({ upOutcomes: [{ succeeded: false, error: "error: timeout" }] });
        const outcome = await rollback(planRollback([paymentsApi], history), false, { ops, smoke: healthy, clock: steppingClock() });
        assert.strictEqual(outcome.ok, false);
        assert.deepStrictEqual(outcome.steps.map((s) => s.ok), [true, true, false]);
        assert.strictEqual(ops.config.get("lockstep:services[0].version"), "1.10.0");
    });

    it("fails when the restored release is still unhealthy, but keeps it deployed", async () => {
        const ops = inMemoryStack();
        const outcome = await rollback(planRollback([checkout], history), false, { ops, smoke: async () => ({ passed: false, reason: "connection refused" }), clock: steppingClock() });
        assert.strictEqual(outcome.ok, false);
        assert.strictEqual(outcome.steps[3].detail, "checkout: connection refused");
        assert.deepStrictEqual(outcome.deployedEdits.map((e) => e.value), ["green"]);
    });
});
