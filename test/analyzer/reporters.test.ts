// Report formats, property encoding and secret scrubbing: the pure pieces of the host.
import * as assert from "assert";
import { analyzerProperties, secretValues, unknownValue } from "../../analyzer/propertyEncoding";
import { typeAndNameOfUrn, type PreviewReport } from "../../analyzer/previewReport";
import { reporters } from "../../analyzer/reporters";
import { scrubSecrets } from "../../analyzer/secretScrubbing";

const sig = "4dabf18193072939515e22adb298388d";
const report: PreviewReport = {
    schemaVersion: 1,
    project: "lockstep",
    stack: "prod",
    resourceCount: 34,
    values: "known",
    packs: [{ name: "lockstep-gates", version: "0.1.0", directory: "policies", policies: [
        { name: "kubernetes-deployment-readiness-probe", enforcementLevel: "mandatory" },
        { name: "aws-s3-bucket-versioning", enforcementLevel: "advisory" },
        { name: "aws-resource-required-tags", enforcementLevel: "disabled" },
    ] }],
    violations: [
        {
            policyPackName: "lockstep-gates",
            policyPackVersion: "0.1.0",
            policyName: "kubernetes-deployment-readiness-probe",
            description: "Every container has a readiness probe.",
            message: "Every container has a readiness probe.\ncontainer \"web\" must have a readinessProbe; it has none <yet> & | more.",
            enforcementLevel: "mandatory",
            urn: "urn:pulumi:prod::lockstep::lockstep:kubernetes:BlueGreenService$kubernetes:apps/v1:Deployment::checkout-blue",
            resourceType: "kubernetes:apps/v1:Deployment",
            resourceName: "checkout-blue",
        },
    ],
    remediations: [],
    passed: false,
};

