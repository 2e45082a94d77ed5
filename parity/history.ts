// The run history (`--history FILE`): one JSON line per run, appended with a single O_APPEND write
// so that two overlapping scheduled runs never interleave, and what changed since the previous run.
import * as fs from "fs";
import { InputError } from "../project/inputError";
import type { ParityResult } from "./model";

export interface HistoryEntry {
    time: string;
    commit?: string;
    baseline: string;
    sources: string[];
    passed: boolean;
    threshold: number;
    /** Per environment parity, in percent. */
    environments: Record<string, number>;
    unexplained: number;
    /** `<stack> <source> <key>` of each unexplained difference: keys only, never values. */
    drift: string[];
}

export interface SinceLastRun {
    previous?: { time: string; commit?: string };
    newDrift: string[];
    resolvedDrift: string[];
    /** One line per threshold crossing, e.g. `staging fell below 90% (92.0% → 88.5%)`. */
    crossings: string[];
}

export function historyEntry(result: ParityResult, time: Date, commit?: string): HistoryEntry {
    return {
        time: time.toISOString(),
        ...(commit ? { commit } : {}),
        baseline: result.baseline,
        sources: result.sources,
        passed: result.passed,
        threshold: result.threshold,
        environments: Object.fromEntries(result.environments.map((e) => [e.stack, round1(e.parityPercent)])),
        unexplained: result.unexplained,
        drift: result.differences.filter((d) => !d.intended).map((d) => `${d.stack} ${d.source} ${d.key}`),
    };
}

function round1(n: number): number {
    return Math.round(n * 10) / 10;
}

/**
 * Earlier runs, oldest first. A line that is not a run (cut short by a crash, or another file given by
 * mistake) is an error naming it: skipping it would compare with an older run and append after garbage.
 */
export function readHistory(file: string): HistoryEntry[] {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === "ENOENT") return [];
        throw new InputError(`--history ${file}: cannot read the file (${code ?? String(err)})`);
    }
    const entries: HistoryEntry[] = [];
    const lines = text.split("\n");
    lines.forEach((line, i) => {
        if (line.trim() === "") return;
        let entry: HistoryEntry | undefined;
        try {
            entry = JSON.parse(line) as HistoryEntry;
        } catch {
            entry = undefined;
        }
        if (!entry || typeof entry.time !== "string" || !entry.environments || typeof entry.environments !== "object") {
            const cutShort = i === lines.length - 1 && !text.endsWith("\n");
            const why = cutShort ? "cut short (a run stopped while writing it)" : "not a parity run";
            throw new InputError(`--history ${file}:${i + 1}: ${why}: remove the line, or give a parity history file (one JSON run per line)`);
        }
        entries.push(entry);
    });
    return entries;
}

export function appendHistory(file: string, entry: HistoryEntry): void {
    try {
        // One write of one whole line on an O_APPEND descriptor: concurrent runs add whole lines.
        fs.appendFileSync(file, `${JSON.stringify(entry)}\n`, { flag: "a" });
    } catch (err) {
        throw new InputError(`--history ${file}: cannot append (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
}

export function sinceLastRun(previous: HistoryEntry | undefined, current: HistoryEntry): SinceLastRun {
    if (previous === undefined) return { newDrift: [], resolvedDrift: [], crossings: [] };
    const before = new Set(previous.drift ?? []);
    const now = new Set(current.drift);
    const crossings: string[] = [];
    for (const [stack, percent] of Object.entries(current.environments)) {
        const was = previous.environments[stack];
        if (was === undefined) continue;
        if (was >= current.threshold && percent < current.threshold) crossings.push(`${stack} fell below ${current.threshold}% (${was.toFixed(1)}% → ${percent.toFixed(1)}%)`);
        if (was < current.threshold && percent >= current.threshold) crossings.push(`${stack} reached ${current.threshold}% (${was.toFixed(1)}% → ${percent.toFixed(1)}%)`);
    }
    if (previous.passed !== current.passed) crossings.push(current.passed ? "the gate passes again" : "the gate now fails");
    return {
        previous: { time: previous.time, ...(previous.commit ? { commit: previous.commit } : {}) },
        newDrift: [...now].filter((d) => !before.has(d)),
        resolvedDrift: [...before].filter((d) => !now.has(d)),
        crossings,
    };
}
