// When each version of each service first went live in a stack: the first successful deploy or blue-green
// flip that put it there (a rollback restores a version that arrived before). The unit the release
// figures count: a new service version reaching an environment.
import type { ReleaseRecord } from "./releaseRecord";

export interface Arrival {
    stack: string;
    service: string;
    version: string;
    /** When the update that put it live ended. */
    at: string;
    /** The commit of the stack's release then. */
    commit: string | null;
}

/** The stack's arrivals, oldest first. */
export function arrivals(records: readonly ReleaseRecord[], stack: string): Arrival[] {
    const seen = new Set<string>();
    const out: Arrival[] = [];
    const live = records.filter((r) => r.stack === stack && (r.event === "deploy" || r.event === "flip") && r.result === "succeeded").sort((a, b) => Date.parse(a.endedAt) - Date.parse(b.endedAt));
    for (const r of live) {
        const id = `${r.service}\u0000${r.version}`;
        if (seen.has(id)) continue;
        seen.add(id);
        out.push({ stack, service: r.service, version: r.version, at: r.endedAt, commit: r.release.commit });
    }
    return out;
}

export function inWindow<T extends { at: string }>(items: readonly T[], from: number, to: number): T[] {
    return items.filter((i) => Date.parse(i.at) >= from && Date.parse(i.at) <= to);
}
