import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { listStacks, readProject, readStackFile } from "../../project/pulumiProject";
import { effectiveConfig, offlineSecretPlaceholder } from "../../project/stackConfig";
import { parseYaml } from "../../project/yamlFile";
import { repoRoot } from "../helpers/runCli";

const corpus = path.join(repoRoot, "..", "shared", "corpus", "stack-configs");

describe("reading a Pulumi project", () => {
    it("finds our stacks under stackConfigDir and merges Pulumi.yaml defaults under stack values", () => {
        const project = readProject(repoRoot);
        assert.deepEqual(listStacks(project), ["dev", "prod", "staging"]);
        const config = effectiveConfig(project, readStackFile(project, "prod"));
        assert.equal(config.values["lockstep:team"], "payments"); // a Pulumi.yaml default
        assert.equal(config.values["lockstep:protectStateful"], "true"); // the stack's value, as a string
        assert.equal(JSON.parse(config.values["lockstep:catalog"]).length, 2);
    });

    it("refuses an array config type without items, as the CLI does, naming the file and line", () => {
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "lockstep-array-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nconfig:\n  zones:\n    type: array\n");
        assert.throws(() => readProject(dir), /^InputError: Pulumi\.yaml:4: config\.zones declares an array without the type of its items/);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nconfig:\n  zones:\n    type: array\n    items: { type: string }\n");
        assert.equal(readProject(dir).name, "p");
    });

    it("refuses default with value, and a default on another namespace's key, as the CLI does", () => {
        const dir = fs.mkdtempSync(path.join(require("os").tmpdir(), "lockstep-defaults-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nconfig:\n  size:\n    default: small\n    value: big\n");
        assert.throws(() => readProject(dir), /^InputError: Pulumi\.yaml:4: config\.size has both default and value: keep one/);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nconfig:\n  aws:region:\n    default: eu-west-1\n");
        assert.throws(() => readProject(dir), /^InputError: Pulumi\.yaml:4: config\.aws:region is not the project's \(p\) and cannot declare a default: use value instead/);
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: p\nruntime: nodejs\nconfig:\n  aws:region:\n    value: eu-west-1\n  p:size:\n    default: small\n");
        assert.deepEqual(readProject(dir).config, { "aws:region": "eu-west-1", "p:size": "small" });
    });

    it("ignores files that are not stacks (Pulumi.dev.yaml.example)", () => {
        const project = readProject(path.join(corpus, "clusterahq__clustera-infrastructure"));
        assert.deepEqual(listStacks(project), ["dev", "juan1", "prod", "staging", "steve1", "testing"]);
    });

    it("resolves a nested stackConfigDir", () => {
        const project = readProject(path.join(corpus, "ContainerCraft__Kargo", "01aa4e7"));
        assert.deepEqual(listStacks(project), ["Kargo", "ci", "optiplexprime"]);
    });

    it("reads a config block of only comments (null) as empty", () => {
        const project = readProject(path.join(corpus, "liverty-music__cloud-provisioning", "3ed77e1"));
        for (const stack of listStacks(project)) assert.ok(readStackFile(project, stack).config);
    });

    it("keeps secure values secret and never hands their ciphertext to the program", () => {
        const dir = path.join(corpus, "videmsky__aws-ts-apigateway-primary");
        const project = readProject(dir);
        const stackFile = readStackFile(project, "dev");
        assert.ok(stackFile.secretKeys.size > 0);
        const config = effectiveConfig(project, stackFile);
        for (const key of stackFile.secretKeys) assert.equal(config.values[key], offlineSecretPlaceholder);
        const raw = fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8");
        const ciphertexts = [...raw.matchAll(/secure: (\S+)/g)].map((m) => m[1]);
        assert.ok(ciphertexts.length > 0);
        for (const c of ciphertexts) assert.ok(!JSON.stringify(config).includes(c));
    });

    it("names the file and line of malformed YAML and of duplicate keys, and refuses alias bombs", () => {
        assert.throws(() => parseYaml("config:\n  a: [1, 2\n", "stacks/Pulumi.dev.yaml"), /^InputError: stacks\/Pulumi\.dev\.yaml:\d+: .*fix the YAML$/);
        assert.throws(() => parseYaml("config:\n  a: 1\n  a: 2\n", "f.yaml"), /f\.yaml:3: Map keys must be unique/);
        const bomb = ["a: &a [x, x, x, x, x, x, x, x, x]"]
            .concat(["b", "c", "d", "e", "f", "g"].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${"abcdefg"[i]}`).join(", ")}]`))
            .join("\n");
        assert.throws(() => parseYaml(bomb, "bomb.yaml"), /bomb\.yaml: .*alias/i);
    });
});
