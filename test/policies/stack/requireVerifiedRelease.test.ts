// deployment-release-verified through the offline analyzer host, on the shipped stacks, with the config
// `lockstep release policy-config` builds from release records (the same function).
import * as assert from "assert";
import type { PackSession } from "../../../analyzer/packSession";
import type { PolicyConfigMap } from "../../../analyzer/policyConfig";
import type { Violation } from "../../../analyzer/previewReport";
import type { BreakGlass } from "../../../delivery/freezeGate";
import { releaseId, type Release } from "../../../delivery/release";
import type { RecordEvent, StoredRecord } from "../../../delivery/releaseRecord";
import { releasePolicyConfig } from "../../../delivery/releaseVerification";
import type { RenderedStack } from "../../../render/renderStack";
import { versionOfImage } from "../../../policies/stack/requireVerifiedRelease";
import { detail, evaluate, gatesPack, openPack, validApprovals } from "../../helpers/gatesFixture";
import { renderedStack } from "../../helpers/renderedStacks";

const policy = "deployment-release-verified";
const now = new Date("2027-06-30T12:00:00Z");

let sequence = 0;
/** A stored record of one event, `minutesAgo` before `now`. */
function record(stack: string, service: string, event: RecordEvent, version: string, minutesAgo: number, result: "succeeded" | "failed" = "succeeded"): StoredRecord {
    const endedAt = new Date(now.getTime() - minutesAgo * 60_000).toISOString();
    const key = `releases/${service}/${stack}/${endedAt.replace(/[-:.]/g, "")}-${event}-${String(sequence++).padStart(12, "0")}.json`;
    return {
        key,
        record: {
            schemaVersion: 1, event, stack, service, version, result,
            release: { id: "000000000000", commit: null, services: [] },
            updateId: null, approvedBy: [], actor: "ci",
            smoke: event === "smoke" ? { passed: result === "succeeded", checks: [] } : null,
            verification: null, startedAt: endedAt, endedAt, summary: `${event} ${service} ${version}`,
        },
    };
}

/** The shipped stacks' releases (stacks/Pulumi.staging.yaml and Pulumi.prod.yaml). */
const stagingRelease: Release = {
    stack: "staging",
    id: releaseId([{ name: "payments-api", version: "1.9.0" }, { name: "checkout", version: "2.4.0" }]),
    commit: null,
    uncommitted: false,
    services: [
        { name: "payments-api", strategy: "rolling", version: "1.9.0" },
        { name: "checkout", strategy: "blueGreen", version: "2.4.0", activeColor: "green", idleVersion: "2.3.1" },
    ],
};
const prodDigests = { api: "sha256:9e8e9cd9d4031388e76ffd1f01c039d441df45180e70b83da6e4b3fa6a76ca85", blue: "sha256:00237f699a6a1179f5e1da6cc88c92ba702930d4bfc67bc59ad31aad2291e193", green: "sha256:7d330e2508f45eef388338a7b95759d2f22dbf2385d0be1c4eeaacf78ff692f2" };
const prodRelease: Release = {
    stack: "prod",
    id: releaseId([{ name: "payments-api", version: prodDigests.api }, { name: "checkout", version: prodDigests.blue }]),
    commit: null,
    uncommitted: false,
    services: [
        { name: "payments-api", strategy: "rolling", version: prodDigests.api },
        { name: "checkout", strategy: "blueGreen", version: prodDigests.blue, activeColor: "blue", idleVersion: prodDigests.green },
    ],
};

/** dev verified payments-api 1.9.0 and checkout 2.4.0 (deployed, smoke-tested); staging ran checkout 2.3.1 before. */
const verifiedInDev = [
    record("dev", "payments-api", "deploy", "1.9.0", 60),
    record("dev", "payments-api", "smoke", "1.9.0", 55),
    record("dev", "checkout", "deploy", "2.4.0", 50),
    record("dev", "checkout", "smoke", "2.4.0", 45),
];
const stagingRan = [record("staging", "checkout", "deploy", "2.3.1", 3000), record("staging", "checkout", "smoke", "2.3.1", 2990)];

