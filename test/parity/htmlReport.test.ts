// The HTML report opened in headless Chromium (Debian's chromium; .ci/run installs it) at 800 px wide.
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { Browser, Page } from "playwright-core";
import { openHeadless } from "../helpers/headlessPage";
import { runParity } from "../../app/parity";


const hostile = `</td></code><script>window.pwned=1</script><img src=x onerror="window.pwned=2">`;
const stacks = ["prod", "perf", "staging", "qa", "dev"];

/** A trust policy as deployed: a JSON document in a string, long, differing only in the principal. */
function trustPolicy(role: string): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: [{ Sid: "AllowTheDeployRoleToAssumeThisOne", Effect: "Allow", Action: "sts:AssumeRole", Principal: { AWS: `arn:aws:iam::123456789012:role/${role}` } }] });
}

/**
 * prod and perf are identical; staging differs in one intended setting and qa in two; dev in one intended
 * and four unexplained (two config values, one of them hostile, its role's trust policy, and a queue
 * only dev has).
 */
function project(): { dir: string; history: string } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-html-"));
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: demo\nruntime: nodejs\n");
    fs.writeFileSync(
        path.join(dir, "parity.yaml"),
        "intended:\n  - path: demo:replicas\n    reason: Production runs three replicas; the others fewer, to save cost.\n    owner: platform\n  - path: demo:size\n    reason: QA runs on smaller nodes.\n",
    );
    const config: Record<string, Record<string, unknown>> = {
        prod: { "demo:a": 1, "demo:b": 2, "demo:replicas": 3, "demo:size": "large", "demo:banner": "hello" },
    };
    config.perf = { ...config.prod };
    config.staging = { ...config.prod, "demo:replicas": 2 };
    config.qa = { ...config.prod, "demo:replicas": 2, "demo:size": "medium" };
    config.dev = { ...config.prod, "demo:replicas": 1, "demo:b": 3, "demo:banner": hostile };
    fs.mkdirSync(path.join(dir, "state"));
    for (const stack of stacks) {
        fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), `config:\n${Object.entries(config[stack]).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`).join("\n")}\n`);
        const resources = [
            { urn: `urn:pulumi:${stack}::demo::aws:iam/role:Role::deploy-role`, type: "aws:iam/role:Role", custom: true, inputs: { assumeRolePolicy: trustPolicy(stack === "dev" ? "breakglass-admin" : "ci-deployer") } },
            { urn: `urn:pulumi:${stack}::demo::aws:s3/bucket:Bucket::logs`, type: "aws:s3/bucket:Bucket", custom: true, inputs: { acl: "private" } },
            ...(stack === "dev" ? [{ urn: "urn:pulumi:dev::demo::aws:sqs/queue:Queue::debug", type: "aws:sqs/queue:Queue", custom: true, inputs: { delaySeconds: 0, visibilityTimeoutSeconds: 30 } }] : []),
        ];
        fs.writeFileSync(path.join(dir, "state", `${stack}.json`), JSON.stringify({ version: 3, checkpoint: { stack, latest: { resources } } }));
    }
    const history = path.join(dir, "history.jsonl");
    const run = (day: string, dev: number) => JSON.stringify({ time: `2026-11-${day}T00:00:00.000Z`, environments: { perf: 100, staging: 95, qa: 90, dev }, unexplained: dev < 100 ? 1 : 0, drift: [], passed: dev >= 90, threshold: 90 });
    fs.writeFileSync(history, [run("19", 100), run("20", 92.5), run("21", 85)].join("\n") + "\n");
    return { dir, history };
}

// The page's DOM as these tests use it (the project's TypeScript has no DOM library).
type Details = { open: boolean };
type Styles = { getComputedStyle(element: unknown): { backgroundColor: string } };

function rgb(colour: string): [number, number, number] {
    const m = /rgb\((\d+), (\d+), (\d+)\)/.exec(colour);
    assert.ok(m, colour);
    return [Number(m[1]), Number(m[2]), Number(m[3])];
}

describe("parity HTML report in a browser", function () {
    this.timeout(60000);
    let browser: Browser;
    let page: Page;
    let requests: string[] = [];

    before(async () => {
        const { dir, history } = project();
        const out = path.join(dir, "parity.html");
        const run = await runParity({ dir, sources: ["config", "state"], stateDir: path.join(dir, "state"), format: "html", history, now: new Date("2026-11-22T00:00:00Z") });
        fs.writeFileSync(out, run.text);
        ({ browser, page, requests } = await openHeadless(out));
    });

    after(async () => {
        await browser?.close();
    });

    it("is self-contained and fits 800 px without a horizontal scroll, full values open or not", async () => {
        assert.equal(await page.title(), "Parity vs prod: failed");
        assert.deepEqual(requests.filter((u) => !u.startsWith("file:")), [], "self-contained");
        assert.ok((await page.evaluate<number>("document.scrollingElement.scrollWidth")) <= 800);
        await page.$$eval("details", (all) => all.forEach((d) => ((d as unknown as Details).open = true)));
        assert.ok((await page.evaluate<number>("document.scrollingElement.scrollWidth")) <= 800, "with every <details> open");
        await page.reload();
    });

    it("shades the heat map by parity, in a hue per kind of difference, with a legend", async () => {
        const cells = await page.$$eval("#heatmap tbody tr", (rows) =>
            rows.map((tr) => {
                const td = tr.querySelector("td.heat")!;
                return { stack: tr.querySelector("th")!.textContent, status: td.getAttribute("data-status"), percent: Number(td.getAttribute("data-percent")), colour: (globalThis as unknown as Styles).getComputedStyle(td).backgroundColor, below: td.classList.contains("below") };
            }),
        );
        const by = Object.fromEntries(cells.map((c) => [c.stack, c]));
        assert.deepEqual(Object.fromEntries(cells.map((c) => [c.stack, c.status])), { perf: "identical", staging: "intended", qa: "intended", dev: "unexplained" });
        const [pr, pg, pb] = rgb(by.perf.colour);
        assert.ok(pg > pr && pg > pb, `identical is green: ${by.perf.colour}`);
        for (const stack of ["staging", "qa"]) {
            const [r, , b] = rgb(by[stack].colour);
            assert.ok(b > r, `intended differences are not red: ${stack} ${by[stack].colour}`);
        }
        const [dr, , db] = rgb(by.dev.colour);
        assert.ok(dr > db, `unexplained drift is red: ${by.dev.colour}`);
        assert.ok(by.qa.percent < by.staging.percent);
        assert.notEqual(by.qa.colour, by.staging.colour, "a shade by value, not one colour per kind");
        assert.equal(by.dev.below, by.dev.percent < 90);
        const legend = await page.$$eval("#legend li", (items) => items.map((li) => li.getAttribute("data-status")));
        assert.deepEqual(legend, ["identical", "intended", "unexplained", "below"]);
        assert.ok((await page.$$("#legend li[data-status=intended] .swatch")).length >= 3, "the legend shows the shades");
    });

    it("draws the trend with dated points, an axis fitted to the data, the threshold and the latest run", async () => {
        const points = await page.$$eval("#trend circle.point", (cs) => cs.map((c) => ({ stack: c.getAttribute("data-stack"), time: c.getAttribute("data-time"), percent: Number(c.getAttribute("data-percent")), title: c.querySelector("title")?.textContent ?? "", latest: c.classList.contains("latest") })));
        assert.equal(points.length, 4 * 4, "four environments × four runs");
        assert.ok(points.every((p) => p.title.includes(p.time!.slice(0, 10))), "each point says its date");
        const latest = points.filter((p) => p.latest);
        assert.deepEqual(latest.map((p) => p.time), Array(4).fill("2026-11-22T00:00:00.000Z"));
        const labels = await page.$$eval("#trend text.x-label", (ts) => ts.map((t) => t.textContent));
        assert.ok(labels.includes("2026-11-19") && labels.includes("2026-11-22"), labels.join(", "));
        assert.equal(await page.textContent("#threshold-label"), "threshold 90%");
        const ticks = await page.$$eval("#trend text.y-tick", (ts) => ts.map((t) => parseFloat(t.textContent ?? "")));
        const lowest = Math.min(...points.map((p) => p.percent));
        assert.ok(ticks[0] > 0 && ticks[0] <= lowest && lowest - ticks[0] < 25, `fitted, not 0..100: ${ticks.join(", ")} for a lowest ${lowest}`);
        assert.equal(Math.max(...ticks), 100);
    });

    it("groups the differences by resource and then reason, with counts and full values on demand", async () => {
        const groups = await page.$$eval("#differences section.resource", (sections) =>
            sections.map((s) => ({
                scope: s.getAttribute("data-scope"),
                unexplained: Number(s.getAttribute("data-unexplained")),
                intended: Number(s.getAttribute("data-intended")),
                reasons: [...s.querySelectorAll("details.reason")].map((d) => [d.getAttribute("data-reason"), Number(d.getAttribute("data-count")), (d as unknown as Details).open]),
            })),
        );
        assert.deepEqual(groups, [
            {
                scope: "config",
                unexplained: 2,
                intended: 4,
                reasons: [
                    ["unexplained", 2, true],
                    ["Production runs three replicas; the others fewer, to save cost.", 3, false],
                    ["QA runs on smaller nodes.", 1, false],
                ],
            },
            { scope: "aws:iam/role:Role::deploy-role", unexplained: 1, intended: 0, reasons: [["unexplained", 1, true]] },
            { scope: "aws:sqs/queue:Queue::debug", unexplained: 1, intended: 0, reasons: [["unexplained", 1, true]] },
        ]);
        const queue = await page.$$eval("#differences section.resource[data-scope='aws:sqs/queue:Queue::debug'] tr.difference td", (tds) => tds.map((td) => td.textContent));
        assert.equal(queue[2], "(absent)");
        assert.match(queue[3] ?? "", /^\(the whole resource, \d+ settings\)$/, "a resource only one stack has: its size, not two absent sides");
        const role = "#differences section.resource[data-scope='aws:iam/role:Role::deploy-role']";
        const shown = await page.$$eval(`${role} tr.difference mark`, (ms) => ms.map((m) => m.textContent));
        assert.deepEqual(shown, ["ci-deployer", "breakglass-admin"], "the shown part marks where the values differ");
        const full = await page.$(`${role} details.full-values`);
        assert.ok(full, "full values on demand");
        const text = await full.textContent();
        assert.ok(text!.includes("arn:aws:iam::123456789012:role/ci-deployer") && text!.includes("arn:aws:iam::123456789012:role/breakglass-admin"));
    });

    it("escapes every value: a hostile one is shown as text and runs nothing", async () => {
        assert.equal(await page.evaluate<number>("document.scripts.length"), 0);
        assert.equal(await page.evaluate<string>("typeof window.pwned"), "undefined");
        assert.equal((await page.$$("#differences img")).length, 0);
        const cells = await page.$$eval("#differences tr.difference code", (cs) => cs.map((c) => c.textContent ?? ""));
        assert.ok(cells.some((c) => c.includes("<script>window.pwned=1</script>")), "the value is shown as text");
    });
});
