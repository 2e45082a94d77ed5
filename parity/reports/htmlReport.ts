// The HTML report: one self-contained page (no scripts, fonts or images fetched) with the
// environment-by-environment heat map, the trend from history as inline SVG, and the differences.
import type { Figure } from "../model";
import { percent, shortValue, type ParityReport } from "../report";

function html(text: string): string {
    return text.replace(/[<>&"']/g, (c) => `&${{ "<": "lt", ">": "gt", "&": "amp", '"': "quot", "'": "#39" }[c]};`);
}

/** Red at 0%, amber near the threshold, green at 100%. */
function heat(f: Figure | undefined, threshold: number): string {
    if (f === undefined) return "#eee";
    const p = f.parityPercent;
    if (p >= 100) return "#1a7f37";
    if (p >= threshold) return "#4ac26b";
    if (p >= threshold - 15) return "#d4a72c";
    return "#cf222e";
}

function heatCell(f: Figure | undefined, threshold: number, label: string): string {
    const text = f === undefined ? "–" : `${percent(f.parityPercent)}<br><small>${f.identical}/${f.total}</small>`;
    return `<td class="heat" data-percent="${f === undefined ? "" : f.parityPercent.toFixed(1)}" title="${html(label)}" style="background:${heat(f, threshold)}">${text}</td>`;
}

function trendSvg(report: ParityReport): string {
    const runs = report.trend;
    if (runs.length < 2) return `<p id="trend-empty">The trend appears from the second run with --history.</p>`;
    const stacks = report.environments.map((e) => e.stack);
    const width = 600;
    const height = 160;
    const x = (i: number) => 30 + (i * (width - 40)) / (runs.length - 1);
    const y = (p: number) => height - 20 - (p / 100) * (height - 30);
    const colours = ["#0969da", "#8250df", "#bf3989", "#1a7f37", "#9a6700", "#cf222e"];
    const lines = stacks.map((stack, s) => {
        const points = runs
            .map((r, i) => (r.environments[stack] === undefined ? undefined : `${x(i).toFixed(1)},${y(r.environments[stack]).toFixed(1)}`))
            .filter((p) => p !== undefined)
            .join(" ");
        return `<polyline fill="none" stroke="${colours[s % colours.length]}" stroke-width="2" points="${points}"><title>${html(stack)}</title></polyline>`;
    });
    const legend = stacks.map((stack, s) => `<span style="color:${colours[s % colours.length]}">■ ${html(stack)}</span>`).join(" ");
    return `<svg id="trend" role="img" aria-label="parity trend" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<line x1="30" y1="${y(report.threshold)}" x2="${width - 10}" y2="${y(report.threshold)}" stroke="#999" stroke-dasharray="4"/>
<text x="0" y="${y(100) + 4}" font-size="10">100</text><text x="0" y="${y(0) + 4}" font-size="10">0</text>
${lines.join("\n")}
</svg><p>${legend} · ${runs.length} runs, dashed line: threshold</p>`;
}

export function htmlReport(report: ParityReport): string {
    const t = report.threshold;
    const heatRows = report.environments
        .map(
            (e) =>
                `<tr><th scope="row">${html(e.stack)}</th>${heatCell(e, t, `${e.stack}: all sources`)}${report.sources
                    .map((s) => heatCell(e.bySource[s], t, `${e.stack}: ${s}`))
                    .join("")}${heatCell(e.resources, t, `${e.stack}: resources`)}<td>${e.intended}</td><td>${e.unexplained}</td></tr>`,
        )
        .join("\n");
    const diffRows = report.differences
        .map(
            (d) =>
                `<tr class="${d.intended ? "intended" : "unexplained"}"><td>${html(d.stack)}</td><td>${d.source}</td><td>${d.kind}</td><td><code>${html(d.key)}</code></td><td><code>${html(shortValue(d.baselineValue))}</code></td><td><code>${html(shortValue(d.value))}</code></td><td>${d.intended ? html(d.reason ?? "") : `<strong>unexplained</strong>${d.note ? ` (${html(d.note)})` : ""}`}</td></tr>`,
        )
        .join("\n");
    const since = report.sinceLastRun;
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Parity vs ${html(report.baseline)}: ${report.passed ? "passed" : "failed"}</title>
<style>
body{font:14px system-ui,sans-serif;margin:2em;color:#1f2328}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left}
td.heat{color:#fff;text-align:center;min-width:7em;font-weight:600}
tr.unexplained td{background:#ffebe9}.verdict{font-size:1.3em}
#differences code{word-break:break-all}#differences td{max-width:28em}
</style></head><body>
<h1>Environment parity vs ${html(report.baseline)}</h1>
<p class="verdict">${report.passed ? "✅ Passed" : "❌ Failed"}: worst ${report.worst ? `${html(report.worst.stack)} at ${percent(report.worst.parityPercent)}` : "–"} (threshold ${t}%), unexplained drift ${report.unexplained} (maximum ${report.maxUnexplained}).</p>
<p>Project ${html(report.project)}, generated ${html(report.generatedAt)}${report.commit ? `, commit ${html(report.commit.slice(0, 12))}` : ""}. Identical in all environments: ${percent(report.identicalInAll.parityPercent)} (${report.identicalInAll.identical}/${report.identicalInAll.total}).</p>
<h2>Heat map</h2>
<table id="heatmap"><thead><tr><th>Stack</th><th>All sources</th>${report.sources.map((s) => `<th>${s}</th>`).join("")}<th>Resources</th><th>Intended</th><th>Unexplained</th></tr></thead>
<tbody>
${heatRows}
</tbody></table>
<h2>Trend</h2>
${trendSvg(report)}
${since.previous ? `<p>Since the previous run (${html(since.previous.time)}): ${since.newDrift.length} new drift, ${since.resolvedDrift.length} resolved${since.crossings.length ? `; ${html(since.crossings.join("; "))}` : ""}.</p>` : ""}
<h2>Differences (${report.differences.length})</h2>
<table id="differences"><thead><tr><th>Stack</th><th>Source</th><th>Kind</th><th>Setting</th><th>${html(report.baseline)}</th><th>Value</th><th>Reason</th></tr></thead>
<tbody>
${diffRows}
</tbody></table>
${report.warnings.map((w) => `<p class="warning">⚠ ${html(w)}</p>`).join("\n")}
</body></html>
`;
}
