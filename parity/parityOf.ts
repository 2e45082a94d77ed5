// The parity core: compares every environment with the baseline, setting by setting, classifies each
// difference, and computes the figures of DESIGN.md "Parity: the definitions". Pure: no I/O.
import { compareSettings } from "./compareSettings";
import { classifyDifference, type IntendedRule } from "./intendedDifferences";
import { configScope, type Difference, type EnvironmentParity, type EnvironmentSnapshot, type Figure, type ParityResult, type SourceName } from "./model";
import type { Settings } from "./settings";
import { secretMarker } from "./secrets";
import { InputError } from "../project/inputError";

export interface ParityInput {
    environments: EnvironmentSnapshot[];
    baseline: string;
    sources: SourceName[];
    rules: readonly IntendedRule[];
    /** `YYYY-MM-DD`, for rule expiry. */
    today: string;
    threshold: number;
    maxUnexplained: number;
}

export function figure(identical: number, total: number): Figure {
    return { identical, total, parityPercent: total === 0 ? 0 : (identical / total) * 100 };
}

export function parityOf(input: ParityInput): ParityResult {
    const baseline = input.environments.find((e) => e.stack === input.baseline);
    if (baseline === undefined) {
        throw new InputError(`baseline stack "${input.baseline}" is not among the stacks compared (${input.environments.map((e) => e.stack).join(", ")}): set --baseline or baseline: in parity.yaml`);
    }
    const others = input.environments.filter((e) => e !== baseline);
    if (others.length === 0) throw new InputError(`only the baseline stack "${input.baseline}" was found: parity needs at least two stacks`);

    const differences: Difference[] = [];
    const neutralized = new Set<string>();
    const environments = others.map((env): EnvironmentParity => {
        let identical = 0;
        let total = 0;
        const bySource: EnvironmentParity["bySource"] = {};
        let resourcesIdentical = 0;
        let resourcesTotal = 0;
        const envDifferences: Difference[] = [];
        for (const source of input.sources) {
            const base = baseline.sources[source] ?? new Map<string, Settings>();
            const mine = env.sources[source] ?? new Map<string, Settings>();
            let sourceIdentical = 0;
            let sourceTotal = 0;
            for (const scope of union(base.keys(), mine.keys())) {
                const a = base.get(scope);
                const b = mine.get(scope);
                const found = compareSettings(a?.values ?? {}, b?.values ?? {});
                const scopeTotal = countUnion(a?.values, b?.values);
                sourceTotal += scopeTotal;
                sourceIdentical += scopeTotal - found.length;
                if (source !== "config") {
                    resourcesTotal += 1;
                    if (found.length === 0) resourcesIdentical += 1;
                }
                for (const path of [...Object.keys(a?.original ?? {}), ...Object.keys(b?.original ?? {})]) neutralized.add(`${source}\u0000${scope}\u0000${path}`);
                for (const { path, kind } of found) {
                    const key = scope === configScope ? path : `${scope}/${path}`;
                    const secret = (a?.secrets.has(path) ?? false) || (b?.secrets.has(path) ?? false);
                    const value = shown(b, path, secret);
                    const baselineValue = shown(a, path, secret);
                    const verdict = classifyDifference({ key, stack: env.stack, baseline: baseline.stack, value, baselineValue, secret }, input.rules, input.today);
                    envDifferences.push({
                        stack: env.stack,
                        source,
                        scope,
                        path,
                        key,
                        kind,
                        baselineValue,
                        value,
                        secret,
                        neutralized: (a !== undefined && path in a.original) || (b !== undefined && path in b.original),
                        intended: verdict.intended,
                        reason: verdict.rule?.reason,
                        rule: verdict.rule?.path.join(", "),
                        owner: verdict.rule?.owner,
                        note: verdict.intended ? undefined : verdict.note,
                    });
                }
            }
            if (sourceTotal === 0) {
                throw new InputError(`${source} source: no settings to compare between "${env.stack}" and "${baseline.stack}" (an empty union has no parity)`);
            }
            bySource[source] = figure(sourceIdentical, sourceTotal);
            identical += sourceIdentical;
            total += sourceTotal;
        }
        differences.push(...envDifferences);
        const intended = envDifferences.filter((d) => d.intended).length;
        return {
            stack: env.stack,
            ...figure(identical, total),
            intended,
            unexplained: envDifferences.length - intended,
            bySource,
            resources: resourcesTotal > 0 ? figure(resourcesIdentical, resourcesTotal) : undefined,
        };
    });

    const worst = environments.reduce<EnvironmentParity | undefined>((w, e) => (w === undefined || e.parityPercent < w.parityPercent ? e : w), undefined);
    const unexplained = differences.filter((d) => !d.intended).length;
    return {
        baseline: baseline.stack,
        threshold: input.threshold,
        maxUnexplained: input.maxUnexplained,
        sources: input.sources,
        passed: worst !== undefined && worst.parityPercent >= input.threshold && unexplained <= input.maxUnexplained,
        environments,
        worst: worst && { stack: worst.stack, parityPercent: worst.parityPercent },
        identicalInAll: identicalInAll(input.environments, input.sources),
        neutralizedSettings: neutralized.size,
        unexplained,
        differences,
    };
}

/**
 * A setting's value as the stack holds it. When either side is a secret, the plain side is hidden
 * too: a plain value where another stack keeps a secret is most likely that secret, committed in clear.
 */
function shown(settings: Settings | undefined, path: string, secret: boolean): string | undefined {
    if (settings === undefined || !(path in settings.values)) return undefined;
    if (secret) return secretMarker;
    return settings.original[path] ?? settings.values[path];
}

function union<T>(a: Iterable<T>, b: Iterable<T>): T[] {
    return [...new Set([...a, ...b])];
}

function countUnion(a: Record<string, string> | undefined, b: Record<string, string> | undefined): number {
    if (a === undefined) return b === undefined ? 0 : Object.keys(b).length;
    let count = Object.keys(a).length;
    if (b !== undefined) for (const key of Object.keys(b)) if (!(key in a)) count += 1;
    return count;
}

/** The share of all settings, over every environment, that every environment holds identically. */
function identicalInAll(environments: EnvironmentSnapshot[], sources: SourceName[]): Figure {
    let identical = 0;
    let total = 0;
    for (const source of sources) {
        const maps = environments.map((e) => e.sources[source] ?? new Map<string, Settings>());
        const scopes = new Set<string>();
        for (const m of maps) for (const s of m.keys()) scopes.add(s);
        for (const scope of scopes) {
            const paths = new Set<string>();
            const settings = maps.map((m) => m.get(scope)?.values);
            for (const s of settings) if (s) for (const p of Object.keys(s)) paths.add(p);
            total += paths.size;
            for (const path of paths) {
                const first = settings[0]?.[path];
                if (first !== undefined && settings.every((s) => s !== undefined && s[path] === first)) identical += 1;
            }
        }
    }
    return figure(identical, total);
}
