// Reads deployed state: `pulumi stack export` files (deployment versions 3 and 4) and on-disk
// checkpoints (`{version: 1|3|4, checkpoint: {stack, latest}}`). Anything else is bad input.
import * as fs from "fs";
import * as path from "path";
import { InputError } from "../../project/inputError";
import type { ResourceLike } from "./resourceSettings";

export interface StateExport {
    file: string;
    version: number;
    /** The stack named in a checkpoint, when it names one. */
    stack?: string;
    resources: ResourceLike[];
}

const supportedVersions = [1, 3, 4];

export function readStateExport(file: string): StateExport {
    let text: string;
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        throw new InputError(`${file}: cannot read the state export (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    let doc: unknown;
    try {
        doc = JSON.parse(text);
    } catch (err) {
        throw new InputError(`${file}: not JSON (${(err as Error).message.split("\n")[0]}): pass the output of pulumi stack export`);
    }
    return stateExportFrom(doc, file);
}

export function stateExportFrom(doc: unknown, file: string): StateExport {
    const body = doc as { version?: unknown; deployment?: unknown; checkpoint?: { stack?: unknown; latest?: unknown } } | null;
    if (body === null || typeof body !== "object" || typeof body.version !== "number") {
        throw new InputError(`${file}: expected a pulumi stack export ({version, deployment}) or a checkpoint ({version, checkpoint})`);
    }
    if (!supportedVersions.includes(body.version)) {
        throw new InputError(`${file}: state version ${body.version} is not supported (expected ${supportedVersions.join(", ")})`);
    }
    const isCheckpoint = body.checkpoint !== undefined && body.checkpoint !== null;
    const deployment = (isCheckpoint ? body.checkpoint?.latest : body.deployment) as { resources?: unknown } | null | undefined;
    if (!isCheckpoint && (deployment === undefined || deployment === null)) {
        throw new InputError(`${file}: no deployment in this export: pass the output of pulumi stack export`);
    }
    const resources = deployment?.resources ?? []; // an empty stack's checkpoint has no latest deployment
    if (!Array.isArray(resources)) throw new InputError(`${file}: deployment.resources: expected a list`);
    resources.forEach((r: { urn?: unknown; type?: unknown }, i: number) => {
        if (r === null || typeof r !== "object" || typeof r.urn !== "string" || typeof r.type !== "string") {
            throw new InputError(`${file}: resources[${i}]: expected a resource with urn and type`);
        }
    });
    const stack = isCheckpoint && typeof body.checkpoint?.stack === "string" && body.checkpoint.stack !== "" ? body.checkpoint.stack : undefined;
    return { file, version: body.version, stack, resources: resources as ResourceLike[] };
}

/** `<stack>.json` files of a directory, by stack name (the name `pulumi stack export --file` was given). */
export function stateExportFiles(dir: string): Map<string, string> {
    let entries: string[];
    try {
        entries = fs.readdirSync(dir);
    } catch (err) {
        throw new InputError(`--state ${dir}: cannot read the directory (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    return new Map(entries.filter((f) => f.endsWith(".json")).sort().map((f) => [f.slice(0, -".json".length), path.join(dir, f)]));
}
