// deployment-freeze-window through the offline analyzer host, with the config `lockstep freeze policy-config`
// builds from a freeze file (the same function), judged at a fixed `now`.
import * as assert from "assert";
import type { PackSession } from "../../../analyzer/packSession";
import type { PolicyConfigMap } from "../../../analyzer/policyConfig";
import type { Violation } from "../../../analyzer/previewReport";
import { freezePolicyConfig, type BreakGlass } from "../../../delivery/freezeGate";
import type { FreezeWindow } from "../../../delivery/freezeWindows";
import type { RenderedStack } from "../../../render/renderStack";
import { detail, evaluate, openPack, renderCase, validApprovals } from "../../helpers/gatesFixture";

const weekend: FreezeWindow = { kind: "recurring", start: { weekday: "Fri", hour: 16, minute: 0 }, end: { weekday: "Mon", hour: 8, minute: 0 }, timeZone: "Europe/Berlin", reason: "weekend", source: "stacks/freeze.yaml:4" };
// Friday 2026-07-10 18:00 in Berlin (CEST, UTC+2); the weekend freeze ends Monday 2026-07-13 08:00 CEST = 06:00Z.
const fridayEvening = new Date("2026-07-10T16:00:00Z");
const thursday = new Date("2026-07-09T10:00:00Z");
const policy = "deployment-freeze-window";

describe("policies: deployment-freeze-window", () => {
    const sessions: Record<string, PackSession> = {};
    const rendered: Record<string, RenderedStack> = {};
    before(async () => {
        for (const environment of ["dev", "prod"]) {
            sessions[environment] = await openPack(environment);
            rendered[environment] = await renderCase(environment);
        }
    });
    after(async () => Promise.all(Object.values(sessions).map((s) => s.close())));

    const config = (stack: string, built: Date, now: Date, breakGlass?: BreakGlass): PolicyConfigMap => ({
        ...validApprovals,
        [policy]: { properties: { ...freezePolicyConfig(stack, built, [weekend], breakGlass), now: now.toISOString() } },
    });
    const freezeViolations = async (environment: string, c: PolicyConfigMap): Promise<Violation[]> => (await evaluate(sessions[environment], rendered[environment], c)).filter((v) => v.policyName === policy);
    const frozen = "prod is frozen by every week Fri 16:00 to Mon 08:00 Europe/Berlin (weekend) [stacks/freeze.yaml:4] until 2026-07-13 08:00 GMT+2 (Europe/Berlin), 2026-07-13T06:00:00.000Z";

    it("is silent without a freeze config (lockstep preview and check pass no freezes)", async () => {
        assert.deepStrictEqual(await freezeViolations("prod", validApprovals), []);
    });

    it("passes an update outside the window", async () => {
        assert.deepStrictEqual(await freezeViolations("prod", config("prod", thursday, thursday)), []);
    });

    it("fails a prod update inside the window (mandatory), naming the window and its end", async () => {
        const [violation, ...rest] = await freezeViolations("prod", config("prod", thursday, fridayEvening));
        assert.deepStrictEqual(rest, []);
        assert.strictEqual(violation.enforcementLevel, "mandatory");
        assert.strictEqual(detail(violation), `${frozen}: deploy after it ends, or break glass with two approvers other than the author (lockstep freeze policy-config --break-glass REASON).`);
    });

    it("is advisory in dev by default", async () => {
        const [violation] = await freezeViolations("dev", config("dev", thursday, fridayEvening));
        assert.strictEqual(violation.enforcementLevel, "advisory");
    });

    it("passes with break glass and two approvers other than the author", async () => {
        assert.deepStrictEqual(await freezeViolations("prod", config("prod", thursday, fridayEvening, { reason: "payment outage fix", approvers: ["bob", "carol"], author: "alice" })), []);
    });

    it("fails break glass with one approver besides the author, saying how many more are needed", async () => {
        const violations = await freezeViolations("prod", config("prod", thursday, fridayEvening, { reason: "payment outage fix", approvers: ["bob", "Alice", "BOB"], author: "alice" }));
        assert.deepStrictEqual(violations.map(detail), [`${frozen}: break glass ("payment outage fix") needs 2 distinct approvers other than the author alice; approved by bob, Alice, BOB: 1 more approval(s) needed.`]);
    });

    it("fails when the freezes were listed for another environment or have run out", async () => {
        assert.deepStrictEqual((await freezeViolations("prod", config("staging", thursday, thursday))).map(detail), [
            "the freezes in this policy's config were built for staging, not for this prod stack: build them with lockstep freeze policy-config --stack <this stack>.",
        ]);
        const weekLater = new Date(thursday.getTime() + 8 * 24 * 3600_000);
        assert.deepStrictEqual((await freezeViolations("prod", config("prod", thursday, weekLater))).map(detail), [
            `the freezes in this policy's config were listed up to 2026-07-16T10:00:00.000Z, and it is now ${weekLater.toISOString()}: build them again with lockstep freeze policy-config.`,
        ]);
    });

    it("takes its level from config like every policy", async () => {
        const c = config("prod", thursday, fridayEvening);
        (c[policy] as { enforcementLevel?: string }).enforcementLevel = "advisory";
        assert.deepStrictEqual((await freezeViolations("prod", c)).map((v) => v.enforcementLevel), ["advisory"]);
    });
});
