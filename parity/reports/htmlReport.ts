// The HTML report: one self-contained page (no scripts, fonts or images fetched) to investigate drift:
// the heat map shaded by parity with a legend, the trend from history as inline SVG, and the differences
// grouped by resource and reason with their full values on demand. It fits an 800 px wide window.
import type { Difference, Figure } from "../model";
import type { ShownPart } from "../differingPart";
import { fullValue, percent, shownValues, type ParityReport } from "../report";
import { differenceGroups, type ReasonGroup, type ResourceGroup } from "./differenceGroups";
import { escapeHtml as html } from "../../project/escapeHtml";
import { heatColour, heatScale, heatStatus, heatText, legendStops, type HeatScale, type HeatStatus } from "./heatScale";
import { trendChart } from "./trendChart";

interface HeatFigure {
    figure: Figure | undefined;
    intended: number;
    unexplained: number;
    label: string;
}

const statusNames: Record<HeatStatus, string> = {
    identical: "identical",
    intended: "only intended differences",
    unexplained: "unexplained drift",
};

/** `gated`: the environment's pooled figure, the one the threshold applies to. */
function heatCell(cell: HeatFigure, scale: HeatScale, gated: boolean): string {
    const f = cell.figure;
    if (f === undefined) return `<td class="heat none" title="${html(`${cell.label}: not compared`)}">–</td>`;
    const status = heatStatus(cell.intended, cell.unexplained);
    const below = gated && f.parityPercent < scale.threshold;
    const title = `${cell.label}: ${percent(f.parityPercent)} (${f.identical}/${f.total} identical), ${cell.intended} intended, ${cell.unexplained} unexplained${below ? `, below the threshold of ${scale.threshold}%` : ""}`;
    return `<td class="heat ${status}${below ? " below" : ""}" data-status="${status}" data-percent="${f.parityPercent.toFixed(1)}" title="${html(title)}" style="background:${heatColour(status, f.parityPercent, scale)};color:${heatText(status, f.parityPercent, scale)}">${below ? `<span class="below-mark" aria-label="below the threshold">▼</span> ` : ""}${percent(f.parityPercent)}<br><small>${f.identical}/${f.total}</small></td>`;
}

function swatch(status: HeatStatus, p: number, scale: HeatScale): string {
    return `<span class="swatch" style="background:${heatColour(status, p, scale)}" title="${html(`${statusNames[status]} at ${p}%`)}"></span>`;
}

function legend(scale: HeatScale): string {
    const stops = legendStops(scale);
    const ramp = (status: HeatStatus) => `${stops.map((p) => `<span class="stop">${swatch(status, p, scale)}<small>${p}%</small></span>`).join("")}`;
    return `<div id="legend" class="legend-block"><p>A cell's colour says what its differences are; the shade, how far its parity is from 100% (deepest at ${scale.floor}% and below).</p>
<ul class="legend">
<li data-status="identical">${swatch("identical", 100, scale)} identical: 100%, no differences</li>
<li data-status="intended"><span class="ramp">${ramp("intended")}</span> only intended differences (declared in parity.yaml)</li>
<li data-status="unexplained"><span class="ramp">${ramp("unexplained")}</span> unexplained drift</li>
<li data-status="below"><span class="below-mark">▼</span> (All sources) below the threshold of ${scale.threshold}%: the gate fails</li>
</ul></div>`;
}

function heatMap(report: ParityReport): string {
    const count = (stack: string, inSource: (d: Difference) => boolean) => {
        const list = report.differences.filter((d) => d.stack === stack && inSource(d));
        const intended = list.filter((d) => d.intended).length;
        return { intended, unexplained: list.length - intended };
    };
    const rows = report.environments.map((e) => [
        { figure: e, intended: e.intended, unexplained: e.unexplained, label: `${e.stack}, all sources` },
        ...report.sources.map((s) => ({ figure: e.bySource[s], ...count(e.stack, (d) => d.source === s), label: `${e.stack}, ${s}` })),
        { figure: e.resources, ...count(e.stack, (d) => d.source !== "config"), label: `${e.stack}, resources` },
    ]);
    const percents = rows.flat().flatMap((c) => (c.figure ? [c.figure.parityPercent] : []));
    const scale = heatScale(percents, report.threshold);
    const body = report.environments
        .map((e, i) => `<tr><th scope="row">${html(e.stack)}</th>${rows[i].map((c, k) => heatCell(c, scale, k === 0)).join("")}<td class="count">${e.intended}</td><td class="count">${e.unexplained}</td></tr>`)
        .join("\n");
    return `<div class="scroll"><table id="heatmap"><thead><tr><th>Stack</th><th>All sources</th>${report.sources.map((s) => `<th>${s}</th>`).join("")}<th>Resources</th><th>Intended</th><th>Unexplained</th></tr></thead>
<tbody>
${body}
</tbody></table></div>
${legend(scale)}`;
}

