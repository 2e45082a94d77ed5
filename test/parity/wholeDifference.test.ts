// How the reports name a whole resource or entry that one of the two stacks lacks.
import { strict as assert } from "assert";
import { describeWhole, isWhole, wholeSide } from "../../parity/reports/wholeDifference";

describe("whole differences in the reports", () => {
    const deployment = { stack: "dev", key: "kubernetes:apps/v1:Deployment::payments-web-deployment", kind: "extra" as const, whole: "resource" as const, settings: 24 };

    it("names the stack that holds it, the resource as type and name, and its size", () => {
        assert.equal(describeWhole(deployment, "prod"), "only in dev: kubernetes:apps/v1:Deployment payments-web-deployment (24 settings)");
        assert.equal(describeWhole({ ...deployment, kind: "missing" }, "prod"), "only in prod: kubernetes:apps/v1:Deployment payments-web-deployment (24 settings)");
        assert.equal(describeWhole({ stack: "dev", key: "lockstep:services.payments-web", kind: "extra", whole: "entry", settings: 1 }, "prod"), "only in dev: lockstep:services.payments-web (1 setting)");
    });

    it("shows its size on the side that holds it and absence on the other", () => {
        assert.deepEqual([wholeSide(deployment, "baseline"), wholeSide(deployment, "value")], ["(absent)", "(the whole resource, 24 settings)"]);
        const missing = { ...deployment, kind: "missing" as const };
        assert.deepEqual([wholeSide(missing, "baseline"), wholeSide(missing, "value")], ["(the whole resource, 24 settings)", "(absent)"]);
    });

    it("tells a whole difference from a setting's", () => {
        assert.equal(isWhole(deployment), true);
        assert.equal(isWhole({ kind: "changed", settings: 1 }), false);
    });
});
