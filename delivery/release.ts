// A release: the versions a stack runs, service by service, with the commit that defined them and an id
// that is the same wherever the same versions run. Derived from the stack file, never typed twice.
import { createHash } from "crypto";
import { InputError } from "../project/inputError";
import type { ServiceRelease } from "./serviceReleases";

export interface ReleasedService {
    name: string;
    strategy: "rolling" | "blueGreen";
    /** What takes traffic: the rolling version, or the live colour's version. */
    version: string;
    /** Blue-green only: the live colour, and what the idle colour holds. */
    activeColor?: "blue" | "green";
    idleVersion?: string;
}

export interface Release {
    stack: string;
    /** Short sha256 of the sorted `service=version` pairs: equal ids mean the exact same versions. */
    id: string;
    /** The commit that last changed the stack file, or null outside a repository or before its first commit. */
    commit: string | null;
    /** The stack file differs from that commit (what runs may not be what was committed). */
    uncommitted: boolean;
    services: ReleasedService[];
}

export interface StackFileCommit {
    commit: string | null;
    uncommitted: boolean;
}

/** Service names become record keys (`releases/<service>/...`): only names that are safe there. */
const namePattern = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

export function releaseOf(stack: string, file: string, services: ServiceRelease[], commit: StackFileCommit): Release {
    const released = services.map((s): ReleasedService => {
        if (!namePattern.test(s.name)) throw new InputError(`${file}: lockstep:services[${s.index}].name "${s.name}": expected a name of letters, digits, ".", "_" or "-"`);
        if (s.strategy === "rolling") {
            if (s.version === undefined) throw new InputError(`${file}: lockstep:services[${s.index}].version: missing for ${s.name}: set the version it runs`);
            return { name: s.name, strategy: "rolling", version: s.version };
        }
        const live = s.activeColor;
        const versions = s.versions;
        if (live === undefined || typeof versions?.[live] !== "string") {
            throw new InputError(`${file}: lockstep:services[${s.index}]: ${s.name} is blue-green: expected activeColor (blue or green) and versions.blue and versions.green`);
        }
        const idle = live === "blue" ? "green" : "blue";
        return { name: s.name, strategy: "blueGreen", version: versions[live], activeColor: live, idleVersion: versions[idle] === undefined ? undefined : String(versions[idle]) };
    });
    return { stack, id: releaseId(released), commit: commit.commit, uncommitted: commit.uncommitted, services: released };
}

export function releaseId(services: Pick<ReleasedService, "name" | "version">[]): string {
    const pairs = services.map((s) => `${s.name}=${s.version}`).sort();
    return createHash("sha256").update(pairs.join("\n")).digest("hex").slice(0, 12);
}

export function formatRelease(release: Release, file: string): string {
    const commit = release.commit === null ? "no commit" : `commit ${release.commit.slice(0, 12)}${release.uncommitted ? " plus uncommitted changes" : ""}`;
    const width = Math.max(...release.services.map((s) => s.name.length), 7);
    const versionWidth = Math.max(...release.services.map((s) => s.version.length), 7);
    const lines = release.services.map((s) => {
        const how = s.strategy === "rolling" ? "rolling" : `blue-green, live ${s.activeColor}; idle ${s.activeColor === "blue" ? "green" : "blue"} holds ${s.idleVersion ?? "nothing"}`;
        return `  ${s.name.padEnd(width)}  ${s.version.padEnd(versionWidth)}  ${how}`;
    });
    return `release ${release.id} of ${release.stack} (${file}, ${commit})\n  ${"service".padEnd(width)}  ${"version".padEnd(versionWidth)}  strategy\n${lines.join("\n")}\n`;
}

export function releaseJson(release: Release): string {
    return `${JSON.stringify({ schemaVersion: 1, ...release }, null, 2)}\n`;
}
