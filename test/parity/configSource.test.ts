import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readProject } from "../../project/pulumiProject";
import { configSnapshot } from "../../parity/sources/configSource";
import { valuesOf } from "./fixtures";

function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-config-"));
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

describe("parity config source", () => {
    it("warns, naming the keys, when a stack file uses another project's namespace", () => {
        const dir = project({
            "Pulumi.yaml": "name: shop\nruntime: nodejs\n",
            "Pulumi.dev.yaml": "config:\n  aws:region: eu-west-1\n  shop:size: small\n  payments:replicas: 2\n  payments:tier: gold\n",
        });
        const { warnings } = configSnapshot(readProject(dir), "dev", new Set());
        assert.equal(warnings.length, 1);
        assert.match(warnings[0], /^Pulumi\.dev\.yaml: payments:replicas, payments:tier use the namespace "payments", not this project's \("shop"\)/);
    });

    it("reads stack files from the deprecated config: <dir> form, under project defaults, top-level values as strings", () => {
        const dir = project({
            "Pulumi.yaml": "name: shop\nruntime: nodejs\nconfig: settings\n",
            "settings/Pulumi.dev.yaml": "config:\n  shop:replicas: 2\n  shop:debug: true\n",
        });
        const values = valuesOf(configSnapshot(readProject(dir), "dev", new Set()).settings);
        assert.deepEqual(values, { "shop:replicas": "2", "shop:debug": "true" });
    });

    it("puts stack values over Pulumi.yaml project config in its plain, value: and default: forms", () => {
        const dir = project({
            "Pulumi.yaml": "name: shop\nruntime: nodejs\nconfig:\n  plain: 1\n  boxed:\n    value: two\n  typed:\n    type: string\n    default: three\n  undeclared:\n    type: string\n",
            "Pulumi.dev.yaml": "config:\n  shop:typed: override\n",
        });
        const values = valuesOf(configSnapshot(readProject(dir), "dev", new Set()).settings);
        assert.deepEqual(values, { "shop:plain": "1", "shop:boxed": "two", "shop:typed": "override" });
    });
});
