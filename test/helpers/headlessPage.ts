// A self-contained HTML report opened in Debian's headless Chromium (.ci/run installs it) at 800 px wide,
// with every request the page makes recorded, for the report tests that check it in a browser.
import { strict as assert } from "assert";
import * as fs from "fs";
import { chromium, type Browser, type Page } from "playwright-core";

const executablePath = "/usr/bin/chromium";
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface HeadlessPage {
    browser: Browser;
    page: Page;
    /** Every URL the page requested, in order. */
    requests: string[];
}

export async function openHeadless(file: string): Promise<HeadlessPage> {
    assert.ok(fs.existsSync(executablePath), `${executablePath} is missing: apt-get install -y chromium (.ci/run does)`);
    const browser = await chromium.launch({ executablePath, args: flags });
    const page = await browser.newPage({ viewport: { width: 800, height: 900 } });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(`file://${file}`);
    return { browser, page, requests };
}