const byService = (records: StoredRecord[]) => {
    const map = new Map<string, StoredRecord[]>();
    for (const r of records) map.set(r.record.service, [...(map.get(r.record.service) ?? []), r]);
    return map;
};

function gateConfig(release: Release, from: string, records: StoredRecord[], breakGlass?: BreakGlass): PolicyConfigMap {
    const config = releasePolicyConfig({ release, from, fromRecords: byService(records.filter((r) => r.record.stack === from)), stackRecords: byService(records.filter((r) => r.record.stack === release.stack)), now, soakSeconds: 0, breakGlass });
    return { ...validApprovals, [policy]: { properties: config as unknown as Record<string, unknown> } };
}

/** A copy of the rendered stack whose Deployment of `service` runs `image` instead (a hand-edited stack file). */
function withImage(rendered: RenderedStack, service: string, image: string): RenderedStack {
    const copy: RenderedStack = JSON.parse(JSON.stringify(rendered));
    type Props = { metadata?: { labels?: Record<string, string> }; spec: { template: { spec: { containers: { image: string }[] } } } };
    const deployments = copy.resources.filter((r) => r.type === "kubernetes:apps/v1:Deployment" && (r.inputs as Props).metadata?.labels?.["app.kubernetes.io/name"] === service);
    assert.strictEqual(deployments.length, 1, `one Deployment of ${service}`);
    for (const props of [deployments[0].inputs, deployments[0].outputs] as Props[]) props.spec.template.spec.containers[0].image = image;
    return copy;
}

