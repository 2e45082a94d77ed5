// The HTML report's trend: each environment's parity over the runs in the history, as inline SVG with
// dated points, an axis fitted to the data, the threshold labelled and the latest run marked.
import type { HistoryEntry } from "../history";
import { escapeHtml } from "../../project/escapeHtml";

export interface Axis {
    lo: number;
    hi: number;
    ticks: number[];
}

/** Steps that divide 100, so that an axis never runs past 0% or 100%. */
const steps = [0.5, 1, 2, 2.5, 5, 10, 20, 25];

/** A parity axis that holds every value (and the threshold) with at most six round ticks. */
export function fittedAxis(values: readonly number[]): Axis {
    let lo = Math.min(...values);
    let hi = Math.max(...values);
    if (hi - lo < 1) [lo, hi] = hi >= 100 ? [hi - 1, hi] : [lo, lo + 1];
    const step = steps.find((s) => (hi - lo) / s <= 5) ?? 25;
    lo = Math.max(0, Math.floor(lo / step) * step);
    hi = Math.min(100, Math.ceil(hi / step) * step);
    const ticks: number[] = [];
    for (let t = lo; t <= hi + 1e-9; t += step) ticks.push(Math.round(t * 10) / 10);
    return { lo, hi, ticks };
}

const colours = ["#0969da", "#8250df", "#bf3989", "#1a7f37", "#9a6700", "#cf222e"];
const width = 720;
const height = 260;
const left = 48;
const right = 120;
const top = 14;
const bottom = 46;

export function stackColour(index: number): string {
    return colours[index % colours.length];
}

/** `2026-11-21 14:05`, in UTC. */
function dateTime(time: string): string {
    return time.slice(0, 16).replace("T", " ");
}

function fixed(n: number): string {
    return n.toFixed(1);
}

