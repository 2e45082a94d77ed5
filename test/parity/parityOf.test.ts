import { strict as assert } from "assert";
import { configScope, type EnvironmentSnapshot } from "../../parity/model";
import { settingsOf } from "../../parity/settings";
import { resourceScopes } from "../../parity/sources/resourceSettings";
import { parityOf } from "../../parity/parityOf";
import { signatureKey, secretSignature } from "../../parity/secrets";
import { compare, configEnv, keyed, valuesOf } from "./fixtures";

describe("parityOf", () => {
    it("gives 100% for identical stacks, with the counts", () => {
        const config = { "app:size": "large", "app:db": { engine: "postgres", version: 16 } };
        const result = compare([configEnv("prod", config), configEnv("dev", config)]);
        assert.equal(result.environments[0].parityPercent, 100);
        assert.equal(result.environments[0].identical, 3);
        assert.equal(result.environments[0].total, 3);
        assert.equal(result.passed, true);
        assert.deepEqual(result.differences, []);
    });

    it("counts missing, extra and changed settings against the union", () => {
        const result = compare([
            configEnv("prod", { "app:a": "1", "app:b": "2", "app:c": "3" }),
            configEnv("dev", { "app:a": "1", "app:b": "9", "app:d": "4" }),
        ]);
        const dev = result.environments[0];
        assert.equal(dev.identical, 1);
        assert.equal(dev.total, 4);
        assert.equal(dev.parityPercent, 25);
        assert.deepEqual(result.differences.map((d) => [d.key, d.kind]).sort(), [["app:b", "changed"], ["app:c", "missing"], ["app:d", "extra"]]);
        assert.equal(result.unexplained, 3);
        assert.equal(result.passed, false);
    });

    it("does not count a secret whose ciphertext differs as drift", () => {
        const result = compare([configEnv("prod", { "app:token": { secure: "AAAprod" } }), configEnv("dev", { "app:token": { secure: "AAAdev" } })]);
        assert.equal(result.environments[0].parityPercent, 100);
    });

    it("counts a secret on one side and plain text on the other as drift, without printing either", () => {
        const result = compare([configEnv("prod", { "app:token": { secure: "AAAprod" } }), configEnv("dev", { "app:token": "hunter2" })]);
        assert.equal(result.differences.length, 1);
        assert.equal(result.differences[0].secret, true);
        assert.equal(result.differences[0].baselineValue, "[secret]");
        assert.ok(!JSON.stringify(result).includes("AAAprod"));
    });

    it("substitutes the stack name as a whole word only", () => {
        const result = compare([
            configEnv("prod", { "app:bucket": "app-prod-logs", "app:device": "device-prod", "app:host": "production.example.com" }),
            configEnv("dev", { "app:bucket": "app-dev-logs", "app:device": "device-dev", "app:host": "devproduction.example.com" }),
        ]);
        assert.deepEqual(result.differences.map((d) => d.key), ["app:host"]);
        assert.equal(result.neutralizedSettings, 2);
        const devices = compare([configEnv("prod", { "app:x": "device" }), configEnv("dev", { "app:x": "deprodvice" })]);
        assert.equal(devices.environments[0].parityPercent, 0, "no substitution inside a word");
    });

    it("walks keyed lists by name and compares other arrays whole", () => {
        const container = (image: string, env: Record<string, string>[]) => ({ spec: { containers: [{ name: "web", image, env }], args: ["a", "b"] } });
        const prod = configEnv("prod", { "app:pod": container("web:1", [{ name: "A", value: "1" }, { name: "B", value: "2" }]) });
        const dev = configEnv("dev", { "app:pod": { ...container("web:1", [{ name: "B", value: "2" }, { name: "A", value: "1" }]), spec: { ...container("web:1", [{ name: "B", value: "2" }, { name: "A", value: "1" }]).spec, args: ["b", "a"] } } });
        const result = compare([prod, dev]);
        // Order of a keyed list does not matter; order of a plain array does.
        assert.deepEqual(result.differences.map((d) => d.key), ["app:pod.spec.args"]);
        assert.ok(result.environments[0].total >= 7);
    });

    it("tells a missing setting from a null one", () => {
        const result = compare([configEnv("prod", { "app:x": { a: null } }), configEnv("dev", { "app:x": {} })]);
        assert.equal(result.differences.length, 2);
        const nullVsValue = compare([configEnv("prod", { "app:x": { a: null } }), configEnv("dev", { "app:x": { a: 0 } })]);
        assert.equal(nullVsValue.differences[0].kind, "changed");
    });

    it("refuses an empty union instead of calling it 100%", () => {
        assert.throws(() => compare([configEnv("prod", {}), configEnv("dev", {})]), /empty union/);
    });

    it("classifies by rule, and an expired rule or an unexpected value is drift", () => {
        const envs = [configEnv("prod", { "app:replicas": "3" }), configEnv("dev", { "app:replicas": "1" })];
        const rule = { path: ["app:replicas"], reason: "dev runs one replica to save cost" };
        assert.equal(compare(envs, [rule]).differences[0].intended, true);
        assert.equal(compare(envs, [rule]).environments[0].parityPercent, 0, "a rule does not raise the percentage");
        const expired = compare(envs, [{ ...rule, expires: "2026-11-21" }]).differences[0];
        assert.equal(expired.intended, false);
        assert.match(expired.note ?? "", /expired on 2026-11-21/);
        assert.equal(compare(envs, [{ ...rule, expires: "2026-11-22" }]).differences[0].intended, true, "valid through its expiry day");
        assert.equal(compare(envs, [{ ...rule, expected: { dev: 1, prod: 3 } }]).differences[0].intended, true);
        assert.equal(compare(envs, [{ ...rule, expected: { dev: 2 } }]).differences[0].intended, false);
    });

    it("reports resource-level parity, the worst environment and the share identical everywhere", () => {
        const res = (stack: string, replicas: number, extra = false) => ({
            stack,
            sources: {
                rendered: resourceScopes(
                    [
                        { urn: `urn:pulumi:${stack}::p::k:Deployment::web-${stack}`, type: "k:Deployment", inputs: { replicas } },
                        { urn: `urn:pulumi:${stack}::p::k:Service::web`, type: "k:Service", inputs: { port: 80 } },
                        ...(extra ? [{ urn: `urn:pulumi:${stack}::p::k:Job::debug`, type: "k:Job", inputs: {} }] : []),
                    ],
                    stack,
                    keyed,
                ),
            },
        }) as EnvironmentSnapshot;
        const result = parityOf({ environments: [res("prod", 3), res("staging", 3), res("dev", 1, true)], baseline: "prod", sources: ["rendered"], rules: [], today: "2026-11-22", threshold: 90, maxUnexplained: 0 });
        const [staging, dev] = result.environments;
        assert.equal(staging.parityPercent, 100);
        assert.deepEqual(staging.resources, { identical: 2, total: 2, parityPercent: 100 });
        assert.deepEqual(dev.resources?.identical, 1);
        assert.deepEqual(dev.resources?.total, 3);
        assert.equal(result.worst?.stack, "dev");
        assert.ok(result.identicalInAll.identical < result.identicalInAll.total);
    });

    it("reads the engine's secret forms as secrets", () => {
        const wire = (v: Record<string, unknown>) => ({ [signatureKey]: secretSignature, ...v });
        const prod = settingsOf({ a: wire({ ciphertext: "v1:abc" }) }, { stack: "prod", keyedLists: keyed });
        const dev = settingsOf({ a: wire({ plaintext: '"x"' }) }, { stack: "dev", keyedLists: keyed });
        assert.deepEqual(valuesOf(prod), valuesOf(dev));
        assert.equal(prod.leaves, 1);
        const env = (stack: string, s: typeof prod): EnvironmentSnapshot => ({ stack, sources: { config: new Map([[configScope, s]]) } });
        assert.equal(compare([env("prod", prod), env("dev", dev)]).environments[0].parityPercent, 100);
    });

    it("fails on a baseline that is not among the stacks", () => {
        assert.throws(() => compare([configEnv("dev", { "a:b": "1" }), configEnv("staging", { "a:b": "1" })]), /baseline stack "prod"/);
    });
});

