// Reads a YAML file strictly: syntax errors, duplicate keys and alias bombs become one-line errors
// naming the file and line; positions of keys stay available for later messages.
import * as fs from "fs";
import { LineCounter, parseDocument, isMap, isNode, isScalar, type Document } from "yaml";
import { InputError } from "./inputError";

export interface YamlFile {
    /** The path as the user should see it. */
    file: string;
    value: unknown;
    /** 1-based line of the node at `path`, when the file has it. */
    lineOf(path: readonly (string | number)[]): number | undefined;
    /** 1-based line of the key at the end of `path` (where a block value starts on the next line). */
    lineOfKey(path: readonly (string | number)[]): number | undefined;
}

export function readYamlFile(path: string, displayName = path): YamlFile {
    let text: string;
    try {
        text = fs.readFileSync(path, "utf8");
    } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new InputError(`${displayName}: cannot read the file (${code ?? String(err)})`);
    }
    return parseYaml(text, displayName);
}

export function parseYaml(text: string, file: string): YamlFile {
    const lineCounter = new LineCounter();
    const doc: Document = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false, strict: true });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) {
        const line = problem.linePos?.[0]?.line ?? lineCounter.linePos(problem.pos[0]).line;
        throw new InputError(`${file}:${line}: ${firstLine(problem.message)}: fix the YAML`);
    }
    let value: unknown;
    try {
        value = doc.toJS({ maxAliasCount: 100 });
    } catch (err) {
        throw new InputError(`${file}: ${firstLine((err as Error).message)}: remove the excessive aliases`);
    }
    return {
        file,
        value,
        lineOf(path) {
            const node = doc.getIn(path, true);
            if (!isNode(node) || !node.range) return undefined;
            return lineCounter.linePos(node.range[0]).line;
        },
        lineOfKey(path) {
            const parent = path.length === 1 ? doc.contents : doc.getIn(path.slice(0, -1), true);
            if (!isMap(parent)) return undefined;
            const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[path.length - 1]);
            const key = pair?.key;
            if (!isNode(key) || !key.range) return undefined;
            return lineCounter.linePos(key.range[0]).line;
        },
    };
}

function firstLine(message: string): string {
    return message.split("\n")[0].replace(/\s+at line \d+, column \d+:?$/, "");
}
