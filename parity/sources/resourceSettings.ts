// Turns a stack's resources (rendered or deployed) into settings by stack-neutral identity.
import { presencePath, protectPath } from "../model";
import { settingsOf, type Settings } from "../settings";
import { stackNeutralIdentity } from "../stackNeutral";

export interface ResourceLike {
    urn: string;
    type: string;
    inputs?: Record<string, unknown>;
    protect?: boolean;
}

/** The logical name is the URN's last `::` part; the qualified type (with parents) comes before it. */
function urnParts(urn: string): { qualifiedType: string; name: string } {
    const parts = urn.split("::");
    return { qualifiedType: parts[2] ?? "", name: parts.slice(3).join("::") };
}

export function resourceScopes(resources: readonly ResourceLike[], stack: string, keyedLists: ReadonlySet<string>): Map<string, Settings> {
    const scopes = new Map<string, Settings>();
    const identities = resources.map((r) => {
        const { name } = urnParts(r.urn);
        return stackNeutralIdentity(r.type, name, stack);
    });
    const seen = new Map<string, number>();
    for (const id of identities) seen.set(id, (seen.get(id) ?? 0) + 1);
    resources.forEach((resource, i) => {
        let identity = identities[i];
        // Two resources of one type and name under different parents: the parent chain tells them apart.
        if ((seen.get(identity) ?? 0) > 1) {
            const { qualifiedType, name } = urnParts(resource.urn);
            identity = stackNeutralIdentity(qualifiedType, name, stack);
        }
        const settings = settingsOf(resource.inputs ?? {}, { stack, keyedLists });
        // Presence and protection are settings of a resource too (a protected bucket in prod only is
        // a difference). The tree may be the inputs object itself: never write to it.
        settings.tree = { ...settings.tree, [presencePath]: true, [protectPath]: resource.protect === true };
        settings.leaves += 2;
        scopes.set(identity, settings);
    });
    return scopes;
}
