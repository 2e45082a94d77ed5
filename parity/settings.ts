// A scope's settings as a normalized tree: one leaf per setting. Objects are walked; an array is one
// setting compared whole (a leaf) unless it is a keyed list (its items are objects with a unique
// `name`), which becomes a map keyed by that name. Secrets become a marker, and the stack name is
// neutralized in string values. Normalizing once per scope (rather than flattening every leaf into a
// path-keyed record) keeps 10,000-resource environments within budget: see README, bench-parity.
import { isSecret } from "./secrets";
import { neutralizeStackName } from "./stackNeutral";

export interface FlattenOptions {
    /** The stack the value comes from, for whole-word stack-name substitution. */
    stack: string;
    /** Field names whose arrays are keyed lists (e.g. containers, env, ports, volumes). */
    keyedLists: ReadonlySet<string>;
    /** The field that keys a keyed list's items. */
    key?: string;
}

/** A normalized value: a leaf (string, number, boolean, null) or an object of normalized values. */
export type Normalized = string | number | boolean | null | { [key: string]: Normalized };

/** One scope (the config, or one resource's inputs) of one environment. */
export interface Settings {
    tree: { [key: string]: Normalized };
    /** The value as the stack holds it, for showing differences (secrets are masked when shown). */
    raw: unknown;
    options: FlattenOptions;
    /** How many settings the tree holds. */
    leaves: number;
    /** How many of them held the stack name and were compared with it replaced. */
    neutralized: number;
}

// Leaf encodings that no plain string can collide with.
export const secretLeaf = "\u0000secret";
const structuredLeaf = "\u0001";

export function settingsOf(value: unknown, options: FlattenOptions): Settings {
    const counter = { leaves: 0, neutralized: 0 };
    const normalized = value !== null && typeof value === "object" && !Array.isArray(value) && !isSecret(value) ? (normalizeObject(value as Record<string, unknown>, options, counter, true) as { [key: string]: Normalized }) : {};
    return { tree: normalized, raw: value, options, leaves: counter.leaves, neutralized: counter.neutralized };
}

type Counter = { leaves: number; neutralized: number };

function normalizeObject(record: Record<string, unknown>, options: FlattenOptions, counter: Counter, root: boolean): { [key: string]: Normalized } | string {
    const keys = Object.keys(record);
    // An empty object is still a setting (`{}` and a missing key differ), except as the whole value.
    if (keys.length === 0 && !root) {
        counter.leaves += 1;
        return `${structuredLeaf}{}`;
    }
    // Copy on write: most objects need no change, and sharing them keeps 10,000-resource runs light.
    let out: { [key: string]: Normalized } | undefined;
    for (let i = 0; i < keys.length; i++) {
        const k = keys[i];
        const child = record[k];
        // Engine bookkeeping (`__defaults`, `__meta`) is not a setting anyone chose; `__proto__` never
        // becomes a key of ours.
        if (k.charCodeAt(0) === 95 && k.startsWith("__")) {
            out ??= copyKeys(record, keys, i);
            continue;
        }
        const normalized = normalize(child, options, counter, k);
        if (out === undefined && normalized !== child) out = copyKeys(record, keys, i);
        if (out !== undefined) out[k] = normalized;
    }
    return out ?? (record as { [key: string]: Normalized });
}

/** A new object holding the first `count` keys of `record` (already normalized as themselves). */
function copyKeys(record: Record<string, unknown>, keys: string[], count: number): { [key: string]: Normalized } {
    const out: { [key: string]: Normalized } = {};
    for (let i = 0; i < count; i++) if (!(keys[i].charCodeAt(0) === 95 && keys[i].startsWith("__"))) out[keys[i]] = record[keys[i]] as Normalized;
    return out;
}

