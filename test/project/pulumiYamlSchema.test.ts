import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import Ajv2020 from "ajv/dist/2020";
import { parse } from "yaml";
import { repoRoot } from "../helpers/runCli";

// Pulumi's own schema for Pulumi.yaml, beside the repository (CI clones it with ../shared).
const schemaPath = path.join(repoRoot, "..", "shared", "schemas", "pulumi-project.schema.json");

describe("Pulumi.yaml", () => {
    const validate = new Ajv2020({ strict: false, allErrors: true }).compile(JSON.parse(fs.readFileSync(schemaPath, "utf8")));

    it("validates against Pulumi's project schema", () => {
        const project = parse(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as Record<string, unknown>;
        assert.ok(validate(project), JSON.stringify(validate.errors));
        assert.equal(project.stackConfigDir, "stacks");
        assert.deepEqual(project.runtime, { name: "nodejs", options: { typescript: true, packagemanager: "npm" } });
    });

    it("the schema rejects a broken project file (the check can fail)", () => {
        assert.equal(validate({ name: "x", runtime: "nodejs", config: { team: { type: "string", bogus: 1 } } }), false);
    });
});
