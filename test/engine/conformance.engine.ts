// The analyzer host's conformance suite: each case runs through lockstep's offline host (previewStack, in
// this process) and through the real engine, and the two must agree exactly: the same violations (pack,
// policy, level, resource, message) and the same pass or fail, or both refuse the input. The engine side is
// `pulumi policy analyze --file` on the same render (values known, as `lockstep preview` judges by default),
// or, where analyze and an update differ, `pulumi preview` of the program against
// `lockstep preview --first-preview`: policy analyze reports remediations without applying them
// (pkg/resource/deploy/analyze_snapshot.go), and an export carries secrets withheld, not their values.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { previewStack, type PreviewOptions } from "../../analyzer/previewStack";
import { preview } from "../../app/preview";
import type { PolicyConfigMap } from "../../analyzer/policyConfig";
import { exportDeployment } from "../../render/exportDeployment";
import { renderStack, type RenderedStack } from "../../render/renderStack";
import { approvals, assertSameResources, enginePreview, engineVerdicts, offlineVerdicts, type Verdict } from "./compare";
import { engineEnv, gatesPack, packLauncher, policyEventsOf, pulumi, repoRoot, requireEngine, tempDir } from "./realEngine";

const fixtureProgram = path.join(repoRoot, "test", "fixtures", "gates-program");
const levelsPack = path.join(repoRoot, "test", "fixtures", "packs", "levels");
const versionedPack = path.join(repoRoot, "test", "fixtures", "packs", "versioned");
const reportsWhatItSees = path.join(repoRoot, "test", "fixtures", "packs", "reports-what-it-sees");
const partialAnalyzer = path.join(repoRoot, "test", "fixtures", "packs", "partial-analyzer");

/** A copy of the gates fixture program with a stack file naming the breaks (the source tree stays as it is). */
function fixture(stack: string, breaks: string[]): string {
    const dir = tempDir("fixture");
    fs.cpSync(fixtureProgram, dir, { recursive: true });
    fs.symlinkSync(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), `config:\n  gates-fixture:breaks: ${JSON.stringify(breaks)}\n`);
    return dir;
}

interface Case {
    stack: string;
    breaks?: string[];
    packs: string[];
    /** A policy config, as `--policy-pack-config`; a list gives one per pack, in the packs' order. */
    config?: PolicyConfigMap | Record<string, unknown> | Array<Record<string, unknown>>;
    /** Variables both hosts give the pack processes (a fixture pack's own switches). */
    packEnv?: Record<string, string>;
    /** "analyze": the render through policy analyze; "preview": the program through pulumi preview. */
    via: "analyze" | "preview";
    /**
     * Secret values the engine prints in policy messages as they are, where lockstep prints "[secret]" (on
     * purpose: lockstep never prints a secret). Replaced in the engine's messages before comparing.
     */
    engineShowsSecrets?: string[];
}

/** The case's config as files, one per entry of a list. */
function configFiles(config: Case["config"]): string[] | undefined {
    if (config === undefined) return undefined;
    const dir = tempDir("config");
    return (Array.isArray(config) ? config : [config]).map((entry, i) => {
        const file = path.join(dir, `config-${i}.json`);
        fs.writeFileSync(file, JSON.stringify(entry));
        return file;
    });
}

interface Outcome {
    refused: boolean;
    detail: string;
    verdicts?: Verdict[];
    passed?: boolean;
}

async function offline(c: Case, projectDir: string, rendered: RenderedStack): Promise<Outcome> {
    const saved = { ...process.env };
    Object.assign(process.env, c.packEnv ?? {});
    try {
        const policyPackConfig = configFiles(c.config);
        const judge = c.via === "analyze" ? (o: Omit<PreviewOptions, "rendered">) => previewStack({ ...o, rendered }) : (o: Omit<PreviewOptions, "rendered">) => preview({ ...o, firstPreview: true });
        const { report } = await judge({
            projectDir,
            stack: c.stack,
            policyPacks: c.packs,
            policyPackConfig,
            packWorkers: 1,
        });
        return { refused: false, detail: "", verdicts: offlineVerdicts(report), passed: report.passed };
    } catch (err) {
        return { refused: true, detail: (err as Error).message };
    } finally {
        for (const key of Object.keys(c.packEnv ?? {})) {
            if (key in saved) process.env[key] = saved[key];
            else delete process.env[key];
        }
    }
}

