import { strict as assert } from "assert";
import type { HistoryEntry } from "../../../parity/history";
import { fittedAxis, trendChart } from "../../../parity/reports/trendChart";

function run(time: string, environments: Record<string, number>): HistoryEntry {
    return { time, baseline: "prod", sources: ["config"], passed: true, threshold: 90, environments, unexplained: 0, drift: [] };
}

describe("the trend chart", () => {
    it("fits the axis to the data and the threshold, on round ticks", () => {
        assert.deepEqual(fittedAxis([93.3, 93.3, 90]), { lo: 90, hi: 94, ticks: [90, 91, 92, 93, 94] });
        assert.deepEqual(fittedAxis([75, 100, 90]), { lo: 75, hi: 100, ticks: [75, 80, 85, 90, 95, 100] });
        assert.deepEqual(fittedAxis([0, 100]), { lo: 0, hi: 100, ticks: [0, 20, 40, 60, 80, 100] });
        assert.deepEqual(fittedAxis([100, 100]), { lo: 99, hi: 100, ticks: [99, 99.5, 100] });
    });

    it("dates every point, labels the threshold and marks the latest run", () => {
        const svg = trendChart([run("2026-11-19T00:00:00.000Z", { dev: 100 }), run("2026-11-22T06:00:00.000Z", { dev: 92.5 })], ["dev"], 90);
        assert.match(svg, /<circle class="point" data-stack="dev" data-time="2026-11-19T00:00:00.000Z" data-percent="100.0"[^>]*><title>dev · 2026-11-19 00:00 UTC · 100.0%<\/title>/);
        assert.match(svg, /<circle class="point latest" data-stack="dev" data-time="2026-11-22T06:00:00.000Z"/);
        assert.match(svg, />threshold 90%</);
        assert.match(svg, /class="x-label"[^>]*>2026-11-19</);
        assert.doesNotMatch(svg, />0%</, "not a fixed 0..100 axis");
    });

    it("labels runs minutes apart by the time, and says how to build a trend from one run", () => {
        assert.match(trendChart([run("2026-11-22T10:00:00.000Z", { dev: 90 }), run("2026-11-22T10:30:00.000Z", { dev: 95 })], ["dev"], 90), /class="x-label"[^>]*>11-22 10:30</);
        assert.match(trendChart([run("2026-11-22T10:00:00.000Z", { dev: 90 })], ["dev"], 90), /id="trend-empty">One run so far/);
    });
});
