// Packs start with the preview, while the stack renders, as the engine starts analyzers with the
// update: a render that fails still leaves no pack behind, and the pack's early log is scrubbed.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { packEnvironment } from "../../analyzer/packProcess";
import { preview } from "../../app/preview";
import { redacted } from "../../analyzer/secretScrubbing";
import { offlineSecretPlaceholder } from "../../project/stackConfig";
import { eventually, fixturePacks, running } from "../helpers/gatesFixture";
import { tempProject } from "../helpers/tempProject";

const pack = path.join(fixturePacks, "reports-start");

describe("analyzer: packs start while the stack renders", () => {
    let marker: string;
    beforeEach(() => {
        marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "lockstep-pack-start-")), "pids");
        process.env.PACK_START_MARKER = marker;
    });
    afterEach(() => {
        delete process.env.PACK_START_MARKER;
        fs.rmSync(path.dirname(marker), { recursive: true, force: true });
    });

    it("a stack that fails to render gives the render's error, and the pack started meanwhile is gone", async () => {
        const dir = tempProject({ "stacks/Pulumi.prod.yaml": (t) => t.replace("replicas: 3\n      autoscaling", "replicas: three\n      autoscaling") });
        await assert.rejects(preview({ projectDir: dir, stack: "prod", policyPacks: [pack] }), {
            message: 'stacks/Pulumi.prod.yaml:12: lockstep:services[0].replicas: expected a whole number of at least 1, got "three"',
        });
        const pids = fs.readFileSync(marker, "utf8").trim().split("\n").map(Number);
        assert.strictEqual(pids.length, 1, "the pack started before the render failed");
        assert.ok(await eventually(() => !pids.some(running)), `left behind: ${pids}`);
    });

    it("holds the pack's log until the render says which values are secret, then scrubs them", async () => {
        const dir = tempProject({
            "Pulumi.yaml": (text) => text.replace('PAYMENTS_PROVIDER_TIMEOUT_MS: "2500"', 'PAYMENTS_PROVIDER_TIMEOUT_MS: "2500"\n          PROVIDER_KEY: { secret: providerKey }'),
            "stacks/Pulumi.dev.yaml": (text) => `${text}  lockstep:providerKey:\n    secure: v1:Zm9vYmFyYmF6cXV4cXV1eA==:c2VjcmV0IGNpcGhlcnRleHQ=\n`,
        });
        const log: string[] = [];
        const result = await preview({ projectDir: dir, stack: "dev", policyPacks: [pack], onLog: (_, line) => log.push(line) });
        assert.strictEqual(result.report.stack, "dev");
        const started = log.find((line) => line.startsWith("started with config "));
        assert.ok(started, `the pack's start-up line is passed on: ${log.join(" | ")}`);
        assert.ok(started.includes(`"lockstep:providerKey":"${redacted}"`), started);
        assert.ok(!log.some((line) => line.includes(offlineSecretPlaceholder)), `no secret in the log: ${started}`);
    });

    it("gives the pack the environment the CLI gives it: PULUMI_NODEJS_* and PULUMI_* for the stack, dry run", async () => {
        const log: string[] = [];
        await preview({ projectDir: tempProject({}), stack: "dev", policyPacks: [pack], onLog: (_, line) => log.push(line) });
        const line = log.find((l) => l.startsWith("started with environment "));
        assert.ok(line, `the pack's environment line is passed on: ${log.join(" | ")}`);
        const environment = JSON.parse(line.slice("started with environment ".length)) as Record<string, string>;
        for (const prefix of ["PULUMI_NODEJS_", "PULUMI_"]) {
            assert.strictEqual(environment[`${prefix}PROJECT`], "lockstep");
            assert.strictEqual(environment[`${prefix}STACK`], "dev");
            assert.strictEqual(environment[`${prefix}ORGANIZATION`], "organization");
            assert.strictEqual(environment[`${prefix}DRY_RUN`], "true");
        }
    });
});

describe("analyzer: packEnvironment", () => {
    const target = { project: "shop", stack: "prod", organization: "acme" };

    it("sets PULUMI_CONFIG to the stack's config as JSON, over an inherited one", () => {
        const env = packEnvironment({ PULUMI_CONFIG: "{}", HOME: "/home/ci" }, { ...target, config: { "shop:replicas": "3" } });
        assert.strictEqual(env.PULUMI_CONFIG, '{"shop:replicas":"3"}');
        assert.strictEqual(env.HOME, "/home/ci");
        assert.strictEqual(env.PULUMI_STACK, "prod");
        assert.strictEqual(env.PULUMI_NODEJS_ORGANIZATION, "acme");
    });

    it("leaves PULUMI_CONFIG as inherited when the stack has no config, as the CLI does", () => {
        assert.strictEqual(packEnvironment({ PULUMI_CONFIG: '{"a:b":"c"}' }, { ...target, config: {} }).PULUMI_CONFIG, '{"a:b":"c"}');
        assert.ok(!("PULUMI_CONFIG" in packEnvironment({}, target)));
    });
});
