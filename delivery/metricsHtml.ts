// The metrics as one self-contained HTML page (inline CSS and SVG, no script, nothing fetched): the
// environments side by side, the figures week by week as charts, the lead time through the stages and
// the releases that went live unverified. It fits an 800 px wide window.
import { escapeHtml as html } from "../project/escapeHtml";
import type { MetricsView } from "./environmentMetrics";
import { metricRows, stageRows } from "./metricsRows";
import { rollbackTargetMinutes } from "./recordMetrics";
import { timeChart, type ChartSeries } from "./timeChart";

const colours = ["#0969da", "#9a6700", "#cf222e", "#8250df", "#1a7f37", "#bf3989"];

const style = `
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;padding:1em 1.5em;max-width:72em;color:#1f2328}
h1{font-size:1.5em;margin:.3em 0}h2{margin-top:1.6em;border-bottom:1px solid #d0d7de}h3{font-size:1.05em;margin:1.2em 0 .3em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
.scroll{max-width:100%;overflow-x:auto}
#side-by-side{width:100%;table-layout:fixed}#side-by-side th:first-child{width:30%}
.level{display:inline-block;font-size:.85em;border-radius:1em;padding:0 .5em;background:#eaeef2}
.level.elite,.level.high{background:#dafbe1}.level.medium{background:#fff8c5}.level.low{background:#ffebe9}
.chart{width:100%;max-width:720px;height:auto;display:block;font:11px system-ui,sans-serif}
.chart .grid{stroke:#d0d7de}.chart .series{fill:none;stroke-width:2}.chart .point{stroke:#fff;stroke-width:1}.chart .x-tick{stroke:#8c959f}
.chart .reference{stroke:#1f2328;stroke-dasharray:5 3}.chart .reference-label{font-weight:600}
.legend{list-style:none;padding:0;margin:.3em 0;display:flex;flex-wrap:wrap;gap:1em}
.swatch{display:inline-block;width:1.4em;height:1em;border-radius:2px;vertical-align:middle;margin-right:.3em}
.chart-empty{color:#59636e}
`;

function levelTag(level: string): string {
    return level === "-" ? "" : ` <span class="level ${html(level)}">DORA: ${html(level)}</span>`;
}

function sideBySide(view: MetricsView): string {
    const columns = view.environments.map((e) => metricRows(e));
    const body = columns[0]
        .map((r, i) => `<tr><th scope="row">${html(r.label)}</th>${columns.map((c, k) => `<td data-stack="${html(view.environments[k].stack)}">${html(c[i].value)}${levelTag(c[i].level)}</td>`).join("")}</tr>`)
        .join("\n");
    return `<div class="scroll"><table id="side-by-side"><thead><tr><th>Metric</th>${view.environments.map((e) => `<th scope="col">${html(e.stack)}</th>`).join("")}</tr></thead>
<tbody>
${body}
</tbody></table></div>`;
}

