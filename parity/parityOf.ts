// The parity core: compares every environment with the baseline, setting by setting, classifies each
// difference, and computes the figures of DESIGN.md "Parity: the definitions". Pure: no I/O.
// A resource that one stack lacks, or an entry of a keyed list in the config (a service), is one
// difference for all its settings; every one of those settings still counts in the figures.
import { compareSettings, type DifferenceKind } from "./compareSettings";
import { classifyDifference, type Classification, type IntendedRule } from "./intendedDifferences";
import { configScope, type Difference, type EnvironmentParity, type EnvironmentSnapshot, type Figure, type ParityResult, type SourceName, type WholeKind } from "./model";
import { keyedItemDepths, secretLeaf, shownValue, type Normalized, type Settings } from "./settings";
import { stackPlaceholder } from "./stackNeutral";
import { InputError } from "../project/inputError";
import { redactUrlsIn } from "../project/redactUrls";

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

/** Per scope, over every environment: baseline settings that differ somewhere, and settings the baseline lacks. */
interface ScopeTally {
    baselineLeaves: number;
    differing: Set<string>;
    extra: Set<string>;
}

/** The settings of one keyed-list entry that one stack lacks, counted while walking its differences. */
interface EntryTally {
    entryPath: string;
    kind: DifferenceKind;
    settings: number;
}

export function parityOf(input: ParityInput): ParityResult {
    const baseline = input.environments.find((e) => e.stack === input.baseline);
    if (baseline === undefined) {
        throw new InputError(`baseline stack "${input.baseline}" is not among the stacks compared (${input.environments.map((e) => e.stack).join(", ")}): set --baseline or baseline: in parity.yaml`);
    }
    const others = input.environments.filter((e) => e !== baseline);
    if (others.length === 0) throw new InputError(`only the baseline stack "${input.baseline}" was found: parity needs at least two stacks`);

    const differences: Difference[] = [];
    const tallies = new Map<string, ScopeTally>();
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
                const found = compareSettings(a?.tree ?? {}, b?.tree ?? {});
                let extra = 0;
                const tallyKey = `${source}\u0000${scope}`;
                let tally = tallies.get(tallyKey);
                if (tally === undefined) tallies.set(tallyKey, (tally = { baselineLeaves: a?.leaves ?? 0, differing: new Set(), extra: new Set() }));
                for (const d of found) {
                    if (d.kind === "extra") {
                        extra += 1;
                        tally.extra.add(d.path);
                    } else tally.differing.add(d.path);
                }
                const scopeTotal = (a?.leaves ?? 0) + extra;
                sourceTotal += scopeTotal;
                sourceIdentical += scopeTotal - found.length;
                if (source !== "config") {
                    resourcesTotal += 1;
                    if (found.length === 0) resourcesIdentical += 1;
                }
                if (found.length === 0) continue;
                if (source !== "config" && (a === undefined || b === undefined)) {
                    // A resource one stack lacks: one difference for all its settings.
                    const verdict = classifyDifference({ key: scope, stack: env.stack, baseline: baseline.stack, secret: false, whole: { kind: "resource", heldBy: b ? env.stack : baseline.stack } }, input.rules, input.today);
                    envDifferences.push(wholeDifference(env.stack, source, scope, "", scope, b ? "extra" : "missing", "resource", found.length, verdict));
                    continue;
                }
                // In the order found: a setting's difference, or the tally of an entry one stack lacks.
                const scoped: (Difference | EntryTally)[] = [];
                const entries = new Map<string, EntryTally>();
                for (const { segments, path, kind } of found) {
                    const key = scope === configScope ? path : `${scope}/${path}`;
                    const entry = kind === "changed" || source !== "config" ? undefined : absentEntry(kind === "extra" ? b : a, kind === "extra" ? a : b, segments);
                    if (entry !== undefined) {
                        // Every setting of a keyed-list entry (a service) one stack lacks: one difference.
                        const id = `${kind}\u0000${entry.join("\u0000")}`;
                        const seen = entries.get(id);
                        if (seen) seen.settings += 1;
                        else {
                            const tally: EntryTally = { entryPath: entry.join("."), kind, settings: 1 };
                            entries.set(id, tally);
                            scoped.push(tally);
                        }
                        continue;
                    }
                    const leafA = a && leafAt(a.tree, segments);
                    const leafB = b && leafAt(b.tree, segments);
                    const secret = leafA === secretLeaf || leafB === secretLeaf;
                    // When either side is a secret the plain side is hidden too: a plain value where
                    // another stack keeps a secret is most likely that secret, committed in clear.
                    const value = b === undefined ? undefined : secret && leafB !== undefined ? "[secret]" : shownValue(b, segments);
                    const baselineValue = a === undefined ? undefined : secret && leafA !== undefined ? "[secret]" : shownValue(a, segments);
                    const verdict = classifyDifference({ key, stack: env.stack, baseline: baseline.stack, value, baselineValue, secret }, input.rules, input.today);
                    scoped.push({
                        stack: env.stack,
                        source,
                        scope,
                        path,
                        key,
                        kind,
                        settings: 1,
                        // Judged on the values as held; shown with any URL's credentials and tokens masked.
                        baselineValue: baselineValue === undefined ? undefined : redactUrlsIn(baselineValue),
                        value: value === undefined ? undefined : redactUrlsIn(value),
                        secret,
                        neutralized: holdsPlaceholder(leafA) || holdsPlaceholder(leafB),
                        ...verdictFields(verdict),
                    });
                }
                for (const item of scoped) {
                    if (!("entryPath" in item)) {
                        envDifferences.push(item);
                        continue;
                    }
                    const whole = { kind: "entry" as const, heldBy: item.kind === "extra" ? env.stack : baseline.stack };
                    const verdict = classifyDifference({ key: item.entryPath, stack: env.stack, baseline: baseline.stack, secret: false, whole }, input.rules, input.today);
                    envDifferences.push(wholeDifference(env.stack, source, scope, item.entryPath, item.entryPath, item.kind, "entry", item.settings, verdict));
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

    let allIdentical = 0;
    let allTotal = 0;
    for (const tally of tallies.values()) {
        allTotal += tally.baselineLeaves + tally.extra.size;
        allIdentical += tally.baselineLeaves - tally.differing.size;
    }
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
        identicalInAll: figure(allIdentical, allTotal),
        neutralizedSettings: neutralizedSettings(input.environments, input.sources),
        unexplained,
        differences,
    };
}

