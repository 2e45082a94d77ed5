// Policy config as the engine reconciles and validates it, in memory and through the host.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parsePolicyConfig, reconcilePolicyConfig, validatePolicyConfig, type PolicySchemaInfo } from "../../analyzer/policyConfig";
import { previewStack } from "../../analyzer/previewStack";
import { InputError } from "../../project/inputError";
import type { RenderedStack } from "../../render/renderStack";
import { fixturePacks, fixtureProgram, gatesPack, renderCase } from "../helpers/gatesFixture";

const policies: PolicySchemaInfo[] = [
    {
        name: "replicas",
        enforcementLevel: "advisory",
        configSchema: { properties: { minimum: { type: "integer", default: 2 }, namespaces: { type: "array", items: { type: "string" }, default: ["apps"] } } },
    },
    { name: "approval", enforcementLevel: "mandatory", configSchema: { properties: { author: { type: "string" } }, required: ["author"] } },
    { name: "plain", enforcementLevel: "mandatory" },
];

describe("analyzer: policy config", () => {
    describe("reconciliation", () => {
        it("starts from each policy's level and its schema defaults", () => {
            assert.deepStrictEqual(reconcilePolicyConfig(policies, {}, {}), {
                replicas: { enforcementLevel: "advisory", properties: { minimum: 2, namespaces: ["apps"] } },
                approval: { enforcementLevel: "mandatory", properties: undefined },
                plain: { enforcementLevel: "mandatory", properties: undefined },
            });
        });
        it("applies the pack's initial config, then the user's file, merging properties", () => {
            const initial = parsePolicyConfig({ replicas: { enforcementLevel: "mandatory", minimum: 3 } }, "initial");
            const user = parsePolicyConfig({ replicas: { namespaces: ["web"] }, plain: "disabled" }, "user");
            const result = reconcilePolicyConfig(policies, initial, user);
            assert.deepStrictEqual(result.replicas, { enforcementLevel: "mandatory", properties: { minimum: 3, namespaces: ["web"] } });
            assert.deepStrictEqual(result.plain, { enforcementLevel: "disabled", properties: undefined });
        });
        it('sets every level with "all" as a string, then lets a named policy override it', () => {
            const result = reconcilePolicyConfig(policies, {}, parsePolicyConfig({ all: "disabled", approval: "advisory" }, "user"));
            assert.deepStrictEqual(
                Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v.enforcementLevel])),
                { replicas: "disabled", approval: "advisory", plain: "disabled", all: "disabled" },
            );
        });
        it('takes "all" in its object form; its properties stay on its own entry, as in the engine', () => {
            const result = reconcilePolicyConfig(policies, {}, parsePolicyConfig({ all: { enforcementLevel: "advisory", minimum: 9 } }, "user"));
            assert.strictEqual(result.replicas.enforcementLevel, "advisory");
            assert.strictEqual(result.replicas.properties?.minimum, 2);
            assert.deepStrictEqual(result.all, { enforcementLevel: "advisory", properties: { minimum: 9 } });
        });
        it("drops empty entries and rejects values that are neither a level nor an object", () => {
            assert.deepStrictEqual(parsePolicyConfig({ plain: {} }, "f.json"), {});
            assert.throws(() => parsePolicyConfig({ plain: "loud" }, "f.json"), /f.json: "plain": "loud" is not a valid enforcement level/);
            assert.throws(() => parsePolicyConfig({ plain: 3 }, "f.json"), /f.json: "plain": 3 is not a valid value; must be a string or object/);
            assert.throws(() => parsePolicyConfig({ plain: { enforcementLevel: "x" } }, "f.json"), /"plain.enforcementLevel": "x" is not a valid enforcement level/);
        });
    });

    describe("validation", () => {
        it("names the policy and the field", () => {
            const config = reconcilePolicyConfig(policies, {}, parsePolicyConfig({ replicas: { minimum: "two" } }, "user"));
            assert.deepStrictEqual(validatePolicyConfig(policies, config), ["replicas: minimum: must be integer", "approval: author is required"]);
        });
        it("accepts complete config", () => {
            const config = reconcilePolicyConfig(policies, {}, parsePolicyConfig({ approval: { author: "alice" } }, "user"));
            assert.deepStrictEqual(validatePolicyConfig(policies, config), []);
        });
    });

    describe("through the host", () => {
        let rendered: RenderedStack;
        let dir: string;
        before(async () => {
            rendered = await renderCase("prod", ["no-limits"]);
            dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-policy-config-"));
        });
        after(() => fs.rmSync(dir, { recursive: true, force: true }));
        const configFile = (name: string, content: unknown) => {
            const file = path.join(dir, name);
            fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
            return file;
        };
        const preview = (policyPackConfig: string) => previewStack({ projectDir: fixtureProgram, stack: "prod", rendered, policyPackConfig, policyPacks: [gatesPack] });

        it("rejects invalid config with exit 2, naming the pack, the policy and the field", async () => {
            const file = configFile("bad.json", { "kubernetes-deployment-minimum-replicas": { minimumReplicas: { prod: "two" } } });
            await assert.rejects(preview(file), (err: Error) => {
                assert.ok(err instanceof InputError);
                assert.strictEqual(err.message, "validating policy config: lockstep-gates 0.1.0  kubernetes-deployment-minimum-replicas: minimumReplicas.prod: must be integer");
                return true;
            });
        });
        it("rejects a file that is not JSON, naming the flag and the file", async () => {
            await assert.rejects(preview(configFile("broken.json", "{")), { message: /^--policy-pack-config .*broken.json: not valid JSON/ });
        });
        it('turns mandatory violations advisory with {"all": "advisory"} (exit 0)', async () => {
            const result = await preview(configFile("all.json", { all: "advisory" }));
            assert.strictEqual(result.exitCode, 0);
            assert.deepStrictEqual([...new Set(result.report.violations.map((v) => `${v.enforcementLevel} ${v.policyName}`))].sort(), [
                "advisory deployment-change-approval",
                "advisory kubernetes-deployment-resource-limits",
            ]);
        });
        it('disables everything with {"all": {"enforcementLevel": "disabled"}}', async () => {
            const result = await preview(configFile("off.json", { all: { enforcementLevel: "disabled" } }));
            assert.deepStrictEqual([result.exitCode, result.report.violations], [0, []]);
        });

        it("warns of a policy name the pack does not have, with the nearest one, and judges as the engine does (no effect)", async () => {
            const result = await preview(configFile("typo.json", { "kubernetes-deployment-resource-limit": "disabled", all: "mandatory" }));
            assert.deepStrictEqual(result.warnings, [
                `--policy-pack-config ${path.join(dir, "typo.json")}: "kubernetes-deployment-resource-limit" names no policy of lockstep-gates 0.1.0 ` +
                    `(did you mean "kubernetes-deployment-resource-limits"?): it has no effect, in pulumi preview either`,
            ]);
            assert.ok(result.report.violations.some((v) => v.policyName === "kubernetes-deployment-resource-limits" && v.enforcementLevel === "mandatory"), "the misspelt entry disabled nothing");
            assert.deepStrictEqual((await preview(configFile("fine.json", { all: "advisory" }))).warnings, []);
        });

        it("gives the nth --policy-pack-config to the nth pack, and refuses a count that does not match, as the CLI does", async () => {
            const levels = path.join(fixturePacks, "levels");
            const two = (configs: string[]) => previewStack({ projectDir: fixtureProgram, stack: "prod", rendered, policyPackConfig: configs, policyPacks: [gatesPack, levels] });
            const gatesOff = configFile("gates-off.json", { all: "disabled" });
            const levelsOff = configFile("levels-off.json", { all: "disabled" });
            const result = await two([gatesOff, configFile("levels-on.json", {})]);
            assert.deepStrictEqual([...new Set(result.report.violations.map((v) => v.policyPackName))], ["levels"], "the first file went to the gates only");
            assert.deepStrictEqual((await two([configFile("gates-on.json", {}), levelsOff])).report.violations.every((v) => v.policyPackName === "lockstep-gates"), true);
            await assert.rejects(two([gatesOff]), {
                message: "1 --policy-pack-config file(s) for 2 --policy-pack(s): give one per pack, in the same order (the nth config is the nth pack's), as pulumi preview requires",
            });
        });
    });
});