describe("policies: deployment-release-verified", () => {
    const sessions: Record<string, PackSession> = {};
    const rendered: Record<string, RenderedStack> = {};
    before(async () => {
        for (const stack of ["staging", "prod"]) {
            sessions[stack] = await openPack(stack, gatesPack, "lockstep");
            rendered[stack] = await renderedStack(stack);
        }
    });
    after(async () => Promise.all(Object.values(sessions).map((s) => s.close())));

    const gateViolations = async (stack: string, config: PolicyConfigMap, stackState = rendered[stack]): Promise<Violation[]> => (await evaluate(sessions[stack], stackState, config)).filter((v) => v.policyName === policy);
    const advice = "; promote a version dev has verified (lockstep promote --from dev --to staging), or break glass with two approvers other than the author (lockstep release policy-config --break-glass REASON).";

    it("reads the version from a tag or a digest", () => {
        assert.deepStrictEqual(["ghcr.io/acme/api:1.9.0", "localhost:5000/acme/api@sha256:abc", "localhost:5000/acme/api", "api"].map(versionOfImage), ["1.9.0", "sha256:abc", "", ""]);
    });

    it("is silent without its config (lockstep preview and check pass none)", async () => {
        assert.deepStrictEqual(await gateViolations("staging", validApprovals), []);
        assert.deepStrictEqual(await gateViolations("prod", validApprovals), []);
    });

    it("passes staging when dev's records verify each version it deploys, or staging's show it running already", async () => {
        assert.deepStrictEqual(await gateViolations("staging", gateConfig(stagingRelease, "dev", [...verifiedInDev, ...stagingRan])), []);
    });

    it("fails staging (mandatory) naming the service and version dev has not verified, on its Deployment", async () => {
        const records = [...verifiedInDev, ...stagingRan, record("dev", "payments-api", "deploy", "1.9.1", 10), record("dev", "payments-api", "smoke", "1.9.1", 5)];
        const violations = await gateViolations("staging", gateConfig(stagingRelease, "dev", records));
        assert.deepStrictEqual(
            violations.map((v) => [v.enforcementLevel, v.resourceType, v.resourceName, detail(v)]),
            [["mandatory", "kubernetes:apps/v1:Deployment", violations[0]?.resourceName, `payments-api 1.9.0 must be verified in dev before it enters staging: dev last deployed payments-api 1.9.1 (deploy, ended 2027-06-30T11:50:00.000Z), not 1.9.0 as its stack file says: deploy dev first${advice}`]],
        );
        assert.match(violations[0].resourceName, /payments-api/);
    });

    it("fails a version whose smoke test in dev failed, and one staging never ran that dev no longer runs", async () => {
        const failedSmoke = [...verifiedInDev.slice(0, 3), record("dev", "checkout", "smoke", "2.4.0", 45, "failed")];
        assert.deepStrictEqual((await gateViolations("staging", gateConfig(stagingRelease, "dev", failedSmoke))).map(detail), [
            `checkout 2.3.1 must be verified in dev before it enters staging: dev last deployed checkout 2.4.0 (deploy, ended 2027-06-30T11:10:00.000Z), not 2.3.1 as its stack file says: deploy dev first${advice}`,
            `checkout 2.4.0 must be verified in dev before it enters staging: no passing smoke test of checkout 2.4.0 is recorded in dev since it was deployed (2027-06-30T11:10:00.000Z): run lockstep smoke --stack dev${advice}`,
        ]);
    });

    it("fails prod (mandatory) for every version staging has not verified, digests included", async () => {
        const violations = await gateViolations("prod", gateConfig(prodRelease, "staging", []));
        assert.deepStrictEqual(violations.map((v) => v.enforcementLevel), ["mandatory", "mandatory", "mandatory"]);
        assert.deepStrictEqual(violations.map((v) => detail(v)!.split(" must be")[0]).sort(), [`checkout ${prodDigests.blue}`, `checkout ${prodDigests.green}`, `payments-api ${prodDigests.api}`]);
        assert.match(detail(violations[0])!, /before it enters prod: no deploy of \S+ is recorded in staging: deploy it and record it \(lockstep release record --stack staging --event deploy\); promote a version staging has verified \(lockstep promote --from staging --to prod\)/);
    });

    it("fails a stack whose Deployment runs another version than the config was built for, whatever the config says", async () => {
        const config = gateConfig(stagingRelease, "dev", [...verifiedInDev, ...stagingRan]);
        const edited = withImage(rendered.staging, "payments-api", "ghcr.io/acme/payments-api:6.6.6");
        assert.deepStrictEqual((await gateViolations("staging", config, edited)).map(detail), [
            `payments-api 6.6.6 is not what the stack file named when this policy's config was built (release ${stagingRelease.id}: payments-api 1.9.0): build the config again with lockstep release policy-config --stack staging${advice}`,
        ]);
    });

    it("passes unverified versions with break glass and two approvers other than the author; fails with one", async () => {
        const glass = (approvers: string[]) => gateConfig(stagingRelease, "dev", stagingRan, { reason: "payment outage fix", approvers, author: "alice" });
        assert.deepStrictEqual(await gateViolations("staging", glass(["bob", "carol"])), []);
        const violations = await gateViolations("staging", glass(["bob", "ALICE", "Bob"]));
        assert.deepStrictEqual(
            violations.map(detail),
            ["payments-api 1.9.0", "checkout 2.4.0"].map((v) => `${v} must be verified in dev before it enters staging: no deploy of ${v.split(" ")[0]} is recorded in dev: deploy it and record it (lockstep release record --stack dev --event deploy); break glass ("payment outage fix") needs 2 distinct approvers other than the author alice; approved by bob, ALICE, Bob: 1 more approval(s) needed.`),
        );
    });

    it("fails when the config was built for another environment, and takes its level from config", async () => {
        assert.deepStrictEqual((await gateViolations("prod", gateConfig(stagingRelease, "dev", verifiedInDev))).map(detail), [
            "the verified versions in this policy's config were built for staging, not for this prod stack: build them with lockstep release policy-config --stack <this stack>.",
        ]);
        const advisory = gateConfig(stagingRelease, "dev", []);
        (advisory[policy] as { enforcementLevel?: string }).enforcementLevel = "advisory";
        assert.deepStrictEqual([...new Set((await gateViolations("staging", advisory)).map((v) => v.enforcementLevel))], ["advisory"]);
    });
});
