// The version a pack's PulumiPolicy.yaml sets is reported over the pack's own, as the engine does.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { policyPackVersion } from "../../analyzer/policyPackProject";
import { previewStack } from "../../analyzer/previewStack";
import { InputError } from "../../project/inputError";
import type { RenderedStack } from "../../render/renderStack";
import { fixturePacks, fixtureProgram, renderCase } from "../helpers/gatesFixture";

describe("analyzer: the pack's PulumiPolicy.yaml version", () => {
    let rendered: RenderedStack;
    before(async () => {
        rendered = await renderCase("dev");
    });

    const packVersions = async (pack: string) => {
        const { report } = await previewStack({ projectDir: fixtureProgram, stack: "dev", rendered, policyPacks: [path.join(fixturePacks, pack)] });
        assert.ok(report.violations.length > 0, "the pack reports something");
        return { pack: report.packs[0].version, violations: [...new Set(report.violations.map((v) => v.policyPackVersion))] };
    };

    it("reports the version PulumiPolicy.yaml sets, for the pack and every violation", async () => {
        assert.deepStrictEqual(await packVersions("versioned"), { pack: "3.1.4", violations: ["3.1.4"] });
    });

    it("reports the pack's own version when PulumiPolicy.yaml sets none", async () => {
        assert.deepStrictEqual(await packVersions("levels"), { pack: "1.2.3", violations: ["1.2.3"] });
    });

    it("names the file and line of a version that is not one (exit 2)", () => {
        const directory = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-pack-version-"));
        try {
            const file = path.join(directory, "PulumiPolicy.yaml");
            fs.writeFileSync(file, "runtime: nodejs\nversion:\n  - 1\n");
            assert.throws(() => policyPackVersion(directory), (err: Error) => {
                assert.ok(err instanceof InputError);
                assert.strictEqual(err.message, `${file}:3: version: expected a version string: fix the policy pack's project file`);
                return true;
            });
            // An unquoted number is a version too, as the engine reads it into a string.
            fs.writeFileSync(file, "runtime: nodejs\nversion: 1.5\n");
            assert.strictEqual(policyPackVersion(directory), "1.5");
        } finally {
            fs.rmSync(directory, { recursive: true, force: true });
        }
    });
});
