import { strict as assert } from "assert";
import type { Difference } from "../../../parity/model";
import { differenceGroups } from "../../../parity/reports/differenceGroups";

function difference(scope: string, path: string, stack: string, reason?: string): Difference {
    const key = scope === "config" ? path : `${scope}/${path}`;
    return { stack, source: scope === "config" ? "config" : "rendered", scope, path, key, kind: "changed", secret: false, neutralized: false, intended: reason !== undefined, ...(reason ? { reason } : {}) } as Difference;
}

describe("differences grouped by resource and reason", () => {
    it("puts unexplained drift first, then the config, then resources by name, each by reason with counts", () => {
        const groups = differenceGroups([
            difference("k:Deployment::web", "spec.replicas", "dev", "fewer replicas"),
            difference("config", "app:replicas", "dev", "fewer replicas"),
            difference("k:Deployment::api", "spec.replicas", "dev", "fewer replicas"),
            difference("k:Deployment::api", "spec.image", "dev"),
            difference("k:Deployment::api", "spec.replicas", "staging", "fewer replicas"),
            difference("k:Deployment::api", "spec.paused", "staging"),
        ]);
        assert.deepEqual(
            groups.map((g) => [g.scope, g.unexplained, g.intended, g.reasons.map((r) => [r.reason, r.differences.length])]),
            [
                ["k:Deployment::api", 2, 2, [["unexplained", 2], ["fewer replicas", 2]]],
                ["config", 0, 1, [["fewer replicas", 1]]],
                ["k:Deployment::web", 0, 1, [["fewer replicas", 1]]],
            ],
        );
    });
});