function charts(view: MetricsView): string {
    const from = Date.parse(view.window.from);
    const to = Date.parse(view.window.to);
    const stacks = view.environments.map((e) => e.stack);
    // A week's figure is drawn at the middle of the part of the window it covers.
    const weekAt = (start: string) => {
        const a = Math.max(from, Date.parse(`${start}T00:00:00.000Z`));
        const b = Math.min(to, Date.parse(`${start}T00:00:00.000Z`) + 7 * 86_400_000);
        return new Date((a + b) / 2).toISOString();
    };
    const weekly = (pick: (f: MetricsView["weeks"][number]["environments"][string]) => number | null, label: (v: number, week: string) => string): ChartSeries[] =>
        stacks.map((stack, i) => ({
            name: stack,
            colour: colours[i % colours.length],
            line: true,
            points: view.weeks.flatMap((w) => {
                const v = pick(w.environments[stack]);
                return v === null ? [] : [{ at: weekAt(w.start), value: v, label: label(v, w.start) }];
            }),
        }));
    const rollbacks: ChartSeries[] = stacks.map((stack, i) => ({
        name: stack,
        colour: colours[i % colours.length],
        line: false,
        points: view.rollbackPoints.filter((p) => p.stack === stack && p.minutes !== null).map((p) => ({ at: p.at, value: p.minutes!, label: `${p.minutes} min, ${p.result}${p.minutes! < rollbackTargetMinutes ? "" : ", not under 5 minutes"}` })),
    }));
    const section = (title: string, svg: string) => `<section class="over-time"><h3>${html(title)}</h3>\n${svg}</section>`;
    return [
        section("Deploys per week", timeChart({ id: "deploys-per-week", title: "finished deploys per week per environment", unit: "deploys", from, to, series: weekly((f) => f.deployments, (v, w) => `${v} deploys in the week of ${w}`), empty: "No week in the window." })),
        section(
            "Time to deploy (weekly median)",
            timeChart({ id: "time-to-deploy", title: "median time to deploy per week", unit: "minutes", from, to, series: weekly((f) => f.timeToDeployMedianMinutes, (v, w) => `median ${v} min in the week of ${w}`), empty: "No deploy with a known duration in the window." }),
        ),
        section(
            "Rollback durations",
            timeChart({ id: "rollback-durations", title: "each rollback's duration against the 5-minute target", unit: "minutes", from, to, series: rollbacks, reference: { value: rollbackTargetMinutes, label: "5 minutes" }, empty: "No rollback in the window." }),
        ),
        section(
            "Verified before going live (weekly share)",
            timeChart({ id: "verified-share", title: "share of new releases verified in the previous stage, per week", unit: "%", from, to, ceiling: 100, series: weekly((f) => f.verifiedPercent, (v, w) => `${v}% in the week of ${w}`), empty: "No release went live after a first stage in the window." }),
        ),
    ].join("\n");
}

function stages(view: MetricsView): string {
    const s = view.leadTimeThroughStages;
    if (s.target === null) return "";
    const journeys = s.journeys
        .map((j) => `<tr><td>${html(j.service)}</td><td><code>${html(j.version)}</code></td><td>${j.committedAt ? html(j.committedAt.slice(0, 16).replace("T", " ")) : "unknown"}</td>${s.stages.map((st) => `<td>${j.live[st] ? html(j.live[st]!.slice(0, 16).replace("T", " ")) : "–"}</td>`).join("")}</tr>`)
        .join("\n");
    return `<h2>Lead time through the stages to ${html(s.target)}</h2>
<table id="stages"><thead><tr><th>Stage</th><th>Median</th></tr></thead><tbody>
${stageRows(view).map((r) => `<tr><th scope="row">${html(r.label)}</th><td>${html(r.value)}</td></tr>`).join("\n")}
</tbody></table>
<details id="journeys"><summary>Each release that went live in ${html(s.target)} (${s.journeys.length})</summary>
<div class="scroll"><table><thead><tr><th>Service</th><th>Version</th><th>Committed (UTC)</th>${s.stages.map((st) => `<th>Live in ${html(st)}</th>`).join("")}</tr></thead><tbody>
${journeys}
</tbody></table></div></details>`;
}

function unverified(view: MetricsView): string {
    const items = view.environments.flatMap((e) => e.verifiedBeforeLive.unverified.map((u) => `<li data-stack="${html(e.stack)}"><strong>${html(e.stack)}</strong>: ${html(u.service)} <code>${html(u.version)}</code>, live ${html(u.liveAt)}: ${html(u.reason)}</li>`));
    return items.length ? `<h2>Not verified before going live (${items.length})</h2>\n<ul id="unverified">${items.join("\n")}</ul>` : "";
}

export function metricsHtml(view: MetricsView): string {
    const stacks = view.environments.map((e) => e.stack);
    return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Delivery metrics: ${html(stacks.join(", "))}</title>
<style>${style}</style></head><body>
<h1>Delivery metrics: ${html(stacks.join(", "))}</h1>
<p>Last ${view.window.days} days, ${html(view.window.from.slice(0, 10))} to ${html(view.window.to.slice(0, 10))} (UTC); stages ${html(view.pipeline.join(" → "))}; release records in <code>${html(view.records)}</code>.</p>
<h2>Side by side</h2>
${sideBySide(view)}
<h2>Over time, week by week</h2>
${charts(view)}
${stages(view)}
${unverified(view)}
</body></html>
`;
}