/** The trend chart, its legend with the latest values, and the runs as a table on demand. */
export function trendChart(runs: readonly HistoryEntry[], stacks: readonly string[], threshold: number): string {
    const values = runs.flatMap((r) => stacks.map((s) => r.environments[s]).filter((p): p is number => typeof p === "number"));
    if (values.length === 0) return `<p id="trend-empty">No run in the history holds these environments yet.</p>`;
    const axis = fittedAxis([...values, threshold]);
    const y = (p: number) => top + ((axis.hi - p) / (axis.hi - axis.lo)) * (height - top - bottom);

    const times = runs.map((r) => Date.parse(r.time));
    const first = times[0];
    const last = times[times.length - 1];
    const byTime = times.every((t) => Number.isFinite(t)) && last > first;
    const plotWidth = width - left - right;
    const x = (i: number) => left + (runs.length === 1 ? plotWidth / 2 : byTime ? ((times[i] - first) / (last - first)) * plotWidth : (i / (runs.length - 1)) * plotWidth);

    const out: string[] = [];
    for (const t of axis.ticks) {
        out.push(`<line class="grid" x1="${left}" x2="${left + plotWidth}" y1="${fixed(y(t))}" y2="${fixed(y(t))}"/><text class="y-tick" x="${left - 6}" y="${fixed(y(t) + 4)}" text-anchor="end">${t}%</text>`);
    }
    // Dates along the axis: evenly spaced in time, or one per run when the runs share a time.
    // As precise as the span needs: days over two days, else minutes, else seconds.
    const span = last - first;
    const label = (ms: number) => {
        const iso = new Date(ms).toISOString();
        return span >= 2 * 86400000 ? iso.slice(0, 10) : span >= 5 * 60000 ? dateTime(iso).slice(5) : iso.slice(11, 19);
    };
    const tickCount = Math.min(5, runs.length);
    const xTicks = byTime
        ? Array.from({ length: tickCount }, (_, k) => first + ((last - first) * k) / (tickCount - 1)).map((ms) => ({ at: left + ((ms - first) / (last - first)) * plotWidth, text: label(ms) }))
        : [{ at: x(runs.length - 1), text: dateTime(runs[runs.length - 1].time) }];
    for (const tick of xTicks) {
        out.push(`<line class="x-tick" x1="${fixed(tick.at)}" x2="${fixed(tick.at)}" y1="${height - bottom}" y2="${height - bottom + 4}"/><text class="x-label" x="${fixed(tick.at)}" y="${height - bottom + 16}" text-anchor="middle">${escapeHtml(tick.text)}</text>`);
    }
    out.push(`<text class="axis-title" x="${left + plotWidth / 2}" y="${height - 8}" text-anchor="middle">run date (UTC)</text>`);
    out.push(`<line id="threshold" x1="${left}" x2="${left + plotWidth}" y1="${fixed(y(threshold))}" y2="${fixed(y(threshold))}"/><text id="threshold-label" x="${left + plotWidth + 6}" y="${fixed(y(threshold) + 4)}">threshold ${threshold}%</text>`);
    const latestX = x(runs.length - 1);
    out.push(`<line class="latest-run" x1="${fixed(latestX)}" x2="${fixed(latestX)}" y1="${top}" y2="${height - bottom}"/><text class="latest-label" x="${fixed(latestX)}" y="${top - 3}" text-anchor="end">latest</text>`);

    stacks.forEach((stack, s) => {
        const colour = stackColour(s);
        const points = runs.map((r, i) => ({ run: r, i, p: r.environments[stack] })).filter((pt): pt is { run: HistoryEntry; i: number; p: number } => typeof pt.p === "number");
        if (points.length > 1) out.push(`<polyline class="series" stroke="${colour}" points="${points.map((pt) => `${fixed(x(pt.i))},${fixed(y(pt.p))}`).join(" ")}"/>`);
        for (const pt of points) {
            const latest = pt.i === runs.length - 1;
            const title = `${stack} · ${dateTime(pt.run.time)} UTC · ${fixed(pt.p)}%${pt.run.commit ? ` · ${pt.run.commit.slice(0, 12)}` : ""}${latest ? " · latest" : ""}`;
            out.push(
                `<circle class="point${latest ? " latest" : ""}" data-stack="${escapeHtml(stack)}" data-time="${escapeHtml(pt.run.time)}" data-percent="${fixed(pt.p)}" cx="${fixed(x(pt.i))}" cy="${fixed(y(pt.p))}" r="${latest ? 5 : 3}" fill="${colour}"><title>${escapeHtml(title)}</title></circle>`,
            );
        }
    });

    const latest = runs[runs.length - 1];
    const legend = stacks
        .map((stack, s) => `<li><span class="swatch" style="background:${stackColour(s)}"></span>${escapeHtml(stack)}${typeof latest.environments[stack] === "number" ? ` ${fixed(latest.environments[stack])}%` : ""}</li>`)
        .join("");
    const note = runs.length < 2 ? `<p id="trend-empty">One run so far: pass <code>--history FILE</code> on every run to build the trend.</p>` : "";
    return `<svg id="trend" role="img" aria-label="parity per environment over ${runs.length} runs, from ${escapeHtml(dateTime(runs[0].time))} to ${escapeHtml(dateTime(latest.time))} UTC" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet">
${out.join("\n")}
</svg>
<ul id="trend-legend" class="legend">${legend}<li>${runs.length} runs, latest ${escapeHtml(dateTime(latest.time))} UTC (large points)</li></ul>${note}
${runsTable(runs, stacks)}`;
}

function runsTable(runs: readonly HistoryEntry[], stacks: readonly string[]): string {
    const rows = [...runs]
        .reverse()
        .map(
            (r) =>
                `<tr><td>${escapeHtml(dateTime(r.time))}</td><td>${r.commit ? `<code>${escapeHtml(r.commit.slice(0, 12))}</code>` : "–"}</td>${stacks
                    .map((s) => `<td>${typeof r.environments[s] === "number" ? `${fixed(r.environments[s])}%` : "–"}</td>`)
                    .join("")}<td>${Number.isFinite(r.unexplained) ? r.unexplained : "–"}</td><td>${r.passed === undefined ? "–" : r.passed ? "passed" : "failed"}</td></tr>`,
        )
        .join("\n");
    return `<details id="trend-runs"><summary>Every run (${runs.length}), newest first</summary>
<div class="scroll"><table><thead><tr><th>Time (UTC)</th><th>Commit</th>${stacks.map((s) => `<th>${escapeHtml(s)}</th>`).join("")}<th>Unexplained</th><th>Gate</th></tr></thead>
<tbody>
${rows}
</tbody></table></div></details>`;
}
