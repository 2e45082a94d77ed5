import * as assert from "assert";
import { planPromotion } from "../../delivery/environmentPromotion";
import { releaseOf } from "../../delivery/release";
import type { ServiceRelease } from "../../delivery/serviceReleases";

const api = (version: string, index = 0): ServiceRelease => ({ index, name: "payments-api", strategy: "rolling", healthPath: "/healthz", version });
const checkout = (activeColor: "blue" | "green", blue: string, green: string, index = 1): ServiceRelease => ({ index, name: "checkout", strategy: "blueGreen", healthPath: "/", activeColor, versions: { blue, green } });
const dev = releaseOf("dev", "stacks/Pulumi.dev.yaml", [api("2.0.0"), checkout("blue", "2.5.0", "2.4.0")], { commit: null, uncommitted: false });

describe("planPromotion", () => {
    it("sets a rolling service's version and a blue-green service's idle colour to the source's live versions", () => {
        const plan = planPromotion(dev, ["payments-api", "checkout"], [checkout("green", "2.3.1", "2.4.0", 0), api("1.9.0", 1)], "stacks/Pulumi.staging.yaml");
        assert.deepStrictEqual(plan, [
            { service: "payments-api", version: "2.0.0", edit: { index: 1, field: ["version"], value: "2.0.0" }, change: "version 1.9.0 -> 2.0.0" },
            { service: "checkout", version: "2.5.0", edit: { index: 0, field: ["versions", "blue"], value: "2.5.0" }, change: "idle colour blue 2.3.1 -> 2.5.0" },
        ]);
    });

    it("changes nothing where the target has the version already, live or on its idle colour", () => {
        const plan = planPromotion(dev, ["payments-api", "checkout"], [api("2.0.0"), checkout("green", "2.5.0", "2.4.0")], "f");
        assert.deepStrictEqual(plan.map((p) => [p.edit, p.change]), [[undefined, "version 2.0.0 already"], [undefined, "already on the idle colour blue"]]);
        assert.strictEqual(planPromotion(dev, ["checkout"], [checkout("blue", "2.5.0", "1.0.0")], "f")[0].change, "already live on blue");
    });

    it("refuses a service the target does not have, naming its stack file", () => {
        assert.throws(() => planPromotion(dev, ["checkout"], [api("1.9.0")], "stacks/Pulumi.staging.yaml"), {
            name: "InputError",
            message: "stacks/Pulumi.staging.yaml: lockstep:services has no checkout, which dev runs: add it to stacks/Pulumi.staging.yaml first",
        });
    });
});
