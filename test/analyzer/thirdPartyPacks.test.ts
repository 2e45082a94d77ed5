// Any pack directory works: a third party's pack shipped as TypeScript source, next to ours.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { preview } from "../../app/preview";
import { detail, fixturePacks, gatesPack, repositoryDir } from "../helpers/gatesFixture";

describe("analyzer: third-party packs", () => {
    it("runs a TypeScript-source pack (compiled by run-policy-pack) alongside ours, each with its own results", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-third-party-"));
        try {
            const config = path.join(dir, "approvals.json");
            fs.writeFileSync(config, JSON.stringify({ "deployment-change-approval": { approvers: ["bob", "carol"], author: "alice" } }));
            const none = path.join(dir, "none.json");
            fs.writeFileSync(none, "{}");
            const result = await preview({
                projectDir: repositoryDir,
                stack: "prod",
                policyPacks: [gatesPack, path.join(fixturePacks, "typescript-source")],
                policyPackConfig: [config, none], // one per pack, as the CLI requires
            });
            assert.deepStrictEqual(result.report.packs.map((p) => `${p.name}@${p.version}`), ["lockstep-gates@0.1.0", "typescript-source@0.0.1"]);
            assert.deepStrictEqual(
                result.report.violations.map((v) => [v.policyPackName, v.enforcementLevel, `${v.resourceType}: ${v.resourceName}`, detail(v)]),
                [["typescript-source", "mandatory", "kubernetes:core/v1:Namespace: namespace", `Namespace must have the label example.com/owner; it has ["app.kubernetes.io/part-of"].`]],
            );
            assert.strictEqual(result.exitCode, 1);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
