import * as assert from "assert";
import { formatRelease, releaseId, releaseOf } from "../../delivery/release";
import type { ServiceRelease } from "../../delivery/serviceReleases";

const rolling: ServiceRelease = { index: 0, name: "payments-api", strategy: "rolling", healthPath: "/healthz", version: "1.9.0" };
const blueGreen: ServiceRelease = { index: 1, name: "checkout", strategy: "blueGreen", healthPath: "/health/ready", activeColor: "green", versions: { blue: "2.3.1", green: "2.4.0" } };
const committed = { commit: "54cfbfb62429f443189f098362dc8ff7c049547e", uncommitted: false };

describe("release", () => {
    it("is each service's version, the live colour's for a blue-green service, with the commit of the stack file", () => {
        const release = releaseOf("dev", "stacks/Pulumi.dev.yaml", [rolling, blueGreen], committed);
        assert.deepStrictEqual(release, {
            stack: "dev",
            id: releaseId([{ name: "payments-api", version: "1.9.0" }, { name: "checkout", version: "2.4.0" }]),
            commit: committed.commit,
            uncommitted: false,
            services: [
                { name: "payments-api", strategy: "rolling", version: "1.9.0" },
                { name: "checkout", strategy: "blueGreen", version: "2.4.0", activeColor: "green", idleVersion: "2.3.1" },
            ],
        });
        assert.match(release.id, /^[0-9a-f]{12}$/);
    });

    it("has the same id wherever the same versions run, whatever the order, and another id for any other version", () => {
        const a = releaseOf("dev", "f", [rolling, blueGreen], committed).id;
        const reordered = releaseOf("staging", "g", [{ ...blueGreen, index: 0 }, { ...rolling, index: 1 }], { commit: null, uncommitted: false }).id;
        const idleChanged = releaseOf("dev", "f", [rolling, { ...blueGreen, versions: { blue: "9.9.9", green: "2.4.0" } }], committed).id;
        const flipped = releaseOf("dev", "f", [rolling, { ...blueGreen, activeColor: "blue" }], committed).id;
        const bumped = releaseOf("dev", "f", [{ ...rolling, version: "1.9.1" }, blueGreen], committed).id;
        assert.strictEqual(reordered, a);
        assert.strictEqual(idleChanged, a, "the idle colour takes no traffic: not part of the release");
        assert.notStrictEqual(flipped, a);
        assert.notStrictEqual(bumped, a);
    });

    it("refuses a rolling service without a version, a blue-green one without its live colour's version, and a name unsafe as a record key", () => {
        assert.throws(() => releaseOf("dev", "stacks/Pulumi.dev.yaml", [{ ...rolling, version: undefined }], committed), { name: "InputError", message: "stacks/Pulumi.dev.yaml: lockstep:services[0].version: missing for payments-api: set the version it runs" });
        assert.throws(() => releaseOf("dev", "stacks/Pulumi.dev.yaml", [{ ...blueGreen, versions: { blue: "2.3.1" } as ServiceRelease["versions"] }], committed), {
            message: "stacks/Pulumi.dev.yaml: lockstep:services[1]: checkout is blue-green: expected activeColor (blue or green) and versions.blue and versions.green",
        });
        assert.throws(() => releaseOf("dev", "stacks/Pulumi.dev.yaml", [{ ...rolling, name: "../etc" }], committed), { message: /lockstep:services\[0\]\.name "\.\.\/etc": expected a name of letters/ });
    });

    it("prints as a table naming the stack file and the commit", () => {
        const text = formatRelease(releaseOf("dev", "stacks/Pulumi.dev.yaml", [rolling, blueGreen], { ...committed, uncommitted: true }), "stacks/Pulumi.dev.yaml");
        const id = releaseId([{ name: "payments-api", version: "1.9.0" }, { name: "checkout", version: "2.4.0" }]);
        assert.strictEqual(text, [
            `release ${id} of dev (stacks/Pulumi.dev.yaml, commit 54cfbfb62429 plus uncommitted changes)`,
            "  service       version  strategy",
            "  payments-api  1.9.0    rolling",
            "  checkout      2.4.0    blue-green, live green; idle blue holds 2.3.1",
            "",
        ].join("\n"));
    });
});
