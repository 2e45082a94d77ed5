// Every real-world project of the shared corpus (../shared/corpus beside the repository, as CI clones
// it) compared through the config source, with a figure asserted for each quirk SOURCES.md lists.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { readProject } from "../../project/pulumiProject";
import { configSnapshot } from "../../parity/sources/configSource";
import { runParity, type ParityOptions } from "../../app/parity";
import { reportFormats } from "../../parity/reports";
import { valuesOf } from "./fixtures";

export const corpus = path.join(path.resolve(__dirname, "..", ".."), "..", "shared", "corpus");
const projects = path.join(corpus, "stack-configs");
const now = new Date("2026-11-22T12:00:00Z");

function compareCorpus(project: string, baseline: string, extra: ParityOptions = {}) {
    return runParity({ dir: path.join(projects, project), sources: ["config"], baseline, format: "json", now, ...extra });
}

function figures(run: Awaited<ReturnType<typeof runParity>>): Record<string, string> {
    return Object.fromEntries(run.report.environments.map((e) => [e.stack, `${e.identical}/${e.total}`]));
}

/** Every `secure:` ciphertext in the corpus's stack files (comments included). */
export function corpusSecrets(): string[] {
    const found: string[] = [];
    const walk = (dir: string) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) walk(full);
            else if (/\.ya?ml/.test(entry.name)) for (const m of fs.readFileSync(full, "utf8").matchAll(/secure:\s*(\S{12,})/g)) found.push(m[1]);
        }
    };
    walk(projects);
    return found;
}

describe("parity on the real-world corpus", function () {
    this.timeout(20000);

    it("finds the corpus beside the repository", () => {
        assert.ok(fs.existsSync(projects), `${projects} is missing: clone shared beside the repository`);
    });

    it("compares every project without error", async () => {
        const cases: [string, string][] = [
            ["ContainerCraft__Kargo/01aa4e7", "optiplexprime"],
            ["OpsStellar__azure-infrastructure", "production"],
            ["clusterahq__clustera-infrastructure", "prod"],
            ["kevholmes__elyclover.com-infra", "prod"],
            ["liverty-music__cloud-provisioning/3ed77e1", "prod"],
            ["liverty-music__cloud-provisioning/4d86e40", "prod"],
            ["liverty-music__cloud-provisioning/bbe96fe", "prod"],
            ["ministryofjustice__feature-flags-with-pulumi/9399782", "prod"],
            ["ministryofjustice__feature-flags-with-pulumi/dd0260f/infra", "prod"],
            ["pulumi-initech__aws-rag-pipeline", "production"],
            ["videmsky__aws-ts-apigateway-primary", "prod"],
        ];
        for (const [project, baseline] of cases) {
            const run = await compareCorpus(project, baseline);
            assert.ok(run.report.environments.length >= 1, project);
            for (const e of run.report.environments) assert.ok(e.parityPercent >= 0 && e.parityPercent <= 100, project);
        }
    });

    it("videmsky: secure values whose ciphertext differs per stack are not drift", async () => {
        const run = await compareCorpus("videmsky__aws-ts-apigateway-primary", "prod");
        assert.deepEqual(figures(run), { dev: "7/7", staging: "7/7" });
        assert.equal(run.exitCode, 0);
    });

    it("Kargo: resolves a real stackConfigDir with deeply nested objects and arrays", async () => {
        const run = await compareCorpus("ContainerCraft__Kargo/01aa4e7", "optiplexprime");
        assert.deepEqual(run.report.stacks, ["Kargo", "ci", "optiplexprime"]);
        assert.deepEqual(figures(run), { Kargo: "0/42", ci: "19/46" });
        // The newer commit has a single stack: read it, and refuse to call one stack "at parity".
        const dir = path.join(projects, "ContainerCraft__Kargo/b38971b");
        const single = configSnapshot(readProject(dir), "optiplexprime", new Set());
        const values = valuesOf(single.settings);
        assert.equal(single.settings.leaves, 31);
        assert.equal(Object.keys(values).length, 31);
        assert.equal(values["kargo:talos.controlplane.cpu_cores"], 1, "nested objects are walked");
        assert.equal(values["kargo:kubernetes.context"], "usrbinkat-{stack}", "the stack name as a whole word");
        await assert.rejects(compareCorpus("ContainerCraft__Kargo/b38971b", "optiplexprime"), /at least two stacks/);
    });

    it("OpsStellar: identical keys with different values, and a typed project config with un-namespaced keys", async () => {
        const run = await compareCorpus("OpsStellar__azure-infrastructure", "production");
        assert.deepEqual(figures(run), { dev: "3/13", staging: "5/13" });
        assert.ok(run.report.differences.every((d) => d.kind === "changed"), "same keys everywhere, different values");
        const project = readProject(path.join(projects, "OpsStellar__azure-infrastructure"));
        assert.equal(project.config["opsstellar-azure:k8s_version"], "1.31.11");
    });

    it("clusterahq: arrays of objects with nested arrays, and .example decoys that are not stacks", async () => {
        const run = await compareCorpus("clusterahq__clustera-infrastructure", "prod");
        assert.deepEqual(run.report.stacks, ["dev", "juan1", "prod", "staging", "steve1", "testing"]);
        assert.deepEqual(figures(run), { dev: "3/5", juan1: "3/5", staging: "3/5", steve1: "3/5", testing: "3/5" });
    });

    it("kevholmes: project-level config in Pulumi.yaml is inherited by every stack", async () => {
        const run = await compareCorpus("kevholmes__elyclover.com-infra", "prod");
        assert.deepEqual(figures(run), { dev: "11/16", stg: "11/16" });
        assert.equal(run.report.identicalInAll.identical, 11);
    });

    it("aws-rag-pipeline: stacks holding only an ESC environment: list compare it as one list", async () => {
        const run = await compareCorpus("pulumi-initech__aws-rag-pipeline", "production");
        assert.deepEqual(figures(run), { dev: "2/2", staging: "2/2" });
        const snapshot = configSnapshot(readProject(path.join(projects, "pulumi-initech__aws-rag-pipeline")), "dev", new Set());
        assert.equal(valuesOf(snapshot.settings).environment, '\u0001["aws-rag-pipeline/{stack}"]', "one setting, the stack name neutral");
    });

    it("liverty-music 3ed77e1: a config: block of only comments parses to null and still compares", async () => {
        const run = await compareCorpus("liverty-music__cloud-provisioning/3ed77e1", "prod");
        assert.deepEqual(figures(run), { dev: "2/2" });
    });

    it("ministryofjustice 9399782: a YAML comment inside a list", async () => {
        const run = await compareCorpus("ministryofjustice__feature-flags-with-pulumi/9399782", "prod");
        assert.deepEqual(figures(run), { dev: "1/4", staging: "1/2", test: "1/3" });
    });

    it("never prints a corpus ciphertext in any format", async () => {
        const secrets = corpusSecrets();
        assert.ok(secrets.length >= 6);
        for (const format of reportFormats) {
            for (const [project, baseline] of [["videmsky__aws-ts-apigateway-primary", "prod"], ["kevholmes__elyclover.com-infra", "prod"], ["clusterahq__clustera-infrastructure", "prod"]]) {
                const { text } = await compareCorpus(project, baseline, { format });
                for (const secret of secrets) assert.ok(!text.includes(secret.slice(0, 16)), `${format} report of ${project} shows a ciphertext`);
            }
        }
    });
});