describe("analyzer: reporters", () => {
    it("text prints the CLI's Policies block: packs by name@version, icons, remediations per policy, violations by level, policy, URN", () => {
        const at = (name: string) => `urn:pulumi:prod::lockstep::aws:iam/rolePolicy:RolePolicy::${name}`;
        const violation = (policyName: string, enforcementLevel: "mandatory" | "advisory", name: string) => ({
            policyPackName: "b-pack", policyPackVersion: "1.0.0", policyName, description: "", message: `${policyName} on ${name}`, enforcementLevel, urn: at(name), resourceType: "aws:iam/rolePolicy:RolePolicy", resourceName: name,
        });
        const text = reporters.text({
            ...report,
            packs: [
                { name: "b-pack", version: "1.0.0", directory: "/packs/b", policies: [] },
                { name: "a-pack", version: "2.0.0", directory: "packs/a", policies: [] },
                { name: "c-pack", version: "1.0.0", directory: "packs/c", policies: [] },
            ],
            violations: [violation("zeta", "advisory", "r1"), violation("beta", "mandatory", "r2"), violation("alpha", "advisory", "r1"), violation("beta", "mandatory", "r1"),
                { ...violation("only-advice", "advisory", "r1"), policyPackName: "c-pack" }],
            remediations: ["r2", "r1", "r3"].map((name, i) => ({ policyPackName: "b-pack", policyPackVersion: "1.0.0", policyName: i === 2 ? "fix-a" : "fix-b", urn: at(name), resourceType: "aws:iam/rolePolicy:RolePolicy", resourceName: name })),
        });
        assert.equal(text.slice(0, text.indexOf("\n\n") + 1), [
            "Policies:",
            "    ✅ a-pack@v2.0.0 (local: packs/a)",
            "    ❌ b-pack@v1.0.0 (local: /packs/b)",
            "        - [remediate]  fix-a  (1 resource)",
            "        - [remediate]  fix-b  (2 resources)",
            "        - [mandatory]  beta  (aws:iam:RolePolicy: r1)",
            "          beta on r1",
            "        - [mandatory]  beta  (aws:iam:RolePolicy: r2)",
            "          beta on r2",
            "        - [advisory]  alpha  (aws:iam:RolePolicy: r1)",
            "          alpha on r1",
            "        - [advisory]  zeta  (aws:iam:RolePolicy: r1)",
            "          zeta on r1",
            "    ⚠️ c-pack@v1.0.0 (local: packs/c)",
            "        - [advisory]  only-advice  (aws:iam:RolePolicy: r1)",
            "          only-advice on r1",
            "",
        ].join("\n"));
    });

    it("text follows the CLI: [level]  policy  (type: name) and the message", () => {
        const text = reporters.text(report);
        assert.ok(text.includes("        - [mandatory]  kubernetes-deployment-readiness-probe  (kubernetes:apps/v1:Deployment: checkout-blue)\n          Every container has a readiness probe.\n"), text);
        assert.ok(text.endsWith("prod: 34 resources, 1 mandatory and 0 advisory violations: failed\n"));
    });
    it("json is the report itself, its fields named for machines, one document ending in a newline", () => {
        const text = reporters.json(report);
        assert.ok(text.endsWith("}\n") && !text.slice(0, -1).includes("\n\n"), "one document");
        const parsed = JSON.parse(text);
        assert.strictEqual(parsed.schemaVersion, 1);
        assert.strictEqual(parsed.passed, false);
        assert.deepStrictEqual(parsed.violations.map((v: { policyName: string; enforcementLevel: string; resourceName: string }) => [v.policyName, v.enforcementLevel, v.resourceName]), [["kubernetes-deployment-readiness-probe", "mandatory", "checkout-blue"]]);
        assert.deepStrictEqual(parsed, report, "nothing added or dropped");
    });
    it("markdown is a table with pipes escaped", () => {
        const md = reporters.markdown(report);
        assert.match(md, /^### Policy preview: lockstep\/prod failed ❌/);
        assert.ok(md.includes("| mandatory | `kubernetes-deployment-readiness-probe` | `kubernetes:apps/v1:Deployment: checkout-blue` | Every container has a readiness probe.<br>container \"web\" must have a readinessProbe; it has none <yet> & \\| more. |"), md);
    });
    it("junit fails mandatory policies, skips disabled ones and escapes XML", () => {
        const xml = reporters.junit(report);
        assert.match(xml, /<testsuite name="lockstep-gates@v0.1.0 \(prod\)" tests="3" failures="1">/);
        assert.match(xml, /name="kubernetes-deployment-readiness-probe"><failure message="1 mandatory violation\(s\)">\[mandatory\] kubernetes:apps\/v1:Deployment: checkout-blue: [\s\S]*&lt;yet&gt; &amp; \| more\.<\/failure>/);
        assert.match(xml, /name="aws-resource-required-tags"><skipped message="disabled"\/><\/testcase>/);
        assert.match(xml, /name="aws-s3-bucket-versioning"><\/testcase>/);
    });
    it("takes the resource type and name from a URN with a parent chain", () => {
        assert.deepStrictEqual(typeAndNameOfUrn(report.violations[0].urn), { type: "kubernetes:apps/v1:Deployment", name: "checkout-blue" });
    });
});

describe("analyzer: property encoding and secrets", () => {
    it("keeps secrets marked, flattens resource references and output values, drops undefined", () => {
        const encoded = analyzerProperties({
            password: { [sig]: "1b47061264138c4ac30d75fd1eb44270", value: "hunter22" },
            bucket: { [sig]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:x", id: "bucket-123" },
            role: { [sig]: "5cf8f73096256a8f31e491e813e4eb8e", urn: "urn:role" },
            known: { [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: 3 },
            hidden: { [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4", value: "pw", secret: true },
            pending: { [sig]: "d0e6a833031e9bbcd3f4e8bde6ca49a4" },
            missing: undefined,
            list: [1, undefined],
        });
        assert.deepStrictEqual(encoded, {
            password: { [sig]: "1b47061264138c4ac30d75fd1eb44270", value: "hunter22" },
            bucket: "bucket-123",
            role: "urn:role",
            known: 3,
            hidden: { [sig]: "1b47061264138c4ac30d75fd1eb44270", value: "pw" },
            pending: unknownValue,
            list: [1, null],
        });
    });
    it("finds every secret plaintext and scrubs it, longest first", () => {
        const secrets = secretValues({ a: { [sig]: "1b47061264138c4ac30d75fd1eb44270", value: { user: "admin", token: "tok-123456" } }, b: "public" });
        assert.deepStrictEqual([...secrets].sort(), ['{"user":"admin","token":"tok-123456"}', "admin", "tok-123456"].sort());
        assert.strictEqual(scrubSecrets("token tok-123456 for admin; not public", secrets), "token [secret] for [secret]; not public");
    });
});
