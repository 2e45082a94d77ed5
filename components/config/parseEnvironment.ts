// Validates raw config against the schema and turns zod's issues into one-line messages that name
// the stack file, the key path and what was expected.
import { z } from "zod";
import { plainIssueMessage } from "../../project/plainIssue";
import { environmentSchema, type EnvironmentConfig } from "./environmentSchema";

export const configNamespace = "lockstep";

/** One problem in a stack's config; `path` starts with the un-namespaced key. */
export interface ConfigProblem {
    path: (string | number)[];
    message: string;
}

export type ParseResult = { ok: true; config: EnvironmentConfig } | { ok: false; problems: ConfigProblem[] };

/**
 * Top-level config values reach a Pulumi program as strings (`"true"`, `"3"`); structured values as
 * JSON text. This gives back the typed value the stack file held.
 */
export function decodeConfigValue(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return text;
    }
}

/** @param secretKeys un-namespaced keys holding secrets: their values are never quoted in a problem. */
export function parseEnvironment(raw: Record<string, unknown>, secretKeys: ReadonlySet<string> = new Set()): ParseResult {
    const result = environmentSchema.safeParse(raw);
    if (result.success) return { ok: true, config: result.data };
    return { ok: false, problems: result.error.issues.map((issue) => toProblem(issue, raw, secretKeys)) };
}

/** `lockstep:services[1].replicas` */
export function formatKeyPath(path: readonly (string | number)[]): string {
    const [head, ...rest] = path;
    let text = `${configNamespace}:${String(head)}`;
    for (const part of rest) text += typeof part === "number" ? `[${part}]` : `.${part}`;
    return text;
}

/** `stacks/Pulumi.prod.yaml: lockstep:services[1].replicas: expected a positive integer, got "three"` */
export function formatProblem(file: string, problem: ConfigProblem, line?: number): string {
    const where = line === undefined ? file : `${file}:${line}`;
    return `${where}: ${formatKeyPath(problem.path)}: ${problem.message}`;
}

function toProblem(issue: z.core.$ZodIssue, raw: unknown, secretKeys: ReadonlySet<string>): ConfigProblem {
    const path = issue.path.filter((p): p is string | number => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
        const key = issue.keys[0];
        return { path: [...path, key], message: `unknown key "${key}": remove it or check its spelling` };
    }
    const value = valueAt(raw, path);
    let message = plainIssueMessage(issue);
    if (value === undefined) message = `missing: ${message}`;
    else if (secretKeys.has(String(path[0]))) message = `${message}, got a secret value`;
    else if (!(issue.code === "custom" && issue.params?.selfContained)) message = `${message}, got ${describe(value)}`;
    return { path, message };
}

function valueAt(root: unknown, path: (string | number)[]): unknown {
    let node = root;
    for (const part of path) {
        if (node === null || typeof node !== "object") return undefined;
        node = (node as Record<string | number, unknown>)[part];
    }
    return node;
}

function describe(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
