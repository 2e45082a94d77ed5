// The real command, spawned: exit codes, output files, history, and bad input (exit 2, one line,
// the history file untouched).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runLockstep } from "./runLockstep";

const repo = path.resolve(__dirname, "..", "..");

async function lockstep(args: string[], cwd = repo) {
    const run = await runLockstep(args, { cwd });
    return { code: run.status ?? 1, stdout: run.stdout, stderr: run.stderr };
}

/** A small Pulumi project (config source only) with a dev and a prod stack. */
function project(files: Record<string, string> = {}): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-cli-"));
    const all: Record<string, string> = {
        "Pulumi.yaml": "name: demo\nruntime: nodejs\nconfig:\n  region: eu-west-1\n",
        "Pulumi.prod.yaml": "config:\n  demo:size: large\n  demo:bucket: demo-prod-logs\n  demo:token:\n    secure: AAABAprodCIPHERTEXTxyz\n",
        "Pulumi.dev.yaml": "config:\n  demo:size: small\n  demo:bucket: demo-dev-logs\n  demo:token:\n    secure: AAABAdevCIPHERTEXTabc\n",
        ...files,
    };
    for (const [name, text] of Object.entries(all)) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

const rules = "baseline: prod\nintended:\n  - path: demo:size\n    reason: dev runs on the smallest size to save cost\n";

