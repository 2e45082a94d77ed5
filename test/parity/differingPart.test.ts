import { strict as assert } from "assert";
import { differingPart, ellipsis, firstDifference, shortened } from "../../parity/differingPart";
import { shownValues } from "../../parity/report";

/** An IAM trust policy as Pulumi holds it: a JSON document in a string, canonical JSON around it. */
function trustPolicy(principal: string): string {
    const doc = { Version: "2012-10-17", Statement: [{ Sid: "AllowTheDeployRoleToAssumeThisOne", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::123456789012:role/${principal}` } }] };
    return JSON.stringify(JSON.stringify(doc));
}

describe("differingPart", () => {
    it("shows values that fit whole, with where they differ", () => {
        assert.deepEqual(differingPart('"large"', '"small"'), { baseline: { text: '"large"', differsAt: 1, differsTo: 6 }, value: { text: '"small"', differsAt: 1, differsTo: 6 } });
        assert.deepEqual(differingPart("1", "10"), { baseline: { text: "1", differsAt: 1, differsTo: 1 }, value: { text: "10", differsAt: 1, differsTo: 2 } });
    });

    it("finds the first differing position", () => {
        assert.equal(firstDifference("abcdef", "abcxef"), 3);
        assert.equal(firstDifference("abc", "abcdef"), 3);
        assert.equal(firstDifference("same", "same"), 4);
        assert.equal(firstDifference("x😀", "x😃"), 1, "never inside a surrogate pair");
    });

    it("cuts two long values sharing a long prefix to the part where they differ, with the key", () => {
        const a = trustPolicy("ci-deployer");
        const b = trustPolicy("breakglass-admin");
        assert.ok(firstDifference(a, b) > 100, "the fixture shares more than 100 characters");
        const { baseline, value } = differingPart(a, b);
        assert.ok(baseline.text.startsWith(ellipsis), baseline.text);
        assert.ok(baseline.text.includes("role/ci-deployer"), baseline.text);
        assert.ok(value.text.includes("role/breakglass-admin"), value.text);
        // The key the differing value belongs to is in the window.
        assert.ok(baseline.text.startsWith(`${ellipsis}\\"AWS\\":`), baseline.text);
        assert.ok(value.text.startsWith(`${ellipsis}\\"AWS\\":`), value.text);
        assert.equal(baseline.text.slice(baseline.differsAt, baseline.differsTo), "ci-deployer");
        assert.equal(value.text.slice(value.differsAt, value.differsTo), "breakglass-admin");
        assert.ok(baseline.text.length <= 72 + 2 && value.text.length <= 72 + 2);
    });

    it("opens the window at the line holding the difference in a multi-line value", () => {
        const lines = (last: string) => JSON.stringify(["first line of a long script that goes on", "second line, also long enough to matter", `third: ${last}`].join("\n"));
        const { baseline, value } = differingPart(lines("old"), lines("new"));
        assert.equal(baseline.text, `${ellipsis}third: old"`);
        assert.equal(value.text, `${ellipsis}third: new"`);
    });

    it("starts at the beginning when the difference is near it, and marks the cut end", () => {
        const { baseline, value } = differingPart(`"ghcr.io/acme/api@sha256:${"9".repeat(64)}"`, '"ghcr.io/acme/api:1.9.0"');
        assert.equal(baseline.text, `"ghcr.io/acme/api@sha256:${"9".repeat(47)}${ellipsis}`);
        assert.equal(value.text, '"ghcr.io/acme/api:1.9.0"');
    });

    it("shows a one-sided value's beginning", () => {
        assert.equal(shortened("x".repeat(80)), `${"x".repeat(72)}${ellipsis}`);
        assert.equal(shortened("short"), "short");
    });

    it("never shows a secret's value, whatever the difference holds", () => {
        const leaked = { secret: true, baselineValue: trustPolicy("a-secret-PROD"), value: trustPolicy("a-secret-DEV") };
        assert.deepEqual(shownValues(leaked), { baseline: { text: "[secret]" }, value: { text: "[secret]" } });
        assert.deepEqual(shownValues({ secret: true, value: "hunter2" }), { baseline: { text: "(absent)" }, value: { text: "[secret]" } });
    });
});
