// Delivery against a real control plane, through the real CLI: `pulumi up` of the project directory (its
// program run by the language host stand-in), then lockstep's own commands as a user runs them: smoke,
// rollback of a rolling and of a blue-green service, promote with its flip and its flip back, and metrics
// read live from the real `pulumi stack history`. The dev stack, in a project copy and backend of its own.
// Smoke tests reach the pods through the ingress stand-in (test/cluster/ingressStandIn.ts): a version
// containing "fails-smoke" runs and turns Ready but answers 500, as a broken release would.
import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { repoRoot, requireEngine, tempDir } from "../engine/realEngine";
import { clusterProject, deliveryEnv, domainsOf, run, setVersion, type RunResult } from "./clusterProject";
import { startIngressStandIn, type IngressStandIn } from "./ingressStandIn";
import { api, clusterRunning, readyEndpointImages, removeNamespace } from "./kubeApi";
import { readyPod } from "./rollout";

const stack = "dev";
// Its own namespace and domain, so that it never meets the deploy tests' dev stack on the cluster.
const namespace = "payments-delivery";
const domain = "delivery.payments.example.com";
const lockstepBin = path.join(repoRoot, "bin", "lockstep.js");
const hosts = [`payments-api.${domain}`, `checkout.${domain}`, `checkout-preview.${domain}`];

/** What each test did to the stack's history, in order: the metrics test derives its figures from this. */
const updates: { result: "succeeded" | "failed"; rollback: boolean }[] = [];