function normalize(value: unknown, options: FlattenOptions, counter: Counter, field: string | undefined): Normalized {
    if (typeof value === "string") {
        counter.leaves += 1;
        if (options.stack === "" || !value.includes(options.stack)) return value;
        const neutral = neutralizeStackName(value, options.stack);
        if (neutral !== value) counter.neutralized += 1;
        return neutral;
    }
    if (value === null || typeof value !== "object") {
        counter.leaves += 1;
        return value === undefined ? null : (value as number | boolean);
    }
    if (isSecret(value)) {
        counter.leaves += 1;
        return secretLeaf;
    }
    if (Array.isArray(value)) {
        const key = options.key ?? "name";
        if (field !== undefined && options.keyedLists.has(field) && isKeyedList(value, key)) {
            const out: { [key: string]: Normalized } = {};
            for (const item of value as Record<string, unknown>[]) {
                const name = String(item[key]);
                if (name.startsWith("__")) continue;
                out[name] = normalizeObject(item, options, counter, false);
            }
            return out;
        }
        counter.leaves += 1;
        const original = canonicalJson(value);
        const neutral = options.stack !== "" && original.includes(options.stack) ? canonicalJson(value, options.stack) : original;
        if (neutral !== original) counter.neutralized += 1;
        return `${structuredLeaf}${neutral}`;
    }
    return normalizeObject(value as Record<string, unknown>, options, counter, false);
}

function isKeyedList(items: unknown[], key: string): boolean {
    if (items.length === 0) return false;
    const seen = new Set<string>();
    for (const item of items) {
        if (item === null || typeof item !== "object" || Array.isArray(item)) return false;
        const name = (item as Record<string, unknown>)[key];
        if (typeof name !== "string" && typeof name !== "number") return false;
        if (seen.has(String(name))) return false; // not a key if it repeats
        seen.add(String(name));
    }
    return true;
}

/** JSON with object keys sorted, secrets masked: equal values always give equal text. */
export function canonicalJson(value: unknown, neutralStack?: string): string {
    if (isSecret(value)) return JSON.stringify("[secret]");
    if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, neutralStack)).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const keys = Object.keys(value).sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], neutralStack)}`).join(",")}}`;
    }
    // Only string values are neutralized, never object keys (`lockstep.dev/color` is a label key).
    if (typeof value === "string" && neutralStack !== undefined) return JSON.stringify(neutralizeStackName(value, neutralStack));
    return value === undefined ? "null" : JSON.stringify(value);
}

/** Every leaf of a normalized tree with its dotted path (for tests, reports and expanding subtrees). */
export function leafEntries(tree: Normalized, prefix = "", into: [string, Normalized][] = []): [string, Normalized][] {
    if (tree !== null && typeof tree === "object") {
        for (const k of Object.keys(tree)) leafEntries(tree[k], prefix === "" ? k : `${prefix}.${k}`, into);
    } else {
        into.push([prefix, tree]);
    }
    return into;
}

/** A leaf as a report shows it, from the stack's own value at `segments` (secrets masked). */
export function shownValue(settings: Settings, segments: readonly string[]): string | undefined {
    let node: unknown = settings.raw;
    // Resource options (`@exists`, `@protect`) live in the tree only.
    if (segments.length === 1 && segments[0].startsWith("@")) {
        const leaf = (settings.tree as Record<string, Normalized>)[segments[0]];
        return leaf === undefined ? undefined : JSON.stringify(leaf);
    }
    for (const segment of segments) {
        node = childOf(settings, node, segment);
        if (node === undefined) return undefined;
    }
    return canonicalJson(node);
}

/**
 * The depths at which `segments` enters an item of a keyed list (a service of `lockstep:services`):
 * `[2]` for `lockstep:services.web.version`. Read from the stack's own value, where keyed lists are arrays.
 */
export function keyedItemDepths(settings: Settings, segments: readonly string[]): number[] {
    const depths: number[] = [];
    let node: unknown = settings.raw;
    for (let i = 0; i < segments.length && node !== undefined; i++) {
        if (Array.isArray(node)) depths.push(i + 1);
        node = childOf(settings, node, segments[i]);
    }
    return depths;
}

/** One step down a stack's own value: a keyed list's item by its key, or an object's field. */
function childOf(settings: Settings, node: unknown, segment: string): unknown {
    if (Array.isArray(node)) {
        const key = settings.options.key ?? "name";
        return node.find((item) => item !== null && typeof item === "object" && String((item as Record<string, unknown>)[key]) === segment);
    }
    if (node !== null && typeof node === "object" && !isSecret(node) && Object.prototype.hasOwnProperty.call(node, segment)) {
        return (node as Record<string, unknown>)[segment];
    }
    return undefined;
}