describe("lockstep parity (command)", function () {
    this.timeout(60000);

    it("passes with exit 0 when every difference is intended and parity reaches the threshold", async () => {
        const dir = project({ "parity.yaml": rules });
        const ran = await lockstep(["parity", "--dir", dir, "--source", "config", "--threshold", "70"]);
        assert.equal(ran.code, 0, ran.stderr);
        assert.match(ran.stdout, /dev\s+75\.0% \(3\/4\)/);
        assert.match(ran.stdout, /dev runs on the smallest size to save cost/);
        assert.ok(!ran.stdout.includes("CIPHERTEXT"));
    });

    it("compares --stacks with the baseline even when the list leaves it out", async () => {
        const dir = project({ "parity.yaml": rules, "Pulumi.staging.yaml": "config:\n  demo:size: large\n  demo:bucket: demo-staging-logs\n  demo:token:\n    secure: AAABAstCIPHERTEXT\n" });
        const ran = await lockstep(["parity", "--dir", dir, "--source", "config", "--threshold", "70", "--stacks", "dev,staging"]);
        assert.equal(ran.code, 0, ran.stderr);
        assert.match(ran.stdout, /^Parity vs prod /);
        assert.match(ran.stdout, /^dev\s+75\.0% \(3\/4\)/m);
        assert.match(ran.stdout, /^staging\s+100\.0% \(4\/4\)/m);
    });

    it("exits 1 below the threshold or with unexplained drift, and writes --out and --history", async () => {
        const dir = project();
        const out = path.join(dir, "report.json");
        const history = path.join(dir, "history.jsonl");
        const first = await lockstep(["parity", "--dir", dir, "--source", "config", "--format", "json", "--out", out, "--history", history]);
        assert.equal(first.code, 1, first.stderr);
        assert.equal(first.stdout, "");
        const report = JSON.parse(fs.readFileSync(out, "utf8"));
        assert.equal(report.schemaVersion, 2);
        assert.equal(report.passed, false);
        assert.deepEqual(report.environments.map((e: { stack: string; unexplained: number }) => [e.stack, e.unexplained]), [["dev", 1]]);
        fs.writeFileSync(path.join(dir, "parity.yaml"), rules);
        const second = await lockstep(["parity", "--dir", dir, "--source", "config", "--threshold", "70", "--history", history]);
        assert.equal(second.code, 0, second.stderr);
        assert.match(second.stdout, /Since the previous run/);
        assert.match(second.stdout, /resolved drift: 1: dev config demo:size/);
        assert.match(second.stdout, /the gate passes again/);
        const lines = fs.readFileSync(history, "utf8").trim().split("\n").map((l) => JSON.parse(l));
        assert.equal(lines.length, 2);
        assert.deepEqual(lines[1].environments, { dev: 75 });
    });

    it("appends whole lines when two runs overlap", async () => {
        const dir = project();
        const history = path.join(dir, "history.jsonl");
        const runs = await Promise.all([1, 2, 3].map(() => lockstep(["parity", "--dir", dir, "--source", "config", "--history", history])));
        assert.deepEqual(runs.map((r) => r.code), [1, 1, 1]);
        const lines = fs.readFileSync(history, "utf8").trim().split("\n");
        assert.equal(lines.length, 3);
        for (const line of lines) assert.equal(JSON.parse(line).unexplained, 1);
    });

    it("refuses a corrupt --history file, naming the line, and appends nothing to it", async () => {
        const dir = project({ "parity.yaml": rules });
        const good = '{"time":"2026-11-20T00:00:00.000Z","baseline":"prod","sources":["config"],"passed":true,"threshold":90,"environments":{"dev":100},"unexplained":0,"drift":[]}';
        for (const [content, message] of [
            [`${good}\n{"time":"2026-11-21T00:0`, /history\.jsonl:2: cut short \(a run stopped while writing it\): remove the line/],
            [`garbage\n${good}\n`, /history\.jsonl:1: not a parity run: remove the line, or give a parity history file/],
            [`${good}\n[1, 2]\n`, /history\.jsonl:2: not a parity run/],
        ] as [string, RegExp][]) {
            const history = path.join(dir, "history.jsonl");
            fs.writeFileSync(history, content);
            const run = await lockstep(["parity", "--dir", dir, "--source", "config", "--history", history]);
            assert.equal(run.code, 2, run.stderr);
            assert.match(run.stderr, message);
            assert.equal(fs.readFileSync(history, "utf8"), content, "nothing appended");
        }
    });

    it("rejects bad input with one line, exit 2, and leaves the history untouched", async () => {
        const cases: [string, Record<string, string>, string[], RegExp][] = [
            ["malformed YAML", { "Pulumi.dev.yaml": "config:\n  demo:size: [small\n" }, [], /Pulumi\.dev\.yaml:\d+: .*fix the YAML/],
            ["duplicate keys", { "Pulumi.dev.yaml": "config:\n  demo:size: small\n  demo:size: large\n" }, [], /Pulumi\.dev\.yaml:3: Map keys must be unique: fix the YAML/],
            ["an alias bomb", { "Pulumi.dev.yaml": `a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\nconfig:\n  demo:size: small\n` }, [], /Pulumi\.dev\.yaml: Excessive alias count .*: remove the excessive aliases/],
            ["a missing stack", {}, ["--stacks", "prod,qa"], /Pulumi\.qa\.yaml: no such stack "qa": expected one of dev, prod/],
            ["a rules file with an unknown field", { "parity.yaml": "baseline: prod\nthreshhold: 80\n" }, [], /parity\.yaml:2: unknown field "threshhold"/],
            ["an unknown field in a rule", { "parity.yaml": "intended:\n  - path: demo:size\n    reason: dev is smaller to save cost\n    ownr: me\n" }, [], /parity\.yaml:4: intended\[0\]: unknown field "ownr": fix parity\.yaml \(rule fields: path, reason, expected, owner, expires\)/],
            ["an impossible expiry date", { "parity.yaml": 'intended:\n  - path: demo:size\n    reason: dev is smaller to save cost\n    owner: me\n    expires: "2027-02-30"\n' }, [], /parity\.yaml:5: intended\[0\]\.expires: "2027-02-30" is not a day: February 2027 has 28 days/],
            ["an expiry month that does not exist", { "parity.yaml": 'intended:\n  - path: demo:size\n    reason: dev is smaller to save cost\n    expires: "2099-13-45"\n' }, [], /parity\.yaml:4: intended\[0\]\.expires: "2099-13-45" has no month 13/],
            ["an impossible --as-of day", {}, ["--as-of", "2027-02-30"], /^lockstep: --as-of: "2027-02-30" is not a day: February 2027 has 28 days: expected a day like 2027-06-30\n$/],
            ["a rule that explains everything", { "parity.yaml": 'intended:\n  - path: "**"\n    reason: every difference is on purpose\n' }, [], /parity\.yaml:2: intended\[0\]\.path: "\*\*" matches every setting, so the rule would explain all drift: name the settings its reason is about/],
            ["a bad flag value", {}, ["--threshold", "abc"], /--threshold: expected a number from 0 to 100, got "abc"/],
            ["an unknown source", {}, ["--source", "live"], /--source: expected one of config, rendered, state/],
        ];
        await Promise.all(
            cases.map(async ([name, files, args, message]) => {
                const dir = project(files);
                const history = path.join(dir, "history.jsonl");
                fs.writeFileSync(history, '{"time":"2026-11-21T00:00:00.000Z","environments":{"dev":50}}\n');
                const ran = await lockstep(["parity", "--dir", dir, "--source", "config", "--history", history, ...args]);
                assert.equal(ran.code, 2, `${name}: ${ran.stderr}`);
                assert.match(ran.stderr, message, name);
                assert.equal(ran.stderr.trim().split("\n").length, 1, `${name}: one line`);
                assert.equal(fs.readFileSync(history, "utf8"), '{"time":"2026-11-21T00:00:00.000Z","environments":{"dev":50}}\n', `${name}: history untouched`);
            }),
        );
    });

    it("warns of stale rules and of an empty rules file, in text and JSON, without changing the verdict", async () => {
        const stale = project({ "parity.yaml": `${rules}  - path: demo:sise\n    reason: a typo of the rule above, matching nothing\n` });
        const text = await lockstep(["parity", "--dir", stale, "--source", "config", "--threshold", "60"]);
        assert.equal(text.code, 0, text.stderr);
        assert.match(text.stdout, /Warnings:\n {2}.*parity\.yaml:5: intended\[1\]: stale: the rule matches no difference in this run \(config\): remove it if the difference is gone, or fix its path\n/);
        const json = JSON.parse((await lockstep(["parity", "--dir", stale, "--source", "config", "--threshold", "60", "--format", "json"])).stdout);
        assert.equal(json.warnings.length, 1);

        const empty = project({ "parity.yaml": "# nothing yet\n" });
        const ran = await lockstep(["parity", "--dir", empty, "--source", "config", "--format", "markdown"]);
        assert.equal(ran.code, 1, ran.stderr);
        assert.match(ran.stdout, /parity\.yaml: the file is empty: the defaults apply/);
    });

    it("rejects an unreadable state export and a missing one, history untouched", async () => {
        const dir = project();
        const state = path.join(dir, "state");
        fs.mkdirSync(state);
        fs.writeFileSync(path.join(state, "prod.json"), "{ truncated");
        fs.writeFileSync(path.join(state, "dev.json"), JSON.stringify({ version: 3, deployment: { resources: [] } }));
        const history = path.join(dir, "history.jsonl");
        const bad = await lockstep(["parity", "--dir", dir, "--source", "state", "--state", state, "--history", history]);
        assert.equal(bad.code, 2);
        assert.match(bad.stderr, /prod\.json: not JSON/);
        const missing = await lockstep(["parity", "--dir", dir, "--source", "state", "--state", state, "--stacks", "dev,qa", "--baseline", "dev"]);
        assert.equal(missing.code, 2);
        assert.match(missing.stderr, /no export for stack "qa"/);
        assert.equal(fs.existsSync(history), false);
    });

    it("--live says clearly when the Pulumi CLI is not installed", async function () {
        const pathDirs = (process.env.PATH ?? "").split(path.delimiter);
        if (pathDirs.some((d) => fs.existsSync(path.join(d, "pulumi")))) this.skip();
        const ran = await lockstep(["parity", "--dir", project(), "--live"]);
        assert.equal(ran.code, 2);
        assert.match(ran.stderr, /--live: the Pulumi CLI \(pulumi\) is not installed/);
    });

    it("documents itself in --help", async () => {
        const ran = await lockstep(["parity", "--help"]);
        assert.equal(ran.code, 0);
        assert.match(ran.stdout, /Exit codes: 0 .* 1 otherwise; 2 bad input/s);
    });
});
