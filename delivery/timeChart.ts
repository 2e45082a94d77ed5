// A figure over time as inline SVG: one series per environment, dated points (each with its value and
// date in a title), a value axis from 0 with round ticks, dates along the time axis, and an optional
// reference line (the 5-minute rollback target, say). No script: the titles are the tooltips.
import { escapeHtml as html } from "../project/escapeHtml";

export interface ChartPoint {
    /** ISO time. */
    at: string;
    value: number;
    /** What the point's title says after the series name and date. */
    label: string;
}

export interface ChartSeries {
    name: string;
    colour: string;
    points: ChartPoint[];
    /** Join the points with a line (a trend); off for events such as single rollbacks. */
    line: boolean;
}

export interface TimeChart {
    id: string;
    /** What the chart shows, for its heading and aria-label. */
    title: string;
    unit: string;
    from: number;
    to: number;
    series: ChartSeries[];
    reference?: { value: number; label: string };
    /** The axis ends at this value at most (100 for a percentage). */
    ceiling?: number;
    /** Said instead of the chart when no series has a point. */
    empty: string;
}

const width = 720;
const height = 220;
const left = 52;
const right = 110;
const top = 14;
const bottom = 40;

/** Ticks from 0 with a round step (1, 2, 2.5 or 5 times a power of ten), at most six. */
export function valueTicks(max: number): number[] {
    if (!(max > 0)) return [0, 1];
    const power = 10 ** Math.floor(Math.log10(max / 5));
    const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => max / s <= 5)!;
    const ticks: number[] = [];
    for (let t = 0; t < max + step - 1e-9; t += step) ticks.push(Number(t.toPrecision(6)));
    return ticks;
}

const fixed = (n: number) => n.toFixed(1);
const date = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function timeChart(chart: TimeChart): string {
    const values = chart.series.flatMap((s) => s.points.map((p) => p.value));
    if (values.length === 0) return `<p class="chart-empty" id="${html(chart.id)}-empty">${html(chart.empty)}</p>`;
    let ticks = valueTicks(Math.max(...values, chart.reference?.value ?? 0));
    if (chart.ceiling !== undefined && ticks[ticks.length - 1] > chart.ceiling) ticks = [...ticks.filter((t) => t < chart.ceiling!), chart.ceiling];
    const hi = ticks[ticks.length - 1];
    const plotWidth = width - left - right;
    const span = Math.max(1, chart.to - chart.from);
    const x = (at: string) => left + ((Date.parse(at) - chart.from) / span) * plotWidth;
    const y = (v: number) => top + ((hi - v) / hi) * (height - top - bottom);

    const out: string[] = [];
    for (const t of ticks) out.push(`<line class="grid" x1="${left}" x2="${left + plotWidth}" y1="${fixed(y(t))}" y2="${fixed(y(t))}"/><text class="y-tick" x="${left - 6}" y="${fixed(y(t) + 4)}" text-anchor="end">${t}${html(chart.unit === "%" ? "%" : "")}</text>`);
    out.push(`<text class="axis-title" x="12" y="${fixed(top + (height - top - bottom) / 2)}" transform="rotate(-90 12 ${fixed(top + (height - top - bottom) / 2)})" text-anchor="middle">${html(chart.unit)}</text>`);
    const dateTicks = 5;
    for (let k = 0; k < dateTicks; k++) {
        const ms = chart.from + (span * k) / (dateTicks - 1);
        const at = left + (plotWidth * k) / (dateTicks - 1);
        out.push(`<line class="x-tick" x1="${fixed(at)}" x2="${fixed(at)}" y1="${height - bottom}" y2="${height - bottom + 4}"/><text class="x-label" x="${fixed(at)}" y="${height - bottom + 16}" text-anchor="middle">${date(ms)}</text>`);
    }
    out.push(`<text class="axis-title" x="${left + plotWidth / 2}" y="${height - 6}" text-anchor="middle">date (UTC)</text>`);
    if (chart.reference) {
        const r = chart.reference;
        out.push(`<line class="reference" x1="${left}" x2="${left + plotWidth}" y1="${fixed(y(r.value))}" y2="${fixed(y(r.value))}"/><text class="reference-label" x="${left + plotWidth + 6}" y="${fixed(y(r.value) + 4)}">${html(r.label)}</text>`);
    }
    for (const s of chart.series) {
        const points = [...s.points].sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
        if (s.line && points.length > 1) out.push(`<polyline class="series" stroke="${s.colour}" points="${points.map((p) => `${fixed(x(p.at))},${fixed(y(p.value))}`).join(" ")}"/>`);
        for (const p of points) {
            out.push(
                `<circle class="point" data-series="${html(s.name)}" data-time="${html(p.at)}" data-value="${p.value}" cx="${fixed(x(p.at))}" cy="${fixed(y(p.value))}" r="3.5" fill="${s.colour}"><title>${html(`${s.name} · ${p.at.slice(0, 10)} · ${p.label}`)}</title></circle>`,
            );
        }
    }
    const legend = chart.series.map((s) => `<li><span class="swatch" style="background:${s.colour}"></span>${html(s.name)} (${s.points.length})</li>`).join("");
    return `<svg id="${html(chart.id)}" class="chart" role="img" aria-label="${html(`${chart.title}, ${date(chart.from)} to ${date(chart.to)}`)}" viewBox="0 0 ${width} ${height}" preserveAspectRatio="xMinYMin meet">
${out.join("\n")}
</svg>
<ul class="legend" id="${html(chart.id)}-legend">${legend}</ul>`;
}
