// The HTML report opened in headless Chromium (Debian's chromium; .ci/run installs it).
import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { chromium } from "playwright-core";
import { runParity } from "../../app/parity";

const executablePath = "/usr/bin/chromium";
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

describe("parity HTML report in a browser", function () {
    this.timeout(60000);

    it("shows the heat map and the trend from history, offline", async () => {
        assert.ok(fs.existsSync(executablePath), `${executablePath} is missing: apt-get install -y chromium (.ci/run does)`);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "parity-html-"));
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: demo\nruntime: nodejs\n");
        fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), "config:\n  demo:a: 1\n  demo:b: 2\n");
        fs.writeFileSync(path.join(dir, "Pulumi.staging.yaml"), "config:\n  demo:a: 1\n  demo:b: 2\n");
        fs.writeFileSync(path.join(dir, "Pulumi.dev.yaml"), "config:\n  demo:a: 1\n  demo:b: 3\n");
        const history = path.join(dir, "history.jsonl");
        fs.writeFileSync(history, ['{"time":"2026-11-20T00:00:00.000Z","environments":{"dev":100,"staging":100},"unexplained":0,"drift":[],"passed":true,"threshold":90}', '{"time":"2026-11-21T00:00:00.000Z","environments":{"dev":75,"staging":100},"unexplained":1,"drift":[],"passed":false,"threshold":90}'].join("\n") + "\n");
        const out = path.join(dir, "parity.html");
        fs.writeFileSync(out, (await runParity({ dir, sources: ["config"], format: "html", history, now: new Date("2026-11-22T00:00:00Z") })).text);

        const browser = await chromium.launch({ executablePath, args: flags });
        try {
            const page = await browser.newPage();
            const requests: string[] = [];
            page.on("request", (r) => requests.push(r.url()));
            await page.goto(`file://${out}`);
            assert.equal(await page.title(), "Parity vs prod: failed");
            const cells = await page.$$eval("#heatmap td.heat", (tds) => tds.map((td) => ({ percent: td.getAttribute("data-percent"), colour: (globalThis as unknown as { getComputedStyle(e: unknown): { backgroundColor: string } }).getComputedStyle(td).backgroundColor })));
            assert.equal(cells.length, 6, "two environments × (all sources, config, resources)");
            const byPercent = Object.fromEntries(cells.filter((c) => c.percent).map((c) => [c.percent, c.colour]));
            assert.equal(byPercent["100.0"], "rgb(26, 127, 55)");
            assert.equal(byPercent["50.0"], "rgb(207, 34, 46)");
            assert.equal(await page.$$eval("#trend polyline", (lines) => lines.length), 2);
            assert.ok(await page.isVisible("#heatmap"));
            assert.deepEqual(requests.filter((u) => !u.startsWith("file:")), [], "self-contained");
        } finally {
            await browser.close();
        }
    });
});