/** The shown part of a value, the differing run marked. */
function part(shown: ShownPart): string {
    const { text, differsAt, differsTo } = shown;
    if (differsAt === undefined) return html(text);
    const to = Math.max(differsAt, differsTo ?? text.length);
    return `${html(text.slice(0, differsAt))}<mark>${html(text.slice(differsAt, to))}</mark>${html(text.slice(to))}`;
}

/** A full value as a person reads it: JSON (and JSON held in a string) indented, secrets already masked. */
export function readableValue(canonical: string): string {
    let value: unknown;
    try {
        value = JSON.parse(canonical);
    } catch {
        return canonical;
    }
    if (typeof value === "string" && /^\s*[[{]/.test(value)) {
        try {
            return JSON.stringify(JSON.parse(value), null, 2);
        } catch {
            return canonical;
        }
    }
    return value !== null && typeof value === "object" ? JSON.stringify(value, null, 2) : canonical;
}

function differenceRows(d: Difference, baseline: string): string {
    const shown = shownValues(d);
    // A whole resource one stack lacks has no path of its own (a whole config entry has its key).
    const setting = d.scope === "config" ? d.key : d.path || "(the whole resource)";
    const note = !d.intended && d.note ? `<br><small class="note">${html(d.note)}</small>` : "";
    // A side without a value says why: absent, or the size of the whole resource it holds.
    const cell = (p: ShownPart, present: boolean) => (present ? `<code>${part(p)}</code>` : `<em>${html(p.text)}</em>`);
    const row = `<tr class="difference ${d.intended ? "intended" : "unexplained"}" data-stack="${html(d.stack)}" data-key="${html(d.key)}"><td>${html(d.stack)}</td><td><code>${html(setting)}</code><br><small>${d.source} · ${d.kind}${d.neutralized ? " · stack name replaced" : ""}${d.secret ? " · secret (compared by presence)" : ""}</small>${note}</td><td>${cell(shown.baseline, d.baselineValue !== undefined)}</td><td>${cell(shown.value, d.value !== undefined)}</td></tr>`;
    const full = (value: string | undefined) => fullValue(d, value);
    const cut = (value: string | undefined, p: ShownPart) => value !== undefined && full(value) !== p.text;
    if (!cut(d.baselineValue, shown.baseline) && !cut(d.value, shown.value)) return row;
    const side = (stack: string, value: string | undefined) => `<div class="side"><h5>${html(stack)}</h5>${value === undefined ? "<em>absent</em>" : `<pre>${html(readableValue(full(value)))}</pre>`}</div>`;
    return `${row}
<tr class="full"><td colspan="4"><details class="full-values"><summary>Full values</summary>${side(baseline, d.baselineValue)}${side(d.stack, d.value)}</details></td></tr>`;
}

function counts(n: { intended: number; unexplained: number }): string {
    return `${n.intended + n.unexplained} ${n.intended + n.unexplained === 1 ? "difference" : "differences"}: ${n.unexplained} unexplained, ${n.intended} intended`;
}

function reasonSection(group: ReasonGroup, baseline: string): string {
    const title = group.intended ? `${html(group.reason)}${group.owner ? ` <small>(owner: ${html(group.owner)})</small>` : ""}` : `<span class="tag">unexplained</span>`;
    return `<details class="reason ${group.intended ? "intended" : "unexplained"}" data-reason="${html(group.reason)}" data-count="${group.differences.length}"${group.intended ? "" : " open"}>
<summary>${title} <span class="count">(${group.differences.length})</span></summary>
<table class="differences"><thead><tr><th>Stack</th><th>Setting</th><th>Baseline (${html(baseline)})</th><th>Stack's value</th></tr></thead>
<tbody>
${group.differences.map((d) => differenceRows(d, baseline)).join("\n")}
</tbody></table></details>`;
}

function resourceSection(group: ResourceGroup, baseline: string): string {
    const cut = group.scope.indexOf("::");
    const name = group.scope === "config" ? `<span class="name">Stack config</span>` : cut < 0 ? `<code class="name">${html(group.scope)}</code>` : `<code class="name">${html(group.scope.slice(cut + 2))}</code> <small class="type">${html(group.scope.slice(0, cut))}</small>`;
    return `<section class="resource${group.unexplained ? " has-unexplained" : ""}" data-scope="${html(group.scope)}" data-intended="${group.intended}" data-unexplained="${group.unexplained}">
<h3>${name} <span class="counts">${counts(group)}</span></h3>
${group.reasons.map((r) => reasonSection(r, baseline)).join("\n")}
</section>`;
}

const style = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;padding:1em 1.5em;max-width:72em;color:#1f2328}
h1{font-size:1.5em;margin:.3em 0}h2{margin-top:1.6em;border-bottom:1px solid #d0d7de}h3{margin:1.2em 0 .4em;font-size:1.05em;overflow-wrap:anywhere}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top}
.scroll{max-width:100%;overflow-x:auto}
td.heat{text-align:center;font-weight:600;white-space:nowrap}td.heat.below{outline:3px solid #1f2328;outline-offset:-3px}td.count{text-align:right}
.verdict{font-size:1.2em}.legend{list-style:none;padding:0;margin:.4em 0}.legend li{margin:.3em 0;display:flex;flex-wrap:wrap;align-items:center;gap:.4em}
#trend-legend{display:flex;flex-wrap:wrap;gap:1em}
.swatch{display:inline-block;width:1.6em;height:1.1em;border-radius:2px;vertical-align:middle}.ramp{display:inline-flex;gap:2px}.stop{display:inline-flex;flex-direction:column;align-items:center}
.below-mark{font-weight:700}
#trend{width:100%;max-width:720px;height:auto;display:block;font:11px system-ui,sans-serif}
#trend .grid{stroke:#d0d7de}#trend .series{fill:none;stroke-width:2}#trend .point{stroke:#fff;stroke-width:1}#trend .point.latest{stroke:#1f2328;stroke-width:2}
#trend #threshold{stroke:#1f2328;stroke-dasharray:5 3}#trend #threshold-label{font-weight:600}#trend .latest-run{stroke:#8c959f;stroke-dasharray:2 3}#trend .x-tick{stroke:#8c959f}
section.resource{border-left:4px solid #54aeff;padding:.1em 0 .3em .8em;margin:1em 0}section.resource.has-unexplained{border-left-color:#cf222e}
.type,.counts{color:#59636e;font-weight:400}.counts{font-size:.9em;display:block}
details.reason{margin:.4em 0}details.reason>summary{cursor:pointer}details.reason.unexplained>summary{color:#a40e26}
.tag{background:#ffebe9;color:#a40e26;border:1px solid #ff8182;border-radius:1em;padding:0 .6em}
table.differences{width:100%;table-layout:fixed}table.differences th:nth-child(1){width:7em}table.differences th:nth-child(2){width:30%}
table.differences code,table.differences pre{overflow-wrap:anywhere;white-space:pre-wrap}
tr.difference.unexplained td{background:#fff5f5}mark{background:#fff8c5;outline:1px solid #d4a72c}
details.full-values pre{margin:.2em 0;padding:.4em;background:#f6f8fa;max-height:24em;overflow:auto}.side h5{margin:.4em 0 0}
.note{color:#a40e26}.warning{color:#9a6700}
`;

export function htmlReport(report: ParityReport): string {
    const t = report.threshold;
    const since = report.sinceLastRun;
    const groups = differenceGroups(report.differences);
    const totals = { intended: report.differences.filter((d) => d.intended).length, unexplained: report.unexplained };
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Parity vs ${html(report.baseline)}: ${report.passed ? "passed" : "failed"}</title>
<style>${style}</style></head><body>
<h1>Environment parity vs ${html(report.baseline)}</h1>
<p class="verdict">${report.passed ? "✅ Passed" : "❌ Failed"}: worst ${report.worst ? `${html(report.worst.stack)} at ${percent(report.worst.parityPercent)}` : "–"} (threshold ${t}%), unexplained drift ${report.unexplained} (maximum ${report.maxUnexplained}).</p>
<p>Project ${html(report.project)}, generated ${html(report.generatedAt)}${report.commit ? `, commit <code>${html(report.commit.slice(0, 12))}</code>` : ""}; sources: ${report.sources.join(" + ")}. Identical in all environments: ${percent(report.identicalInAll.parityPercent)} (${report.identicalInAll.identical}/${report.identicalInAll.total}).</p>
<h2>Heat map</h2>
${heatMap(report)}
<h2>Trend</h2>
${trendChart(report.trend, report.environments.map((e) => e.stack), t)}
${since.previous ? `<p id="since">Since the previous run (${html(since.previous.time)}): ${since.newDrift.length} new drift, ${since.resolvedDrift.length} resolved${since.crossings.length ? `; ${html(since.crossings.join("; "))}` : ""}.</p>` : ""}
<section id="differences">
<h2>Differences (${counts(totals)}), by resource (${groups.length})</h2>
${groups.length === 0 ? "<p>None: every environment matches the baseline.</p>" : groups.map((g) => resourceSection(g, report.baseline)).join("\n")}
</section>
${report.warnings.map((w) => `<p class="warning">⚠ ${html(w)}</p>`).join("\n")}
</body></html>
`;
}
