// Release records in a real S3-compatible server: moto's server (`npm run s3:build`, .engine/bin/moto_server)
// on a free loopback port, spoken to over HTTP by the AWS SDK exactly as the release-records bucket is.
// Conditional writes, a writer killed mid-upload, concurrent writers, a corrupt object, a missing bucket,
// and lockstep release record / promote --from --to end to end with --records s3://.
import { strict as assert } from "assert";
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as net from "net";
import * as path from "path";
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { RecordExists } from "../../delivery/recordStore";
import { recordText } from "../../delivery/releaseRecord";
import { readRecords, writeRecords } from "../../delivery/releaseRecords";
import { S3RecordStore } from "../../delivery/s3RecordStore";
import { runLockstep } from "../cli/runLockstep";
import { aRecord } from "../delivery/recordFixtures";
import { tempProject } from "../helpers/tempProject";
import { repoRoot } from "./realEngine";

const motoServer = path.join(repoRoot, ".engine", "bin", "moto_server");
const compiled = (file: string) => path.join(repoRoot, "dist", "delivery", file);
const credentials = { AWS_ACCESS_KEY_ID: "lockstep-test", AWS_SECRET_ACCESS_KEY: "lockstep-test", AWS_REGION: "eu-west-1" as const };

function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const server = net.createServer().listen(0, "127.0.0.1", () => {
            const { port } = server.address() as net.AddressInfo;
            server.close(() => resolve(port));
        });
        server.on("error", reject);
    });
}

