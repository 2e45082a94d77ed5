// The metrics page opened in headless Chromium (Debian's chromium; .ci/run installs it) at 800 px wide.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser, Page } from "playwright-core";
import { openHeadless } from "../helpers/headlessPage";
import { metricsView } from "../../delivery/environmentMetrics";
import { metricsReporters } from "../../delivery/metricsReport";
import { aRecord } from "./recordFixtures";
import { deliveryScenario, fixtureCommits, fixtureNow } from "./metricsScenario";

const hostile = `</td><script>window.pwned=1</script><img src=x onerror="window.pwned=2">`;

describe("metrics HTML page in a browser", function () {
    this.timeout(60000);
    let browser: Browser;
    let page: Page;
    let dir: string;
    let requests: string[] = [];

    before(async () => {
        // A version string is what a CI job says it is: the page must show it, not run it.
        const records = [...deliveryScenario(fixtureCommits).map((r) => r.record), aRecord({ stack: "prod", version: hostile, startedAt: "2026-12-03T10:00:00.000Z", endedAt: "2026-12-03T10:06:00.000Z", updateId: "99" })];
        const view = metricsView({ stacks: ["dev", "staging", "prod"], pipeline: ["dev", "staging", "prod"], records, histories: new Map(), commitTimes: new Map(fixtureCommits.map((c) => [c.sha, c.time])), now: fixtureNow, windowDays: 14, recordsLocation: "test/fixtures/records" });
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "metrics-html-"));
        const out = path.join(dir, "metrics.html");
        fs.writeFileSync(out, metricsReporters.html(view, false));
        ({ browser, page, requests } = await openHeadless(out));
    });

    after(async () => {
        await browser?.close();
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it("is self-contained, escapes what the records say and fits 800 px without a horizontal scroll", async () => {
        assert.equal(await page.title(), "Delivery metrics: dev, staging, prod");
        assert.deepEqual(requests.filter((u) => !u.startsWith("file:")), [], "nothing fetched");
        assert.equal(await page.evaluate("typeof window.pwned"), "undefined");
        assert.ok((await page.textContent("#unverified"))!.includes("<script>window.pwned=1</script>"), "shown as text");
        assert.ok((await page.evaluate<number>("document.scrollingElement.scrollWidth")) <= 800);
        await page.$$eval("details", (all) => all.forEach((d) => ((d as unknown as { open: boolean }).open = true)));
        assert.ok((await page.evaluate<number>("document.scrollingElement.scrollWidth")) <= 800, "with every <details> open");
    });

    it("puts the environments side by side", async () => {
        const heads = await page.$$eval("#side-by-side thead th", (ths) => ths.map((th) => th.textContent));
        assert.deepEqual(heads, ["Metric", "dev", "staging", "prod"]);
        const row = await page.$$eval("#side-by-side tbody tr", (trs) => trs.filter((tr) => tr.querySelector("th")!.textContent === "Rollbacks under 5 minutes").map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent)));
        assert.deepEqual(row, [["0%", "0%", "100%"]]);
    });

    it("draws each figure over time with dated points in its week, and rollbacks against the 5-minute line", async () => {
        for (const id of ["deploys-per-week", "time-to-deploy", "rollback-durations", "verified-share"]) {
            const points = await page.$$eval(`#${id} circle.point`, (cs) => cs.map((c) => ({ series: c.getAttribute("data-series"), time: c.getAttribute("data-time")!, value: Number(c.getAttribute("data-value")), title: c.querySelector("title")?.textContent ?? "" })));
            assert.ok(points.length > 0, `${id} has points`);
            for (const p of points) {
                assert.ok(p.time >= "2026-11-19" && p.time <= "2026-12-04", `${id}: ${p.time} in the window`);
                assert.ok(p.title.includes(p.time.slice(0, 10)), `${id}: the point says its date: ${p.title}`);
            }
            const labels = await page.$$eval(`#${id} text.x-label`, (ts) => ts.map((t) => t.textContent));
            assert.equal(labels[0], "2026-11-19", id);
            assert.equal(labels[labels.length - 1], "2026-12-03", id);
        }
        const rollbacks = await page.$$eval("#rollback-durations circle.point", (cs) => cs.map((c) => [c.getAttribute("data-series"), Number(c.getAttribute("data-value")), Number(c.getAttribute("cy"))]));
        assert.deepEqual(rollbacks.map(([s, v]) => [s, v]).sort(), [["dev", 7], ["prod", 3], ["staging", 5]]);
        assert.equal(await page.textContent("#rollback-durations .reference-label"), "5 minutes");
        const line = Number(await page.getAttribute("#rollback-durations line.reference", "y1"));
        const cy = Object.fromEntries(rollbacks.map(([s, , y]) => [s, y as number]));
        assert.ok(cy.prod > line && Math.abs(cy.staging - line) < 0.2 && cy.dev < line, `3 min below the line, 5 on it, 7 above: ${JSON.stringify(cy)} vs ${line}`);
        const deploys = await page.$$eval("#deploys-per-week circle.point[data-series=prod]", (cs) => cs.map((c) => Number(c.getAttribute("data-value"))));
        assert.deepEqual(deploys, [0, 4, 3]);
        const verified = await page.$$eval("#verified-share circle.point", (cs) => cs.map((c) => [c.getAttribute("data-series"), Number(c.getAttribute("data-value"))]));
        assert.ok(verified.every(([s]) => s !== "dev"), "dev, the first stage, has no verified share");
        assert.ok((await page.$$("#verified-share text.y-tick")).length >= 2);
    });

    it("shows the lead time through the stages", async () => {
        const rows = await page.$$eval("#stages tbody tr", (trs) => trs.map((tr) => tr.querySelector("th")!.textContent));
        assert.deepEqual(rows, ["commit → dev", "dev → staging", "staging → prod", "total, commit → prod"]);
    });
});
