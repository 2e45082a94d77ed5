// Resource properties as the engine sends them to an analyzer: secrets stay marked as secrets, while
// resource references and output values are flattened (the pack rejects their signatures).
const signatureKey = "4dabf18193072939515e22adb298388d";
const secretSignature = "1b47061264138c4ac30d75fd1eb44270";
const resourceReferenceSignature = "5cf8f73096256a8f31e491e813e4eb8e";
const outputValueSignature = "d0e6a833031e9bbcd3f4e8bde6ca49a4";
// The engine's unknown value during preview.
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Returns a plain JSON value that `Struct.fromJavaScript` accepts (no undefined, no BigInt). */
export function analyzerProperties(value: unknown): Json {
    if (value === null || typeof value === "boolean" || typeof value === "string") return value;
    if (typeof value === "number") return value;
    if (typeof value === "bigint") return Number(value);
    if (Array.isArray(value)) return value.map((v) => (v === undefined ? null : analyzerProperties(v)));
    if (typeof value !== "object") return null;
    const object = value as Record<string, unknown>;
    const signature = object[signatureKey];
    if (signature === resourceReferenceSignature) {
        const id = object.id;
        return analyzerProperties(id !== undefined && id !== "" ? id : object.urn);
    }
    if (signature === outputValueSignature) {
        if (!("value" in object)) return unknownValue;
        const inner = analyzerProperties(object.value);
        return object.secret ? { [signatureKey]: secretSignature, value: inner } : inner;
    }
    const result: { [key: string]: Json } = {};
    for (const [key, v] of Object.entries(object)) {
        if (v !== undefined) result[key] = analyzerProperties(v);
    }
    return result;
}

/** Every plaintext held in a secret anywhere in `value`, so it can be scrubbed from output. */
export function secretValues(value: unknown, into: Set<string> = new Set()): Set<string> {
    if (value === null || typeof value !== "object") return into;
    if (Array.isArray(value)) {
        for (const v of value) secretValues(v, into);
        return into;
    }
    const object = value as Record<string, unknown>;
    if (object[signatureKey] === secretSignature || (object[signatureKey] === outputValueSignature && object.secret)) {
        plaintexts(object.value, into);
        return into;
    }
    for (const v of Object.values(object)) secretValues(v, into);
    return into;
}

function plaintexts(value: unknown, into: Set<string>): void {
    if (value === null || value === undefined) return;
    if (typeof value === "object") {
        for (const v of Object.values(value as object)) plaintexts(v, into);
        // A policy may print the whole secret object, so its JSON form is a secret too.
        into.add(JSON.stringify(value));
        return;
    }
    into.add(String(value));
}