describe("engine: release records in an S3-compatible server (moto)", function () {
    let moto: ChildProcess;
    let endpoint: string;
    let s3: S3Client;
    let bucketCount = 0;
    const saved = { ...process.env };

    before(async function () {
        if (!fs.existsSync(motoServer)) throw new Error(`${motoServer} is missing: run npm run s3:build first`);
        const port = await freePort();
        endpoint = `http://127.0.0.1:${port}`;
        moto = spawn(motoServer, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
        let log = "";
        moto.stderr!.on("data", (d) => (log += d));
        Object.assign(process.env, credentials);
        s3 = new S3Client({ endpoint, forcePathStyle: true, region: credentials.AWS_REGION });
        const deadline = Date.now() + 60_000;
        for (;;) {
            try {
                await fetch(`${endpoint}/moto-api/`);
                break;
            } catch {
                if (Date.now() > deadline || moto.exitCode !== null) throw new Error(`moto_server did not start on ${endpoint}: ${log}`);
                await new Promise((r) => setTimeout(r, 100));
            }
        }
    });
    after(() => {
        moto?.kill("SIGTERM");
        s3?.destroy();
        process.env = saved;
    });

    /** A new bucket for each test, so no test sees another's records. */
    async function newBucket(): Promise<string> {
        const bucket = `release-records-${++bucketCount}`;
        await s3.send(new CreateBucketCommand({ Bucket: bucket, CreateBucketConfiguration: { LocationConstraint: credentials.AWS_REGION } }));
        return bucket;
    }

    it("writes records under releases/<service>/<stack>/ (and a prefix) and reads them back oldest first", async () => {
        const bucket = await newBucket();
        const store = new S3RecordStore({ bucket, prefix: "lockstep", endpoint });
        assert.deepEqual(await readRecords(store, "payments-api", "dev"), []);
        const [smoke, deploy] = await writeRecords([store], [aRecord({ event: "smoke", endedAt: "2027-06-30T12:06:00.000Z", smoke: { passed: true, checks: [] } }), aRecord()]);
        assert.match(deploy, /^releases\/payments-api\/dev\/20270630T120500000Z-deploy-[0-9a-f]{12}\.json$/);
        const read = await readRecords(store, "payments-api", "dev");
        assert.deepEqual(read.map((r) => r.key), [deploy, smoke]);
        assert.deepEqual(read[0].record, aRecord());
        assert.equal(store.where(deploy), `s3://${bucket}/lockstep/${deploy}`);
    });

    it("never overwrites: the server refuses a second put of a key (If-None-Match: *) and the first stays", async () => {
        const store = new S3RecordStore({ bucket: await newBucket(), prefix: "", endpoint });
        const key = "releases/payments-api/dev/20270630T120500000Z-deploy-aaaaaaaaaaaa.json";
        await store.put(key, recordText(aRecord()));
        await assert.rejects(store.put(key, recordText(aRecord({ result: "failed" }))), (err: Error) => err instanceof RecordExists);
        assert.equal(await store.get(key), recordText(aRecord()));
    });

    it("refuses a corrupt record naming its s3:// key, and names a bucket that does not exist, one line each", async () => {
        const bucket = await newBucket();
        const store = new S3RecordStore({ bucket, prefix: "", endpoint });
        const key = "releases/payments-api/dev/20270630T120500000Z-deploy-bbbbbbbbbbbb.json";
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: recordText(aRecord()).slice(0, 30) }));
        await assert.rejects(readRecords(store, "payments-api", "dev"), { name: "InputError", message: new RegExp(`^s3://${bucket}/${key.replace(/\./g, "\\.")}: corrupt release record \\(.*\\): move it aside and re-run$`) });
        const missing = new S3RecordStore({ bucket: "no-such-bucket", prefix: "", endpoint });
        await assert.rejects(readRecords(missing, "payments-api", "dev"), {
            name: "InputError",
            message: "s3://no-such-bucket/releases/payments-api/dev/: cannot list the release records (NoSuchBucket: HTTP 404: The specified bucket does not exist): check the bucket name, AWS_ENDPOINT_URL and the credentials",
        });
    });

    it("a writer killed mid-upload leaves no record, and the store still reads", async () => {
        const bucket = await newBucket();
        const key = "releases/payments-api/dev/20270630T120500000Z-deploy-cccccccccccc.json";
        const text = JSON.stringify({ ...aRecord(), summary: "x".repeat(32 * 1024 * 1024) });
        const script = `
            const { S3RecordStore } = require(${JSON.stringify(compiled("s3RecordStore.js"))});
            const store = new S3RecordStore({ bucket: ${JSON.stringify(bucket)}, prefix: "", endpoint: ${JSON.stringify(endpoint)} });
            const text = JSON.stringify({ ...${JSON.stringify(aRecord())}, summary: "x".repeat(32 * 1024 * 1024) });
            process.stdout.write("uploading\\n");
            store.put(${JSON.stringify(key)}, text).then(() => process.stdout.write("done\\n"));`;
        const store = new S3RecordStore({ bucket, prefix: "", endpoint });
        let killedMidUpload = false;
        for (let attempt = 0; attempt < 3 && !killedMidUpload; attempt++) {
            const child = spawn(process.execPath, ["-e", script], { env: { ...process.env, ...credentials }, stdio: ["ignore", "pipe", "inherit"] });
            let out = "";
            await new Promise<void>((resolve) => child.stdout!.on("data", (d) => ((out += d), out.includes("uploading") && resolve())));
            await new Promise((r) => setTimeout(r, 150));
            child.kill("SIGKILL");
            await new Promise((r) => child.on("exit", r));
            await new Promise((r) => setTimeout(r, 500)); // the server has seen the connection drop
            const keys = await store.list("releases/");
            if (keys.length === 0) killedMidUpload = !out.includes("done");
            // Whatever happened, a record under its key is whole.
            for (const k of keys) assert.equal((await store.get(k)).length, text.length);
        }
        assert.ok(killedMidUpload, "the writer was killed before its upload completed");
        assert.deepEqual(await readRecords(store, "payments-api", "dev"), []);
    });

    it("two writer processes at once produce intact records, one for each write", async () => {
        const bucket = await newBucket();
        const script = (writer: string) => `
            const { S3RecordStore } = require(${JSON.stringify(compiled("s3RecordStore.js"))});
            const { writeRecords } = require(${JSON.stringify(compiled("releaseRecords.js"))});
            const store = new S3RecordStore({ bucket: ${JSON.stringify(bucket)}, prefix: "", endpoint: ${JSON.stringify(endpoint)} });
            (async () => { for (let i = 0; i < 15; i++) await writeRecords([store], [{ ...${JSON.stringify(aRecord())}, summary: "${writer} " + i }]); })();`;
        const run = (writer: string) => new Promise<number | null>((resolve) => spawn(process.execPath, ["-e", script(writer)], { env: { ...process.env, ...credentials }, stdio: "inherit" }).on("exit", resolve));
        assert.deepEqual(await Promise.all([run("a"), run("b")]), [0, 0]);
        const read = await readRecords(new S3RecordStore({ bucket, prefix: "", endpoint }), "payments-api", "dev");
        const expected = ["a", "b"].flatMap((w) => Array.from({ length: 15 }, (_, i) => `${w} ${i}`));
        assert.deepEqual(read.map((r) => r.record.summary).sort(), expected.sort());
    });

    it("lockstep release record and promote --from --to with --records s3://: refused, then promoted, recorded in the bucket and in .lockstep/records", async () => {
        const bucket = await newBucket();
        const dir = tempProject({ "stacks/Pulumi.dev.yaml": (t) => t.replace('version: "1.9.0"', 'version: "2.0.0"') });
        try {
            const env = { ...credentials, AWS_ENDPOINT_URL: endpoint, LOCKSTEP_RECORDS: `s3://${bucket}/records`, LOCKSTEP_SOAK: "" };
            const run = (...args: string[]) => runLockstep([...args, "--dir", dir], { cwd: dir, env });
            const refused = await run("promote", "--from", "dev", "--to", "staging", "--service", "payments-api");
            assert.equal(refused.status, 1, refused.stderr);
            assert.match(refused.stdout, /refused: .*no deploy of payments-api is recorded in dev/);
            for (const event of ["deploy", "smoke"]) {
                const recorded = await run("release", "record", "--stack", "dev", "--service", "payments-api", "--event", event, "--result", "succeeded");
                assert.equal(recorded.status, 0, recorded.stderr);
                assert.match(recorded.stdout, new RegExp(`^recorded s3://${bucket}/records/releases/payments-api/dev/\\d{8}T\\d{9}Z-${event}-[0-9a-f]{12}\\.json\\n$`));
            }
            const promoted = await run("promote", "--from", "dev", "--to", "staging", "--service", "payments-api");
            assert.equal(promoted.status, 0, promoted.stderr + promoted.stdout);
            assert.match(fs.readFileSync(path.join(dir, "stacks", "Pulumi.staging.yaml"), "utf8"), /version: "2\.0\.0"/);
            const inBucket = await readRecords(new S3RecordStore({ bucket, prefix: "records", endpoint }), "payments-api", "staging");
            assert.deepEqual(inBucket.map((r) => [r.record.event, r.record.version, r.record.verification?.fromStack]), [["promote", "2.0.0", "dev"]]);
            const local = fs.readdirSync(path.join(dir, ".lockstep", "records", "releases", "payments-api", "staging"));
            assert.deepEqual(local, [path.basename(inBucket[0].key)], "the same record, under the same name, for offline use");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
