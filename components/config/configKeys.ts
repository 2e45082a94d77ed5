// Which top-level `lockstep:` keys the program reads: the schema's keys and the secrets that catalog
// env values name (`env: {DB_PASSWORD: {secret: checkoutDbPassword}}` reads `lockstep:checkoutDbPassword`).
// Any other key is a mistake (a typo such as `protectStatefull` would otherwise be ignored in silence).
import { closestName } from "../../project/closestName";
import { environmentKeys } from "./environmentSchema";

/** Secret keys named by `{secret: KEY}` values in the catalog's env maps, read leniently from raw config. */
export function referencedSecretKeys(catalog: unknown): string[] {
    const keys = new Set<string>();
    if (!Array.isArray(catalog)) return [];
    for (const service of catalog) {
        const env = (service as { env?: unknown } | null)?.env;
        if (env === null || typeof env !== "object") continue;
        for (const value of Object.values(env as Record<string, unknown>)) {
            const secret = (value as { secret?: unknown } | null)?.secret;
            if (typeof secret === "string") keys.add(secret);
        }
    }
    return [...keys].sort();
}

export interface UnknownKey {
    /** The un-namespaced key, e.g. `protectStatefull`. */
    key: string;
    /** What to do, e.g. `did you mean lockstep:protectStateful?` */
    hint: string;
}

/** The keys among `keys` (un-namespaced) that the program does not read, with the closest known key. */
export function unknownConfigKeys(keys: readonly string[], catalog: unknown): UnknownKey[] {
    const known = [...environmentKeys, ...referencedSecretKeys(catalog)];
    return keys
        .filter((key) => !known.includes(key))
        .map((key) => {
            const closest = closestName(key, known);
            return {
                key,
                hint: closest !== undefined
                    ? `did you mean lockstep:${closest}? Fix the spelling or remove the key`
                    : `remove it, or use one of ${environmentKeys.join(", ")} (a secret is read only when a catalog env value names it: {secret: ${key}})`,
            };
        });
}