function verdictFields(verdict: Classification): Pick<Difference, "intended" | "reason" | "rule" | "owner" | "note"> {
    return {
        intended: verdict.intended,
        reason: verdict.rule?.reason,
        rule: verdict.rule?.path.join(", "),
        owner: verdict.rule?.owner,
        note: verdict.intended ? undefined : verdict.note,
    };
}

function wholeDifference(stack: string, source: SourceName, scope: string, path: string, key: string, kind: DifferenceKind, whole: WholeKind, settings: number, verdict: Classification): Difference {
    return { stack, source, scope, path, key, kind, whole, settings, secret: false, neutralized: false, ...verdictFields(verdict) };
}

/**
 * The segments of the outermost keyed-list entry (a service) that holds the setting at `segments` in
 * `present` and that `other` lacks altogether, or undefined when there is none.
 */
function absentEntry(present: Settings | undefined, other: Settings | undefined, segments: string[]): string[] | undefined {
    if (present === undefined) return undefined;
    for (const depth of keyedItemDepths(present, segments)) {
        const entry = segments.slice(0, depth);
        if (other === undefined || leafAt(other.tree, entry) === undefined) return entry;
    }
    return undefined;
}

function union<T>(a: Iterable<T>, b: Iterable<T>): T[] {
    return [...new Set([...a, ...b])];
}

function leafAt(tree: Normalized, segments: readonly string[]): Normalized | undefined {
    let node: Normalized | undefined = tree;
    for (const segment of segments) {
        if (node === null || typeof node !== "object" || !Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
        node = node[segment];
    }
    return node;
}

function holdsPlaceholder(leaf: Normalized | undefined): boolean {
    return typeof leaf === "string" && leaf.includes(stackPlaceholder);
}

/** Settings compared with the stack name replaced: per scope, the most any environment had. */
function neutralizedSettings(environments: EnvironmentSnapshot[], sources: SourceName[]): number {
    let count = 0;
    for (const source of sources) {
        const most = new Map<string, number>();
        for (const env of environments) {
            for (const [scope, settings] of env.sources[source] ?? []) most.set(scope, Math.max(most.get(scope) ?? 0, settings.neutralized));
        }
        for (const n of most.values()) count += n;
    }
    return count;
}
