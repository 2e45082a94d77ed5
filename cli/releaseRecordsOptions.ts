// The flags and defaults every command that reads or writes release records shares: where the records are
// (a directory or the environment's bucket), the stack's current release, and who is running lockstep.
import * as os from "os";
import * as path from "path";
import { stackFileCommit } from "../delivery/gitRepository";
import { LocalRecordStore } from "../delivery/localRecordStore";
import type { RecordStore } from "../delivery/recordStore";
import { releaseOf, type Release } from "../delivery/release";
import type { ReleaseRecord } from "../delivery/releaseRecord";
import { parseS3Location, S3RecordStore } from "../delivery/s3RecordStore";
import { releasesOf, type ServiceRelease } from "../delivery/serviceReleases";
import { readStackFile, stackFilePath, type PulumiProject, type StackFile } from "../project/pulumiProject";

export const recordsOptionSpecs = {
    records: { type: "string" },
    "s3-endpoint": { type: "string" },
} as const;

export const recordsOptionsHelp = `  --records WHERE        where release records are kept: a directory, or the environment's bucket as
                         s3://BUCKET[/PREFIX] (then also copied to .lockstep/records for offline use).
                         Default: $LOCKSTEP_RECORDS, else .lockstep/records in the project directory
  --s3-endpoint URL      an S3-compatible endpoint (default: $AWS_ENDPOINT_URL; credentials and region
                         from the usual AWS_* variables)`;

export interface RecordStores {
    /** Where records are read from. */
    read: RecordStore;
    /** Where new records go, the authoritative store first. */
    write: RecordStore[];
}

export function localRecordsDir(project: Pick<PulumiProject, "dir">): string {
    return path.join(project.dir, ".lockstep", "records");
}

/** The stores `--<flag>` (or $LOCKSTEP_RECORDS, or the project's .lockstep/records) names. */
export function recordStores(project: Pick<PulumiProject, "dir">, flags: { records?: string; "s3-endpoint"?: string }, flag = "records", value: string | undefined = flags.records): RecordStores {
    const where = value ?? (process.env.LOCKSTEP_RECORDS || localRecordsDir(project));
    const endpoint = flags["s3-endpoint"] ?? (process.env.AWS_ENDPOINT_URL_S3 || process.env.AWS_ENDPOINT_URL || undefined);
    const bucket = parseS3Location(where, endpoint, `--${flag}`);
    if (bucket === undefined) {
        const local = new LocalRecordStore(path.resolve(where));
        return { read: local, write: [local] };
    }
    const s3 = new S3RecordStore(bucket);
    return { read: s3, write: [s3, new LocalRecordStore(localRecordsDir(project))] };
}

export interface StackRelease {
    stackFile: StackFile;
    services: ServiceRelease[];
    release: Release;
}

/** A stack's release now: from its stack file, with the commit that last changed it. */
export function stackRelease(project: PulumiProject, stack: string): StackRelease {
    const stackFile = readStackFile(project, stack);
    const services = releasesOf(project, stackFile);
    return { stackFile, services, release: releaseOf(stack, stackFile.file, services, stackFileCommit(stackFilePath(project, stack))) };
}

/** Who runs lockstep: the CI actor when there is one, else the local user. */
export function actor(): string {
    return process.env.GITHUB_ACTOR ?? process.env.GITLAB_USER_LOGIN ?? process.env.USER ?? os.userInfo().username;
}

/** The record of the release in a record (the services and their versions, the commit, the id). */
export function recordedRelease(release: Release): ReleaseRecord["release"] {
    return { id: release.id, commit: release.commit, services: release.services.map((s) => ({ name: s.name, version: s.version })) };
}