function engine(c: Case, projectDir: string, rendered: RenderedStack): Outcome {
    const dir = tempDir("engine");
    const config = configFiles(c.config);
    const root = rendered.resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
    if (c.via === "preview") {
        const run = enginePreview(projectDir, c.stack, { project: rendered.project, packs: c.packs, policyConfig: config, packEnv: c.packEnv });
        if (!run.summary) return { refused: true, detail: run.stderr };
        return { refused: false, detail: run.stderr, verdicts: engineVerdicts(run.policyEvents, root), passed: run.summary.result === "succeeded" };
    }
    const file = path.join(dir, "stack.json");
    fs.writeFileSync(file, JSON.stringify(exportDeployment(rendered)));
    const args = ["policy", "analyze", "--file", file, "--json"];
    for (const pack of c.packs) args.push("--policy-pack", packLauncher(pack, { project: rendered.project, stack: c.stack, dryRun: true }));
    for (const file of config ?? []) args.push("--policy-pack-config", file);
    const run = pulumi(args, { cwd: dir, env: engineEnv(tempDir("backend"), c.packEnv) });
    const events = policyEventsOf(run.stdout);
    if (events.result === undefined) return { refused: true, detail: run.stderr.trim() };
    return { refused: false, detail: run.stderr, verdicts: engineVerdicts(events.violations, root), passed: run.status === 0 };
}

async function agree(c: Case): Promise<Outcome> {
    const projectDir = fixture(c.stack, c.breaks ?? []);
    const rendered = await renderStack({ projectDir, stack: c.stack });
    const ours = await offline(c, projectDir, rendered);
    const theirs = engine(c, projectDir, rendered);
    assert.equal(ours.refused, theirs.refused, `offline ${ours.refused ? `refused: ${ours.detail}` : "judged"}; engine ${theirs.refused ? `refused: ${theirs.detail}` : "judged"}`);
    if (!ours.refused) {
        let expected = theirs.verdicts!;
        for (const secret of c.engineShowsSecrets ?? []) {
            assert.ok(expected.some((v) => v.message.includes(secret)), `the engine prints ${secret} (else drop engineShowsSecrets)`);
            expected = expected.map((v) => ({ ...v, message: v.message.split(secret).join("[secret]") }));
        }
        assert.ok(!JSON.stringify(ours.verdicts).includes("private-web"), "lockstep prints no secret");
        assert.deepEqual(ours.verdicts, expected);
        assert.equal(ours.passed, theirs.passed);
    }
    return ours;
}

