// Human-readable views of a rendered stack: a resource table and a one-paragraph summary.
import { rootStackType } from "./recordingMonitor";
import type { RenderedStack } from "./renderStack";

export function resourceTable(rendered: RenderedStack): string {
    const rows = rendered.resources.map((r) => [r.type, r.name, r.protect ? "protected" : ""]);
    return formatTable(["TYPE", "NAME", "PROTECT"], rows);
}

export function formatTable(header: string[], rows: string[][]): string {
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
    const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
    return [line(header), ...rows.map(line)].join("\n") + "\n";
}

/** `dev: 34 resources (26 custom, 5 components, 2 providers, the stack), 0 protected`, then one line per service. */
export function stackSummary(rendered: RenderedStack): string {
    const resources = rendered.resources.filter((r) => r.type !== rootStackType);
    const providers = resources.filter((r) => r.type.startsWith("pulumi:providers:")).length;
    const custom = resources.filter((r) => r.custom).length - providers;
    const components = resources.filter((r) => !r.custom).length;
    const protectedCount = resources.filter((r) => r.protect).length;
    const lines = [
        `${rendered.stack}: ${rendered.resources.length} resources (${custom} custom, ${components} components, ${providers} providers, the stack), ${protectedCount} protected`,
    ];
    const services = (rendered.outputs.services ?? {}) as Record<string, Record<string, unknown>>;
    for (const [name, svc] of Object.entries(services)) {
        const colour = svc.activeColor ? `, live colour ${String(svc.activeColor)}` : "";
        lines.push(`  ${name}: ${String(svc.strategy)}${colour}, ${String(svc.url)}`);
    }
    return lines.join("\n") + "\n";
}
