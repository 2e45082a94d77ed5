import * as assert from "assert";
import { promote, type SmokeUrl } from "../../delivery/promote";
import type { ServiceRelease } from "../../delivery/serviceReleases";
import { inMemoryStack, steppingClock } from "./inMemoryStack";

const checkout: ServiceRelease = {
    index: 1, name: "checkout", strategy: "blueGreen", healthPath: "/health/ready",
    activeColor: "green", versions: { blue: "2.3.1", green: "2.4.0" },
};

/** Smoke results by URL host: preview (idle colour) and live. */
function smokeBy(results: { preview: boolean; live: boolean }, seen: string[] = []): SmokeUrl {
    return async (url) => {
        seen.push(url);
        const passed = url.includes("preview") ? results.preview : results.live;
        return { passed, reason: passed ? undefined : "status 500, expected 200" };
    };
}

describe("promote", () => {
    it("deploys to the idle colour, smoke-tests it through the preview URL, flips and smoke-tests the live URL", async () => {
        const ops = inMemoryStack();
        const seen: string[] = [];
        const outcome = await promote({ release: checkout, version: "2.5.0" }, { ops, smoke: smokeBy({ preview: true, live: true }, seen), clock: steppingClock() });
        assert.strictEqual(outcome.ok, true);
        assert.deepStrictEqual(outcome.steps.map((s) => [s.name, s.ok]), [
            ["deploy 2.5.0 to idle colour blue and wait for the rollout", true],
            ["smoke-test blue through the preview URL", true],
            ["flip activeColor green -> blue", true],
            ["smoke-test the live URL on blue", true],
        ]);
        assert.deepStrictEqual(seen, ["https://checkout-preview.dev.example.com/health/ready", "https://checkout.dev.example.com/health/ready"]);
        assert.deepStrictEqual(ops.calls.filter((c) => c.startsWith("config")), [
            "config lockstep:services[1].versions.blue=2.5.0",
            "config lockstep:services[1].activeColor=blue",
        ]);
        assert.deepStrictEqual(outcome.deployedEdits.map((e) => [e.field.join("."), e.value]), [["versions.blue", "2.5.0"], ["activeColor", "blue"]]);
        assert.ok(outcome.steps.every((s) => s.seconds > 0));
        assert.ok(outcome.totalSeconds >= outcome.steps.reduce((a, s) => a + s.seconds, 0));
    });

    it("stops when the deploy fails, puts the idle version back, and never flips", async () => {
        const ops = inMemoryStack({ upOutcomes: [{ succeeded: false, error: "error: Deployment checkout-blue was not ready" }] });
        const outcome = await promote({ release: checkout, version: "2.5.0" }, { ops, smoke: smokeBy({ preview: true, live: true }), clock: steppingClock() });
        assert.strictEqual(outcome.ok, false);
        assert.deepStrictEqual(outcome.steps.map((s) => s.ok), [false]);
        assert.strictEqual(outcome.steps[0].detail, "error: Deployment checkout-blue was not ready");
        assert.strictEqual(ops.config.get("lockstep:services[1].versions.blue"), "2.3.1");
        assert.ok(!ops.calls.some((c) => c.includes("activeColor")));
        assert.deepStrictEqual(outcome.deployedEdits, []);
    });

    it("does not flip when the idle colour fails its smoke test", async () => {
        const ops = inMemoryStack();
        const outcome = await promote({ release: checkout, version: "2.5.0" }, { ops, smoke: smokeBy({ preview: false, live: true }), clock: steppingClock() });
        assert.strictEqual(outcome.ok, false);
        assert.deepStrictEqual(outcome.steps.map((s) => [s.name, s.ok]), [
            ["deploy 2.5.0 to idle colour blue and wait for the rollout", true],
            ["smoke-test blue through the preview URL", false],
        ]);
        assert.strictEqual(ops.calls.filter((c) => c.startsWith("up")).length, 1);
        assert.match(outcome.summary, /no traffic was switched, green still serves/);
    });

    it("flips back when the live URL fails after the flip", async () => {
        const ops = inMemoryStack();
        const outcome = await promote({ release: checkout, version: "2.5.0" }, { ops, smoke: smokeBy({ preview: true, live: false }), clock: steppingClock() });
        assert.strictEqual(outcome.ok, false);
        assert.deepStrictEqual(outcome.steps.map((s) => [s.name, s.ok]), [
            ["deploy 2.5.0 to idle colour blue and wait for the rollout", true],
            ["smoke-test blue through the preview URL", true],
            ["flip activeColor green -> blue", true],
            ["smoke-test the live URL on blue", false],
            ["flip back activeColor -> green", true],
        ]);
        assert.strictEqual(ops.config.get("lockstep:services[1].activeColor"), "green");
        assert.deepStrictEqual(outcome.deployedEdits.map((e) => e.field.join(".")), ["versions.blue"]);
    });

    it("flips back when the flip itself fails, and says so when the flip back fails too", async () => {
        const ops = inMemoryStack({ upOutcomes: [{ succeeded: true }, { succeeded: false, error: "error: flip" }, { succeeded: false, error: "error: back" }] });
        const outcome = await promote({ release: checkout, version: "2.5.0" }, { ops, smoke: smokeBy({ preview: true, live: true }), clock: steppingClock() });
        assert.deepStrictEqual(outcome.steps.map((s) => s.ok), [true, true, false, false]);
        assert.match(outcome.summary, /break-glass/);
    });

    it("fails the preview smoke step when the stack has no previewUrl output", async () => {
        const ops = inMemoryStack({ outputValues: { services: { checkout: { url: "https://checkout.dev.example.com" } } } });
        const outcome = await promote({ release: checkout, version: "2.5.0" }, { ops, smoke: smokeBy({ preview: true, live: true }), clock: steppingClock() });
        assert.strictEqual(outcome.steps[1].detail, "stack output services.checkout.previewUrl is missing");
        assert.strictEqual(outcome.ok, false);
    });

    it("never records a URL's credentials in a step, from an engine error or a smoke reason", async () => {
        const leaky = "https://deploy:CanaryPass@checkout.dev.example.com/health?token=CanaryToken";
        const ops = inMemoryStack({ upOutcomes: [{ succeeded: true }, { succeeded: true }, { succeeded: false, error: `error: GET ${leaky}: 401` }] });
        const smoke: SmokeUrl = async (url) => (url.includes("preview") ? { passed: true } : { passed: false, reason: `status 503 from ${leaky}` });
        const outcome = await promote({ release: checkout, version: "2.5.0" }, { ops, smoke, clock: steppingClock() });
        assert.strictEqual(outcome.ok, false);
        assert.deepStrictEqual(outcome.steps.filter((s) => /Canary/.test(JSON.stringify(s))), []);
        assert.ok(outcome.steps.some((s) => s.detail?.includes("https://***@checkout.dev.example.com/health?token=***")), JSON.stringify(outcome.steps));
    });
});
