import * as assert from "assert";
import { spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LocalRecordStore } from "../../delivery/localRecordStore";
import { RecordExists } from "../../delivery/recordStore";
import { recordText } from "../../delivery/releaseRecord";
import { readRecords, writeRecords } from "../../delivery/releaseRecords";
import { aRecord } from "./recordFixtures";

// The child processes run the compiled modules (npm run build), as the CLI does.
const compiledStore = path.resolve(__dirname, "..", "..", "dist", "delivery", "localRecordStore.js");
const compiledRecords = path.resolve(__dirname, "..", "..", "dist", "delivery", "releaseRecords.js");

describe("LocalRecordStore", () => {
    let dir: string;
    beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-records-"))));
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it("writes a record under releases/<service>/<stack>/ and reads it back; an empty store lists nothing", async () => {
        const store = new LocalRecordStore(dir);
        assert.deepStrictEqual(await readRecords(store, "payments-api", "dev"), []);
        const [key] = await writeRecords([store], [aRecord()]);
        assert.match(key, /^releases\/payments-api\/dev\/20270630T120500000Z-deploy-[0-9a-f]{12}\.json$/);
        assert.strictEqual(fs.readFileSync(path.join(dir, ...key.split("/")), "utf8"), recordText(aRecord()));
        assert.deepStrictEqual(await readRecords(store, "payments-api", "dev"), [{ key, record: aRecord() }]);
        assert.deepStrictEqual(await readRecords(store, "payments-api", "staging"), []);
        assert.deepStrictEqual(fs.readdirSync(path.dirname(path.join(dir, key))), [path.basename(key)], "no temporary file is left behind");
    });

    it("never overwrites a record: a second write of a taken key fails and the first stays as it was", async () => {
        const store = new LocalRecordStore(dir);
        const key = "releases/payments-api/dev/20270630T120500000Z-deploy-aaaaaaaaaaaa.json";
        await store.put(key, "first\n");
        await assert.rejects(store.put(key, "second\n"), (err: Error) => err instanceof RecordExists && err.message.endsWith(": a record with this key exists already: records are never overwritten"));
        assert.strictEqual(await store.get(key), "first\n");
    });

    it("reads records oldest first and refuses a corrupt one, naming its path (exit 2)", async () => {
        const store = new LocalRecordStore(dir);
        await writeRecords([store], [aRecord({ endedAt: "2027-06-30T13:00:00.000Z", event: "smoke", smoke: { passed: true, checks: [] } }), aRecord()]);
        assert.deepStrictEqual((await readRecords(store, "payments-api", "dev")).map((r) => r.record.event), ["deploy", "smoke"]);
        const cut = path.join(dir, "releases", "payments-api", "dev", "20270630T140000000Z-deploy-bbbbbbbbbbbb.json");
        fs.writeFileSync(cut, recordText(aRecord()).slice(0, 40));
        await assert.rejects(readRecords(store, "payments-api", "dev"), { name: "InputError", message: new RegExp(`^${cut.replace(/[.]/g, "\\.")}: corrupt release record \\(.*\\): move it aside and re-run$`) });
        fs.writeFileSync(cut, JSON.stringify({ ...aRecord(), result: "maybe" }));
        await assert.rejects(readRecords(store, "payments-api", "dev"), { message: `${cut}: corrupt release record (result: Invalid option: expected one of "succeeded"|"failed"): move it aside and re-run` });
        fs.writeFileSync(cut, recordText(aRecord({ stack: "prod" })));
        await assert.rejects(readRecords(store, "payments-api", "dev"), { message: `${cut}: release record of payments-api in prod filed under another service or stack: move it aside and re-run` });
    });

    it("two writer processes at once, same service, stack and time, produce intact records, one for each write", async () => {
        const script = (writer: string) => `
            const { LocalRecordStore } = require(${JSON.stringify(compiledStore)});
            const { writeRecords } = require(${JSON.stringify(compiledRecords)});
            const record = ${JSON.stringify(aRecord())};
            (async () => { for (let i = 0; i < 40; i++) await writeRecords([new LocalRecordStore(${JSON.stringify(dir)})], [{ ...record, summary: "${writer} " + i }]); })();`;
        const run = (writer: string) => new Promise<number | null>((resolve) => spawn(process.execPath, ["-e", script(writer)], { stdio: "inherit" }).on("exit", resolve));
        assert.deepStrictEqual(await Promise.all([run("a"), run("b")]), [0, 0]);
        const read = await readRecords(new LocalRecordStore(dir), "payments-api", "dev");
        const expected = ["a", "b"].flatMap((w) => Array.from({ length: 40 }, (_, i) => `${w} ${i}`));
        assert.deepStrictEqual(read.map((r) => r.record.summary).sort(), expected.sort());
    });

    it("a writer killed mid-write leaves no record under a final name, only whole ones, and the store still reads", async function () {
        // The child writes 4 MB records in a loop; it is killed while a temporary file (a record in the making) exists.
        const script = `
            const { LocalRecordStore } = require(${JSON.stringify(compiledStore)});
            const store = new LocalRecordStore(${JSON.stringify(dir)});
            const record = ${JSON.stringify(aRecord())};
            record.summary = "x".repeat(4 * 1024 * 1024);
            const text = JSON.stringify(record);
            (async () => { for (let i = 0; ; i++) await store.put("releases/payments-api/dev/big-" + i + ".json", text); })();`;
        const recordsDir = path.join(dir, "releases", "payments-api", "dev");
        let killedMidWrite = false;
        for (let attempt = 0; attempt < 5 && !killedMidWrite; attempt++) {
            const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
            const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_code, signal) => resolve(signal)));
            const entries = () => (fs.existsSync(recordsDir) ? fs.readdirSync(recordsDir) : []);
            // Wait until at least one record is whole and the next is being written.
            while (!(entries().some((e) => !e.startsWith(".")) && entries().some((e) => e.startsWith(".")))) await new Promise((r) => setTimeout(r, 1));
            child.kill("SIGKILL");
            assert.strictEqual(await exited, "SIGKILL");
            killedMidWrite = entries().some((e) => e.startsWith(".") && e.endsWith(".tmp"));
        }
        assert.ok(killedMidWrite, "the writer was killed with a record in the making");
        const store = new LocalRecordStore(dir);
        const finals = await store.list("releases/payments-api/dev/");
        assert.ok(finals.length >= 1);
        for (const key of finals) assert.strictEqual((await store.get(key)).length, JSON.stringify({ ...aRecord(), summary: "x".repeat(4 * 1024 * 1024) }).length, `${key} is whole`);
        // The records written whole still parse; the temporary file is not a record.
        const read = await readRecords(store, "payments-api", "dev");
        assert.strictEqual(read.length, finals.length);
    });

    it("names a records directory it cannot write, exit 2", async () => {
        const file = path.join(dir, "not-a-directory");
        fs.writeFileSync(file, "");
        await assert.rejects(writeRecords([new LocalRecordStore(file)], [aRecord()]), { name: "InputError", message: /^.*not-a-directory\/releases\/payments-api\/dev\/20270630T120500000Z-deploy-[0-9a-f]{12}\.json: cannot write the release record \(ENOTDIR\): check the records directory$/ });
    });
});
