// pulumi:disable-default-providers read as the engine reads it (the engine tier runs the refusal through both).
import { strict as assert } from "assert";
import { defaultProviderDenied, deniedDefaultProviders } from "../../render/deniedDefaultProviders";
import { InputError } from "../../project/inputError";

const denied = (text: string | undefined) => deniedDefaultProviders(text === undefined ? {} : { "pulumi:disable-default-providers": text }, 'stack "dev"');

describe("render: pulumi:disable-default-providers", () => {
    it("denies the packages listed, all of them for *, never the pulumi package, nothing when unset or empty", () => {
        assert.deepEqual(["aws", "kubernetes"].map(denied('["aws"]')), [true, false]);
        assert.deepEqual(["aws", "kubernetes", "pulumi"].map(denied('[" * "]')), [true, true, false]);
        assert.deepEqual(["aws"].map(denied(undefined)), [false]);
        assert.deepEqual(["aws"].map(denied("")), [false]);
    });

    it("refuses what is not a list of strings, naming the key", () => {
        for (const [text, message] of [
            ["aws", 'stack "dev": pulumi:disable-default-providers: expected a list of package names (or "*"), e.g. ["aws"], got "aws"'],
            ['{"aws":true}', 'stack "dev": pulumi:disable-default-providers: expected a list of package names (or "*"), e.g. ["aws"], got {"aws":true}'],
            ['["aws", 3]', 'stack "dev": pulumi:disable-default-providers[1] must be a string'],
        ]) {
            assert.throws(() => denied(text), (e: Error) => e instanceof InputError && e.message === message, text);
        }
    });

    it("words the refusal as the engine does (diag 2015)", () => {
        assert.equal(defaultProviderDenied("aws", "urn:pulumi:dev::p::aws:s3/bucket:Bucket::b"), "Default provider for 'aws' disabled. 'urn:pulumi:dev::p::aws:s3/bucket:Bucket::b' must use an explicit provider.");
    });
});
