import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { readStateExport } from "../../parity/sources/stateExport";
import { resourceScopes } from "../../parity/sources/resourceSettings";
import { runParity } from "../../app/parity";
import { reportFormats } from "../../parity/reports";
import { corpus } from "./corpus.test";

const exportsDir = path.join(corpus, "state-exports");
const checkpointV3 = path.join(exportsDir, "pulumi__pulumi", "checkpoint-v3.json");
const checkpointSecrets = path.join(exportsDir, "pulumi__pulumi", "checkpoint-secrets.json");
const ecr = path.join(exportsDir, "pulumi__pulumi-awsx", "ts-ecr-repo-stack.json");
const lb = path.join(exportsDir, "pulumi__pulumi-awsx", "ts-lb-simple-stack.json");

function secretsIn(file: string): string[] {
    const text = fs.readFileSync(file, "utf8");
    return [...text.matchAll(/"(?:ciphertext|plaintext)":\s*"((?:[^"\\]|\\.){8,})"/g)].map((m) => m[1]);
}

describe("state exports", () => {
    it("reads the corpus's checkpoints and exports", () => {
        const v3 = readStateExport(checkpointV3);
        assert.equal(v3.version, 3);
        assert.ok(v3.resources.length > 10);
        assert.ok(readStateExport(checkpointSecrets).resources.length > 5);
        const e = readStateExport(ecr);
        assert.ok(e.resources.some((r) => r.type === "aws:ecr/repository:Repository"));
        assert.ok(readStateExport(lb).resources.length > 10);
    });

    it("reads version 1 and 4, and on-disk checkpoints with an empty latest", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-state-"));
        const resource = { urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::logs-dev", type: "aws:s3/bucket:Bucket", custom: true, inputs: { acl: "private" } };
        const v1 = path.join(dir, "v1.json");
        fs.writeFileSync(v1, JSON.stringify({ version: 1, checkpoint: { stack: "dev", latest: { resources: [resource] } } }));
        const v4 = path.join(dir, "v4.json");
        fs.writeFileSync(v4, JSON.stringify({ version: 4, deployment: { manifest: {}, resources: [resource] } }));
        const empty = path.join(dir, "empty.json");
        fs.writeFileSync(empty, JSON.stringify({ version: 3, checkpoint: { stack: "dev", latest: null } }));
        assert.equal(readStateExport(v1).stack, "dev");
        assert.equal(readStateExport(v1).resources.length, 1);
        assert.equal(readStateExport(v4).resources.length, 1);
        assert.equal(readStateExport(empty).resources.length, 0);
        const scopes = resourceScopes(readStateExport(v1).resources, "dev", new Set());
        assert.deepEqual([...scopes.keys()], ["aws:s3/bucket:Bucket::logs-{stack}"]);
    });

    it("rejects an unreadable or unsupported export with the file named", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-state-"));
        const bad = path.join(dir, "bad.json");
        fs.writeFileSync(bad, "{ not json");
        assert.throws(() => readStateExport(bad), new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: not JSON`));
        fs.writeFileSync(bad, JSON.stringify({ version: 2, deployment: { resources: [] } }));
        assert.throws(() => readStateExport(bad), /state version 2 is not supported/);
        assert.throws(() => readStateExport(path.join(dir, "missing.json")), /cannot read the state export \(ENOENT\)/);
    });

    it("compares deployed state and never prints a secret value or ciphertext", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-state-"));
        fs.copyFileSync(checkpointV3, path.join(dir, "prod.json"));
        fs.copyFileSync(checkpointSecrets, path.join(dir, "dev.json"));
        const secrets = secretsIn(checkpointSecrets);
        assert.ok(secrets.length >= 5);
        for (const format of reportFormats) {
            const run = await runParity({ dir, sources: ["state"], stateDir: dir, format, now: new Date("2026-11-22T00:00:00Z") });
            assert.ok(run.report.environments[0].total > 0);
            for (const secret of secrets) assert.ok(!run.text.includes(secret), `${format} shows a secret from the export`);
        }
    });
});
