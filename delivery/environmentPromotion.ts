// Promotion between environments, planned: which field of the target's stack file takes each service's
// verified version. A rolling service gets `version`; a blue-green one gets its idle colour (the flip
// stays `lockstep promote --stack`, after the target is deployed). Pure.
import { InputError } from "../project/inputError";
import type { ConfigEdit } from "./configEdit";
import type { Release } from "./release";
import { otherColor, type ServiceRelease } from "./serviceReleases";

export interface PromotedService {
    service: string;
    version: string;
    /** Undefined when the target holds the version already (live, or on the idle colour). */
    edit?: ConfigEdit;
    /** What happens in words: "version 1.9.0 -> 2.0.0", "idle colour blue 2.3.1 -> 2.4.0", "already live". */
    change: string;
}

export function planPromotion(source: Release, services: string[], target: ServiceRelease[], targetFile: string): PromotedService[] {
    return services.map((name) => {
        const from = source.services.find((s) => s.name === name)!;
        const to = target.find((t) => t.name === name);
        if (!to) throw new InputError(`${targetFile}: lockstep:services has no ${name}, which ${source.stack} runs: add it to ${targetFile} first`);
        const version = from.version;
        if (to.strategy === "rolling") {
            if (to.version === version) return { service: name, version, change: `version ${version} already` };
            return { service: name, version, edit: { index: to.index, field: ["version"], value: version }, change: `version ${to.version ?? "(none)"} -> ${version}` };
        }
        const live = to.activeColor;
        if (live === undefined || to.versions === undefined) throw new InputError(`${targetFile}: lockstep:services[${to.index}]: ${name} is blue-green: expected activeColor and versions`);
        const idle = otherColor(live);
        if (to.versions[live] === version) return { service: name, version, change: `already live on ${live}` };
        if (to.versions[idle] === version) return { service: name, version, change: `already on the idle colour ${idle}` };
        return { service: name, version, edit: { index: to.index, field: ["versions", idle], value: version }, change: `idle colour ${idle} ${to.versions[idle] ?? "(none)"} -> ${version}` };
    });
}
