// The engine's enforcement semantics through the host: 16 combinations of pack and policy level,
// remediation, and values unknown during preview.
import * as assert from "assert";
import * as path from "path";
import { analyzerResources } from "../../analyzer/analyzerResources";
import type { PackSession } from "../../analyzer/packSession";
import { parsePolicyConfig } from "../../analyzer/policyConfig";
import { unknownValue } from "../../analyzer/propertyEncoding";
import type { RenderedStack } from "../../render/renderStack";
import { detail, evaluate, fixturePacks, openPack, renderCase } from "../helpers/gatesFixture";

const levels = ["advisory", "mandatory", "disabled", "unset"] as const;
const levelsPack = path.join(fixturePacks, "levels");

/** The policy's level, else the pack's, else advisory; disabled reports nothing. */
function expected(packLevel: string, policyLevel: string): string | undefined {
    const level = policyLevel !== "unset" ? policyLevel : packLevel !== "unset" ? packLevel : "advisory";
    return level === "disabled" ? undefined : level;
}

describe("analyzer: enforcement levels", () => {
    let rendered: RenderedStack;
    const sessions = new Map<string, PackSession>();
    before(async () => {
        rendered = await renderCase("dev");
        await Promise.all(
            levels.map(async (packLevel) => {
                process.env.LEVELS_PACK_LEVEL = packLevel;
                const opening = openPack("dev", levelsPack);
                delete process.env.LEVELS_PACK_LEVEL;
                sessions.set(packLevel, await opening);
            }),
        );
    });
    after(async () => {
        await Promise.all([...sessions.values()].map((s) => s.close()));
    });

    for (const packLevel of levels) {
        for (const policyLevel of levels) {
            const want = expected(packLevel, policyLevel);
            it(`pack ${packLevel} × policy ${policyLevel}: ${want ?? "skipped"}`, async () => {
                const violations = (await evaluate(sessions.get(packLevel)!, rendered)).filter((v) => v.policyName === `policy-${policyLevel}`);
                assert.deepStrictEqual(
                    violations.map((v) => [v.enforcementLevel, detail(v)]),
                    want ? [[want, `policy-${policyLevel} fired`]] : [],
                );
            });
        }
    }

    it("lets the config's level override both, per policy and for all", async () => {
        const session = sessions.get("mandatory")!;
        const byName = async (config: object) =>
            Object.fromEntries((await evaluate(session, rendered, parsePolicyConfig(config, "test config"))).filter((v) => v.policyName.startsWith("policy-")).map((v) => [v.policyName, v.enforcementLevel]));
        assert.deepStrictEqual(await byName({ "policy-mandatory": { enforcementLevel: "advisory" }, "policy-disabled": "mandatory" }), {
            "policy-advisory": "advisory",
            "policy-mandatory": "advisory",
            "policy-disabled": "mandatory",
            "policy-unset": "mandatory",
        });
        assert.deepStrictEqual(await byName({ all: "advisory" }), {
            "policy-advisory": "advisory",
            "policy-mandatory": "advisory",
            "policy-disabled": "advisory",
            "policy-unset": "advisory",
        });
        assert.deepStrictEqual(await byName({ all: { enforcementLevel: "disabled" }, "policy-unset": "mandatory" }), { "policy-unset": "mandatory" });
    });

    it("applies a remediation before Analyze and AnalyzeStack, and reports what remains as mandatory", async () => {
        const violations = await evaluate(sessions.get("unset")!, await renderCase("dev", ["one-replica"]));
        assert.deepStrictEqual(violations.filter((v) => v.policyName.startsWith("deployment-replicas") || v.policyName === "deployment-stack-replicas"), []);
    });

    it("reports a policy that reads an unknown value as an advisory 'can't run during preview'", async () => {
        const session = sessions.get("unset")!;
        await session.configure({});
        const resources = analyzerResources(rendered.resources, "inputs").map((r) => {
            if (r.type !== "kubernetes:apps/v1:Deployment") return r;
            const properties = JSON.parse(JSON.stringify(r.properties));
            properties.spec.template.spec.containers[0].image = unknownValue;
            return { ...r, properties };
        });
        const diagnostics = await session.evaluate(resources, analyzerResources(rendered.resources, "outputs"));
        const imageChecks = diagnostics.filter((d) => d.policyName === "deployment-image-known");
        assert.strictEqual(imageChecks.length, 1);
        assert.strictEqual(imageChecks[0].enforcementLevel, "advisory");
        assert.match(imageChecks[0].message, /^can't run policy 'deployment-image-known' from policy pack 'levels@v1\.2\.3' during preview: .*can't be known during preview/);
    });
});