describe("engine: analyzer host conformance (offline host and pulumi policy analyze agree)", () => {
    before(requireEngine);

    const breaks = [
        "latest-image", "missing-tags", "no-encryption", "no-limits", "no-pdb", "no-prestop", "no-public-access-block",
        "no-readiness-probe", "one-replica", "public-policy-allowed", "recreate-strategy", "service-selects-nothing",
        "short-grace-period", "tag-not-digest", "unprotected-bucket", "versioning-suspended", "wildcard-statement",
    ];
    // Judged where each gate is strictest: prod alone requires digests and protected buckets.
    const prodOnly = new Set(["tag-not-digest", "unprotected-bucket"]);
    for (const environment of ["strictest", "dev"]) {
        for (const broken of breaks) {
            const stack = environment === "dev" ? "dev" : prodOnly.has(broken) ? "prod" : "staging";
            it(`gates, ${stack}: ${broken}`, async () => {
                const outcome = await agree({ stack, breaks: [broken], packs: [gatesPack], via: "analyze" });
                if (stack !== "dev") assert.ok(outcome.verdicts!.some((v) => v.level === "mandatory" && v.policy !== "deployment-change-approval"), "the break is a mandatory violation");
            });
        }
    }

    it("gates, staging: a secret image tagged latest (its value judged, never shown), through pulumi preview", async () => {
        const outcome = await agree({
            stack: "staging",
            breaks: ["secret-latest-image"],
            packs: [gatesPack],
            via: "preview",
            engineShowsSecrets: ["ghcr.io/acme/private-web:latest"],
        });
        assert.ok(outcome.verdicts!.some((v) => v.policy === "kubernetes-deployment-pinned-image" && v.message.includes("[secret]")));
    });

    it("gates fixture: the render registers the engine's URNs and checked inputs, default providers `default_<version>` with the package's config", async () => {
        const projectDir = fixture("staging", []);
        fs.appendFileSync(path.join(projectDir, "Pulumi.staging.yaml"), "  aws:region: eu-west-1\n");
        const rendered = await renderStack({ projectDir, stack: "staging", firstPreview: true });
        assert.ok(rendered.resources.some((r) => r.urn.endsWith("pulumi:providers:aws::default_7_48_0") && (r.inputs as any).region === "eu-west-1"));
        assertSameResources(rendered, enginePreview(projectDir, "staging", { project: rendered.project }));
    });

    it("a second resource with the same URN: both refuse the program, naming the URN", async () => {
        const projectDir = fixture("staging", ["duplicate-urn"]);
        const urn = "urn:pulumi:staging::gates-fixture::kubernetes:apps/v1:Deployment::web";
        await assert.rejects(preview({ projectDir, stack: "staging", policyPacks: [gatesPack], firstPreview: true }), {
            message: `stack "staging": Duplicate resource URN '${urn}'; try giving it a unique name`,
        });
        const engine = enginePreview(projectDir, "staging", { project: "gates-fixture" });
        assert.notEqual(engine.summary?.result, "succeeded");
        assert.ok(engine.stderr.includes(`Duplicate resource URN '${urn}'`), engine.stderr.slice(-500));
    });

    // With "*" every package is refused; which resource each names first depends on registration order.
    for (const [disabled, pkg] of [['["aws"]', "aws"], ['["kubernetes"]', "kubernetes"], ['["*"]', "(?:aws|kubernetes)"]] as const) {
        it(`pulumi:disable-default-providers ${disabled}: both refuse a resource that would need the default provider, with the engine's words`, async () => {
            const projectDir = fixture("staging", []);
            fs.appendFileSync(path.join(projectDir, "Pulumi.staging.yaml"), `  pulumi:disable-default-providers: '${disabled}'\n`);
            const engine = enginePreview(projectDir, "staging", { project: "gates-fixture" });
            assert.notEqual(engine.summary?.result, "succeeded");
            const denied = new RegExp(`Default provider for '${pkg}' disabled\\. '(urn:pulumi:staging::gates-fixture::[^']+)' must use an explicit provider\\.`);
            const engineUrn = denied.exec(engine.stderr)?.[1];
            assert.ok(engineUrn, engine.stderr.slice(-800));
            await assert.rejects(renderStack({ projectDir, stack: "staging", firstPreview: true }), (err: Error) => {
                const offline = denied.exec(err.message);
                assert.ok(offline, err.message);
                assert.match(offline[1], new RegExp(`::${pkg}:`), `a resource of the refused package: ${offline[1]}`);
                return true;
            });
        });
    }

    for (const via of ["preview", "analyze"] as const) {
        it(`a pack that answers Remediate and AnalyzeStack with Unimplemented: both skip those calls and judge its Analyze (${via})`, async () => {
            const outcome = await agree({ stack: "staging", packs: [partialAnalyzer], via });
            assert.equal(outcome.refused, false, outcome.detail);
            assert.ok(outcome.verdicts!.some((v) => v.policy === "deployment-reported"), "its Analyze was judged");
        });
    }

    it("what packs receive: stack tags (none from a file backend) and every resource option", async () => {
        const outcome = await agree({ stack: "staging", breaks: ["resource-options"], packs: [reportsWhatItSees], via: "preview" });
        const options = outcome.verdicts!.find((v) => v.urn.endsWith("ConfigMap::options"))!;
        for (const option of ['"deleteBeforeReplace":true', '"additionalSecretOutputs":["data"]', '"ignoreChanges":["data"]', '"protect":true', '"createSeconds":120']) {
            assert.ok(options.message.includes(option), `${option} reaches the pack: ${options.message}`);
        }
    });

    it("gates: a compliant stack passes in both", async () => {
        const outcome = await agree({ stack: "prod", packs: [gatesPack], config: approvals, via: "analyze" });
        assert.equal(outcome.passed, true);
    });

    it("gates, first preview: unknown values give the same can't-run advisories, and the S3 stack gates still run", async () => {
        const outcome = await agree({ stack: "staging", breaks: ["versioning-suspended"], packs: [gatesPack], via: "preview" });
        assert.ok(outcome.verdicts!.some((v) => v.policy === "aws-s3-bucket-versioning" && v.level === "mandatory"), "the versioning gate is enforced at preview");
    });

    describe("enforcement levels, remediation and policy config (through pulumi preview)", () => {
        for (const packLevel of ["unset", "advisory", "mandatory", "disabled"]) {
            it(`levels pack, pack level ${packLevel}: each policy's level; remediations applied before analysis`, async () => {
                await agree({ stack: "staging", packs: [levelsPack], packEnv: { LEVELS_PACK_LEVEL: packLevel }, via: "preview" });
            });
        }
        const configs: Array<[string, Record<string, unknown>]> = [
            ["all advisory", { all: "advisory" }],
            ["all disabled", { all: "disabled" }],
            ["all mandatory as an object", { all: { enforcementLevel: "mandatory" } }],
            ["one policy disabled", { "policy-mandatory": "disabled" }],
            ["all, then one policy back to mandatory", { all: "advisory", "policy-mandatory": "mandatory" }],
            ["remediate turned off", { "deployment-replicas-remediated": "advisory" }],
            ["an invalid level", { all: "loud" }],
            ["a policy the pack does not have, with a level", { "no-such-policy": "mandatory" }],
            ["a policy the pack does not have, without a level", { "no-such-policy": {} }],
        ];
        for (const [name, config] of configs) {
            it(`levels pack, config: ${name}`, async () => {
                await agree({ stack: "staging", packs: [levelsPack], config, packEnv: { LEVELS_PACK_LEVEL: "unset" }, via: "preview" });
            });
        }
    });

    it("gates pack, config: a required approvals count of the wrong type is refused by both", async () => {
        const outcome = await agree({ stack: "staging", packs: [gatesPack], config: { "deployment-change-approval": { requiredApprovals: "two" } }, via: "analyze" });
        assert.equal(outcome.refused, true);
    });

    it("one --policy-pack-config per pack, in order: each pack gets its own", async () => {
        const outcome = await agree({ stack: "staging", packs: [gatesPack, levelsPack], config: [{ all: "advisory" }, { "policy-mandatory": "disabled" }], packEnv: { LEVELS_PACK_LEVEL: "unset" }, via: "preview" });
        assert.ok(outcome.verdicts!.every((v) => v.pack !== "lockstep-gates" || v.level === "advisory"), "the first file went to the gates");
        assert.ok(!outcome.verdicts!.some((v) => v.policy === "policy-mandatory"), "the second file went to the levels pack");
    });

    it("fewer --policy-pack-config files than packs: both refuse", async () => {
        const outcome = await agree({ stack: "staging", packs: [gatesPack, levelsPack], config: [{ all: "advisory" }], packEnv: { LEVELS_PACK_LEVEL: "unset" }, via: "preview" });
        assert.equal(outcome.refused, true);
    });

    it("several packs, each reporting under its own name and version, remediations chained", async () => {
        await agree({ stack: "staging", breaks: ["latest-image"], packs: [gatesPack, versionedPack, levelsPack], packEnv: { LEVELS_PACK_LEVEL: "unset" }, via: "preview" });
    });
});
