// `pulumi:disable-default-providers` as the engine reads it (pkg/resource/deploy/default_providers.go,
// shouldDenyRequest): a JSON list of package names, or "*" for all, whose resources must name an explicit
// provider. The empty string is an empty list; anything else that is not a list of strings is refused.
import { InputError } from "../project/inputError";

const key = "pulumi:disable-default-providers";

/** Whether the engine would refuse a default provider for `pkg`; `where` names the stack for errors. */
export function deniedDefaultProviders(values: Record<string, string>, where: string): (pkg: string) => boolean {
    const text = values[key];
    if (text === undefined || text === "") return () => false;
    let list: unknown;
    try {
        list = JSON.parse(text);
    } catch {
        throw new InputError(`${where}: ${key}: expected a list of package names (or "*"), e.g. ["aws"], got ${JSON.stringify(text)}`);
    }
    if (!Array.isArray(list)) throw new InputError(`${where}: ${key}: expected a list of package names (or "*"), e.g. ["aws"], got ${text}`);
    const barred = list.map((v, i) => {
        if (typeof v !== "string") throw new InputError(`${where}: ${key}[${i}] must be a string`);
        return v.trim();
    });
    // The engine always lets the pulumi package's own providers through.
    return (pkg) => pkg !== "pulumi" && barred.some((b) => b === "*" || b === pkg);
}

/** The engine's error (diag 2015) for a resource that would need a denied default provider. */
export function defaultProviderDenied(pkg: string, urn: string): string {
    return `Default provider for '${pkg}' disabled. '${urn}' must use an explicit provider.`;
}