describe("cluster: delivery through the real CLI (pulumi up of the project directory, lockstep smoke, rollback, promote, metrics)", function () {
    let projectDir: string;
    let env: NodeJS.ProcessEnv;
    let ingress: IngressStandIn;
    let connectTo: string[];
    const stackPath = () => path.join(projectDir, "stacks", `Pulumi.${stack}.yaml`);
    const stackFile = () => fs.readFileSync(stackPath(), "utf8");
    const pulumi = (args: string[]) => run(path.join(repoRoot, ".engine", "bin", "pulumi"), [...args, "--stack", stack, "--non-interactive"], { cwd: projectDir, env });
    const lockstep = (args: string[]) => run(process.execPath, [lockstepBin, ...args, "--dir", projectDir], { cwd: projectDir, env });
    const expectStatus = (result: RunResult, status: number) => assert.equal(result.status, status, `${result.stdout}\n${result.stderr}`.slice(-4000));

    /** `lockstep rollback --service`, timed end to end and recorded in `updates`; checked against the 5-minute goal. */
    async function timedRollback(service: string, kind: string): Promise<RunResult> {
        const started = Date.now();
        const rollback = await lockstep(["rollback", "--stack", stack, "--service", service, ...connectTo]);
        const seconds = (Date.now() - started) / 1000;
        updates.push({ result: rollback.status === 0 ? "succeeded" : "failed", rollback: true });
        expectStatus(rollback, 0);
        assert.ok(seconds < 300, `rollback took ${seconds.toFixed(1)} s, against the 5-minute goal`);
        process.stderr.write(`      ${kind} rollback, end to end: ${seconds.toFixed(1)} s\n`);
        return rollback;
    }

    async function images(service: string, colour?: string): Promise<string[]> {
        const selector = encodeURIComponent(`app.kubernetes.io/name=${service}${colour ? `,lockstep.dev/color=${colour}` : ""}`);
        const pods = (await api("GET", `/api/v1/namespaces/${namespace}/pods?labelSelector=${selector}`)).items.filter(readyPod);
        return [...new Set<string>(pods.map((p: any) => p.spec.containers[0].image))].sort();
    }

    /** The colour the live Service selects, and the images of the pods behind its ready endpoints. */
    async function live(service: string): Promise<{ colour: string; images: string[] }> {
        const svc = await api("GET", `/api/v1/namespaces/${namespace}/services/${service}`);
        return { colour: svc.spec.selector["lockstep.dev/color"], images: [...new Set(await readyEndpointImages(namespace, service))].sort() };
    }

    before(async function () {
        requireEngine();
        if (!clusterRunning()) throw new Error("no local cluster: run `npm run cluster:up` first");
        projectDir = clusterProject();
        fs.writeFileSync(stackPath(), stackFile().replace(/^  lockstep:domain: .*$/m, `  lockstep:namespace: ${namespace}\n  lockstep:domain: ${domain}`));
        await removeNamespace(namespace);
        env = deliveryEnv(tempDir("cluster-delivery-backend"));
        ingress = await startIngressStandIn(domainsOf(projectDir));
        connectTo = ingress.connectTo(hosts);
        expectStatus(await pulumi(["stack", "init"]), 0);
    });
    after(() => ingress?.stop());

    it("pulumi up of the project directory: the CLI starts the language host, which runs the program", async () => {
        const up = await pulumi(["up", "--yes", "--skip-preview", "--message", "first deploy"]);
        updates.push({ result: up.status === 0 ? "succeeded" : "failed", rollback: false });
        expectStatus(up, 0);
        assert.match(up.stdout, /\+ \d+ created/);
        assert.deepEqual(await images("payments-api"), ["ghcr.io/acme/payments-api:1.9.0"]);
    });

    it("lockstep smoke --stack reads the real stack outputs and reaches the pods through the Ingress", async () => {
        const smoke = await lockstep(["smoke", "--stack", stack, ...connectTo, "--format", "json"]);
        expectStatus(smoke, 0);
        const report = JSON.parse(smoke.stdout);
        assert.deepEqual(report.checks.map((c: { url: string }) => new URL(c.url).hostname).sort(), [hosts[1], hosts[0]].sort());
        assert.ok(ingress.requests.includes(hosts[0]) && ingress.requests.includes(hosts[1]), "the requests went through the stand-in");
    });

    it("a rolling update, a failed update and a broken release: smoke fails on the broken one", async () => {
        setVersion(projectDir, stack, "payments-api", "1.9.1");
        const good = await pulumi(["up", "--yes", "--skip-preview", "--message", "payments-api 1.9.1"]);
        updates.push({ result: good.status === 0 ? "succeeded" : "failed", rollback: false });
        expectStatus(good, 0);
        // A config mistake the program refuses: the update starts and fails, and history records it.
        const withTypo = stackFile();
        fs.writeFileSync(stackPath(), withTypo.replace(/(- name: payments-api\n\s+version: "[^"]+"\n\s+replicas: )1/, "$1-1"));
        const bad = await pulumi(["up", "--yes", "--skip-preview", "--message", "replicas typo"]);
        updates.push({ result: bad.status === 0 ? "succeeded" : "failed", rollback: false });
        assert.notEqual(bad.status, 0, "the update failed");
        assert.match(bad.stdout + bad.stderr, /replicas/);
        fs.writeFileSync(stackPath(), withTypo);
        setVersion(projectDir, stack, "payments-api", "1.9.2-fails-smoke");
        const broken = await pulumi(["up", "--yes", "--skip-preview", "--message", "payments-api 1.9.2"]);
        updates.push({ result: broken.status === 0 ? "succeeded" : "failed", rollback: false });
        expectStatus(broken, 0);
        const smoke = await lockstep(["smoke", "--stack", stack, ...connectTo, "--retries", "0"]);
        expectStatus(smoke, 1);
        assert.match(smoke.stdout, /^FAIL  payments-api  https:\/\/payments-api\.delivery\.payments\.example\.com\/healthz  500 .*status 500, expected 200$/m);
    });

    it("lockstep rollback of the rolling service restores the last good release from real history, timed end to end", async () => {
        const rollback = await timedRollback("payments-api", "rolling");
        assert.match(rollback.stdout, /^rollback plan: restore update 2 \(.*\): lockstep:services\[0\]\.version 1\.9\.2-fails-smoke -> 1\.9\.1/);
        assert.deepEqual(await images("payments-api"), ["ghcr.io/acme/payments-api:1.9.1"]);
        assert.match(stackFile(), /- name: payments-api\n\s+version: "1\.9\.1"/, "the stack file names the restored version");
        assert.match(stackFile(), /^# dev: what differs/, "the user's comments survive the CLI's rewrite of the file");
        assert.match(stackFile(), /autoscaling: \{ minReplicas: 1, maxReplicas: 2 \}/, "and the user's layout");
    });

    it("lockstep promote: the idle colour gets the version, the preview serves it, the flip moves the live Service's endpoints", async () => {
        const before = await live("checkout");
        assert.equal(before.colour, "green");
        const promote = await lockstep(["promote", "--stack", stack, "--service", "checkout", "--version", "2.5.0", "--body", "checkout:2\\.5\\.0", ...connectTo]);
        updates.push({ result: "succeeded", rollback: false }, { result: "succeeded", rollback: false }); // deploy the idle colour, flip
        expectStatus(promote, 0);
        const after = await live("checkout");
        assert.deepEqual(after, { colour: "blue", images: ["ghcr.io/acme/checkout:2.5.0"] }, "the live Service selects blue, whose pods run 2.5.0");
        assert.deepEqual(await images("checkout", "green"), ["ghcr.io/acme/checkout:2.4.0"], "green keeps the old version for rollback");
        assert.ok(ingress.requests.includes(hosts[2]), "the preview host was smoke-tested before the flip");
    });

    it("a promote whose live smoke test fails flips back: the live Service selects the old colour again", async () => {
        ingress.failing.add(hosts[1]); // the live host answers 500 once traffic moves (a broken edge, say)
        try {
            const promote = await lockstep(["promote", "--stack", stack, "--service", "checkout", "--version", "2.6.0", "--retries", "0", ...connectTo, "--format", "json"]);
            updates.push({ result: "succeeded", rollback: false }, { result: "succeeded", rollback: false }, { result: "succeeded", rollback: false }); // deploy, flip, flip back
            expectStatus(promote, 1);
            const steps = JSON.parse(promote.stdout).steps.map((s: { name: string; ok: boolean }) => [s.name.split(" ").slice(0, 2).join(" "), s.ok]);
            assert.deepEqual(steps.map((s: [string, boolean]) => s[1]), [true, true, true, false, true], JSON.stringify(steps));
        } finally {
            ingress.failing.delete(hosts[1]);
        }
        assert.deepEqual(await live("checkout"), { colour: "blue", images: ["ghcr.io/acme/checkout:2.5.0"] }, "traffic is back on blue, 2.5.0");
        assert.deepEqual(await images("checkout", "green"), ["ghcr.io/acme/checkout:2.6.0"], "green runs the rejected version, idle");
    });

    it("lockstep rollback of the blue-green service flips the selector back to the colour that still runs the old version", async () => {
        const rollback = await timedRollback("checkout", "blue-green");
        assert.match(rollback.stdout, /activeColor blue -> green/);
        assert.deepEqual(await live("checkout"), { colour: "green", images: ["ghcr.io/acme/checkout:2.6.0"] });
    });

    it("lockstep rollback refuses a restore whose preview would replace something outside the app layer, and leaves the stack file as it was", async () => {
        // An unreleased change to the namespace waits in the stack file: restoring a release now would replace it.
        const before = stackFile();
        fs.writeFileSync(stackPath(), before.replace(`lockstep:namespace: ${namespace}`, `lockstep:namespace: ${namespace}-moved`));
        const edited = stackFile();
        const rollback = await lockstep(["rollback", "--stack", stack, "--service", "payments-api", ...connectTo]);
        const after = stackFile();
        fs.writeFileSync(stackPath(), before);
        expectStatus(rollback, 1);
        assert.match(rollback.stdout, /kubernetes:core\/v1:Namespace/, "the refusal names what would be replaced");
        assert.equal(after, edited, "the stack file is as the user left it");
        assert.equal((await api("GET", `/api/v1/namespaces/${namespace}`)).metadata.name, namespace, "the namespace is still there");
    });

    it("lockstep metrics, read live from the real stack history, gives the figures the sequence implies", async () => {
        const metrics = await lockstep(["metrics", "--stack", stack, "--format", "json"]);
        expectStatus(metrics, 0);
        const m = JSON.parse(metrics.stdout);
        const failed = updates.filter((u) => u.result === "failed").length;
        // A change failed if its update failed or the next deployment rolled it back (the metric's definition).
        const changeFailures = updates.filter((u, i) => u.result === "failed" || (!u.rollback && updates[i + 1]?.rollback)).length;
        assert.deepEqual(
            [m.deployments, m.succeeded, m.failed, m.successRatePercent, m.changeFailureRatePercent],
            [updates.length, updates.length - failed, failed, (100 * (updates.length - failed)) / updates.length, (100 * changeFailures) / updates.length].map((n) => (typeof n === "number" ? Math.round(n * 10) / 10 : n)),
            JSON.stringify(m),
        );
        assert.ok(m.timeToRestoreMinutes.median > 0, "a restore was measured");
    });
});