describe("parityOf: a resource or an entry that one side lacks is one difference", () => {
    const stackOf = (stack: string, debugJob: boolean): EnvironmentSnapshot => ({
        stack,
        sources: {
            rendered: resourceScopes(
                [
                    { urn: `urn:pulumi:${stack}::p::k:Service::web`, type: "k:Service", inputs: { port: 80 } },
                    ...(debugJob ? [{ urn: `urn:pulumi:${stack}::p::k:Job::debug`, type: "k:Job", inputs: { image: "busybox", args: ["sleep"], spec: { backoffLimit: 1 } } }] : []),
                ],
                stack,
                keyed,
            ),
        },
    });
    const rendered = (envs: EnvironmentSnapshot[], rules: Parameters<typeof compare>[1] = []) => compare(envs, rules, { sources: ["rendered"] });

    it("one difference for a resource only in dev, its settings still counted in the union", () => {
        const result = rendered([stackOf("prod", false), stackOf("dev", true)]);
        assert.equal(result.differences.length, 1);
        const [d] = result.differences;
        assert.deepEqual([d.key, d.kind, d.whole, d.settings], ["k:Job::debug", "extra", "resource", 5], "image, args, spec.backoffLimit, @exists, @protect");
        assert.equal(d.value, undefined, "no values carried for a whole resource");
        const dev = result.environments[0];
        assert.deepEqual([dev.identical, dev.total, dev.unexplained], [3, 8, 1], "parity counts every setting; drift counts the resource once");
    });

    it("one difference for a resource only in the baseline", () => {
        const [d] = rendered([stackOf("prod", true), stackOf("dev", false)]).differences;
        assert.deepEqual([d.key, d.kind, d.whole, d.settings], ["k:Job::debug", "missing", "resource", 5]);
    });

    it("one difference for a keyed-list entry (a service) only in dev; changes inside a shared entry stay one per setting", () => {
        const services = (...list: Record<string, unknown>[]) => ({ "app:services": list });
        // The config source keys `services` lists by name (parity.yaml keyedLists).
        const keyedServices = new Set([...keyed, "app:services"]);
        const env = (stack: string, config: Record<string, unknown>): EnvironmentSnapshot => ({ stack, sources: { config: new Map([[configScope, settingsOf(config, { stack, keyedLists: keyedServices })]]) } });
        const grouped = compare([
            env("prod", services({ name: "api", version: "1.0", replicas: 3 })),
            env("dev", services({ name: "api", version: "1.1", replicas: 3, autoscaling: { min: 1, max: 2 } }, { name: "web", version: "0.1", replicas: 1 })),
        ]);
        assert.deepEqual(
            grouped.differences.map((d) => [d.key, d.kind, d.whole, d.settings]),
            [
                ["app:services.api.version", "changed", undefined, 1],
                ["app:services.api.autoscaling.min", "extra", undefined, 1],
                ["app:services.api.autoscaling.max", "extra", undefined, 1],
                ["app:services.web", "extra", "entry", 3],
            ],
        );
        const dev = grouped.environments[0];
        assert.equal(dev.total - dev.identical, 6, "every setting still counts");
        assert.equal(dev.unexplained, 4);
    });

    it("a rule can explain a whole new resource, and says the resource is absent where it expects a value", () => {
        const envs = [stackOf("prod", false), stackOf("dev", true)];
        const onboarding = { path: ["**::debug"], reason: "the debug job is new in dev, reaching staging next week", expires: "2026-12-31" };
        assert.equal(rendered(envs, [onboarding]).differences[0].intended, true);
        assert.equal(rendered(envs, [{ ...onboarding, expected: { prod: null } }]).differences[0].intended, true, "null expects absence");
        const protect = rendered(envs, [{ ...onboarding, expected: { prod: true } }]).differences[0];
        assert.equal(protect.intended, false);
        assert.equal(protect.note, "the resource is absent from prod, so prod cannot hold the value the rule expects");
        assert.doesNotMatch(protect.note ?? "", /does not hold/);
        const reverse = rendered([stackOf("prod", true), stackOf("dev", false)], [{ ...onboarding, expected: { dev: 1 } }]).differences[0];
        assert.equal(reverse.note, "the resource is absent from dev, so dev cannot hold the value the rule expects");
        const present = rendered(envs, [{ ...onboarding, expected: { dev: null } }]).differences[0];
        assert.equal(present.note, "dev has the resource, where the rule expects it absent (null)");
    });

    it("says a setting is absent where a rule expects a value, rather than that it holds another value", () => {
        const result = compare([configEnv("prod", { "app:a": "1" }), configEnv("dev", { "app:a": "1", "app:b": "2" })], [{ path: ["app:b"], reason: "only dev sets b for now", expected: { prod: "2" } }]);
        assert.equal(result.differences[0].note, "prod lacks the setting, so prod cannot hold the value the rule expects");
    });
});
