// Flattens a value into settings: one leaf per path. Objects are walked; an array is one setting
// compared whole unless it is a keyed list (its items are objects with a `name`), which is walked like
// a map keyed by that name. Secrets become a marker, and the stack name is neutralized in strings.
import { isSecret, secretMarker } from "./secrets";
import { neutralizeStackName } from "./stackNeutral";

export interface FlattenOptions {
    /** The stack the value comes from, for whole-word stack-name substitution. */
    stack: string;
    /** Field names whose arrays are keyed lists (e.g. containers, env, ports, volumes). */
    keyedLists: ReadonlySet<string>;
    /** The field that keys a keyed list's items. */
    key?: string;
}

/** Settings of one scope (the config, or one resource's inputs) by dotted path. */
export interface Settings {
    /** What each setting compares as: canonical JSON, stack name neutralized, secrets as a marker. */
    values: Record<string, string>;
    /** The value as the stack holds it, only for settings whose stack name was neutralized. */
    original: Record<string, string>;
    /** Paths of the settings that are secrets. */
    secrets: Set<string>;
}

export function emptySettings(): Settings {
    // Null-prototype records: a path named like `__proto__` can never reach a prototype.
    return { values: Object.create(null), original: Object.create(null), secrets: new Set() };
}

export function flattenSettings(value: unknown, options: FlattenOptions, prefix = "", into: Settings = emptySettings()): Settings {
    walk(value, prefix, options, into, undefined);
    return into;
}

function join(prefix: string, key: string): string {
    return prefix === "" ? key : `${prefix}.${key}`;
}

function walk(value: unknown, path: string, options: FlattenOptions, into: Settings, field: string | undefined): void {
    if (isSecret(value)) {
        into.values[path] = secretMarker;
        into.secrets.add(path);
        return;
    }
    if (Array.isArray(value)) {
        const key = options.key ?? "name";
        if (field !== undefined && options.keyedLists.has(field) && isKeyedList(value, key)) {
            for (const item of value as Record<string, unknown>[]) {
                walk(item, join(path, String(item[key])), options, into, undefined);
            }
            return;
        }
        leaf(value, path, options, into);
        return;
    }
    if (value !== null && typeof value === "object") {
        const record = value as Record<string, unknown>;
        let empty = true;
        for (const k in record) {
            if (!Object.prototype.hasOwnProperty.call(record, k)) continue;
            empty = false;
            // Engine bookkeeping (`__defaults`, `__meta`): not a setting anyone chose.
            if (k.charCodeAt(0) === 95 && k.startsWith("__")) continue;
            walk(record[k], path === "" ? k : `${path}.${k}`, options, into, k);
        }
        // An empty object is still a setting (`{}` and a missing key differ), except as the whole value.
        if (empty && path !== "") leaf(value, path, options, into);
        return;
    }
    leaf(value, path, options, into);
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

function leaf(value: unknown, path: string, options: FlattenOptions, into: Settings): void {
    // Fast path for the common case, a string or another scalar (most leaves of most resources).
    if (typeof value === "string") {
        const original = JSON.stringify(value);
        if (options.stack !== "" && value.includes(options.stack)) {
            const neutral = JSON.stringify(neutralizeStackName(value, options.stack));
            into.values[path] = neutral;
            if (neutral !== original) into.original[path] = original;
        } else {
            into.values[path] = original;
        }
        return;
    }
    if (value === null || typeof value !== "object") {
        into.values[path] = value === undefined ? "null" : String(value);
        return;
    }
    const original = canonicalJson(value);
    // Only string values are neutralized, never object keys (`lockstep.dev/color` is a label key).
    const neutral = original.includes(options.stack) ? canonicalJson(value, options.stack) : original;
    into.values[path] = neutral;
    if (neutral !== original) into.original[path] = original;
}

/** JSON with object keys sorted, secrets masked: equal values always give equal text. */
export function canonicalJson(value: unknown, neutralStack?: string): string {
    if (isSecret(value)) return JSON.stringify(secretMarker);
    if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, neutralStack)).join(",")}]`;
    if (value !== null && typeof value === "object") {
        const keys = Object.keys(value).sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k], neutralStack)}`).join(",")}}`;
    }
    if (typeof value === "string" && neutralStack !== undefined) return JSON.stringify(neutralizeStackName(value, neutralStack));
    return value === undefined ? "null" : JSON.stringify(value);
}
