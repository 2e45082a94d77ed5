// Reads a Pulumi project (Pulumi.yaml) and its stack files the way the Pulumi CLI resolves them.
import * as fs from "fs";
import * as path from "path";
import { closestName } from "./closestName";
import { InputError } from "./inputError";
import { readYamlFile, type YamlFile } from "./yamlFile";

export interface PulumiProject {
    dir: string;
    name: string;
    /** Absolute directory of the stack files (`stackConfigDir`, the deprecated `config: <dir>`, or `dir`). */
    stackConfigDir: string;
    /** Project-level config values by full key (`<namespace>:<key>`); un-namespaced keys belong to the project. */
    config: Record<string, unknown>;
    yaml: YamlFile;
}

export interface StackFile {
    stack: string;
    /** Path relative to the project directory, as messages show it. */
    file: string;
    /** Config values by full key, as the YAML holds them (`{secure: ...}` kept as is). */
    config: Record<string, unknown>;
    /** Keys whose value is, or contains, a `secure:` ciphertext. */
    secretKeys: Set<string>;
    /** ESC environments imported by the stack (`environment:`), in order. */
    environment: string[];
    yaml: YamlFile;
}

export function readProject(dir: string): PulumiProject {
    const file = ["Pulumi.yaml", "Pulumi.yml"].map((f) => path.join(dir, f)).find((f) => fs.existsSync(f));
    if (file === undefined) throw new InputError(`${dir}: no Pulumi.yaml here: run in a Pulumi project or pass --dir`);
    const yaml = readYamlFile(file, path.basename(file));
    const doc = yaml.value;
    if (doc === null || typeof doc !== "object" || Array.isArray(doc)) {
        throw new InputError(`${yaml.file}: expected a mapping with name and runtime`);
    }
    const project = doc as Record<string, unknown>;
    if (typeof project.name !== "string" || project.name === "") {
        throw new InputError(`${yaml.file}: name: expected the project name`);
    }
    const configDir =
        typeof project.stackConfigDir === "string"
            ? project.stackConfigDir
            : typeof project.config === "string" // deprecated form: `config: <dir>`
              ? project.config
              : ".";
    const config: Record<string, unknown> = {};
    if (project.config !== null && typeof project.config === "object" && !Array.isArray(project.config)) {
        for (const [key, declared] of Object.entries(project.config as Record<string, unknown>)) {
            checkDeclaredType(yaml, key, declared, project.name);
            const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
            const value = projectConfigValue(declared);
            if (value !== undefined) config[fullKey] = value;
        }
    }
    return { dir, name: project.name, stackConfigDir: path.resolve(dir, configDir), config, yaml };
}

/**
 * What the CLI refuses in a project's config block (sdk/go/common/workspace/project.go; each checked against the
 * real CLI): an array type without the type of its items, `default` and `value` together, and a `default` on a
 * key of another namespace (a provider's, say), which may only set a `value`.
 */
function checkDeclaredType(yaml: YamlFile, key: string, declared: unknown, projectName: string): void {
    if (declared === null || typeof declared !== "object" || Array.isArray(declared)) return;
    const d = declared as Record<string, unknown>;
    const line = yaml.lineOfKey(["config", key]) ?? 1;
    if ("default" in d && "value" in d) {
        throw new InputError(`${yaml.file}:${line}: config.${key} has both default and value: keep one (value sets it for every stack)`);
    }
    const namespace = key.includes(":") ? key.slice(0, key.indexOf(":")) : projectName;
    if ("default" in d && namespace !== projectName) {
        throw new InputError(`${yaml.file}:${line}: config.${key} is not the project's (${projectName}) and cannot declare a default: use value instead`);
    }
    if (d.type === "array" && d.items === undefined) {
        throw new InputError(
            `${yaml.file}:${line}: config.${key} declares an array without the type of its items: add items: { type: string } (or the type it holds)`,
        );
    }
}

/** A plain value, `{value: ...}`, or a type declaration's `default`; undefined when it declares none. */
function projectConfigValue(declared: unknown): unknown {
    if (declared === null || typeof declared !== "object" || Array.isArray(declared)) return declared;
    const d = declared as Record<string, unknown>;
    if ("value" in d) return d.value;
    if ("default" in d) return d.default;
    return undefined;
}

const stackFilePattern = /^Pulumi\.(.+)\.ya?ml$/;

/** Stack names that have a stack file, sorted; `Pulumi.dev.yaml.example` and the like are not stacks. */
export function listStacks(project: PulumiProject): string[] {
    if (!fs.existsSync(project.stackConfigDir)) return [];
    return fs
        .readdirSync(project.stackConfigDir)
        .map((f) => stackFilePattern.exec(f)?.[1])
        .filter((s): s is string => s !== undefined)
        .sort();
}

export function stackFilePath(project: PulumiProject, stack: string): string {
    const yamlPath = path.join(project.stackConfigDir, `Pulumi.${stack}.yaml`);
    const ymlPath = path.join(project.stackConfigDir, `Pulumi.${stack}.yml`);
    return fs.existsSync(yamlPath) || !fs.existsSync(ymlPath) ? yamlPath : ymlPath;
}

export function readStackFile(project: PulumiProject, stack: string): StackFile {
    const full = stackFilePath(project, stack);
    const file = path.relative(project.dir, full);
    if (!fs.existsSync(full)) {
        const known = listStacks(project);
        throw new InputError(
            `${file}: no such stack "${stack}"${closestName(stack, known) ? ` (did you mean ${closestName(stack, known)}?)` : ""}: expected one of ${known.length ? known.join(", ") : "(none found)"}`,
        );
    }
    const yaml = readYamlFile(full, file);
    const doc = yaml.value ?? {};
    if (typeof doc !== "object" || Array.isArray(doc)) throw new InputError(`${file}: expected a mapping with config:`);
    const body = doc as Record<string, unknown>;
    const rawConfig = body.config ?? {}; // a config: block of only comments parses to null
    if (typeof rawConfig !== "object" || Array.isArray(rawConfig)) {
        throw new InputError(`${file}:${yaml.lineOf(["config"]) ?? 1}: config: expected a mapping of keys to values`);
    }
    const config: Record<string, unknown> = {};
    const secretKeys = new Set<string>();
    for (const [key, value] of Object.entries(rawConfig as Record<string, unknown>)) {
        const fullKey = key.includes(":") ? key : `${project.name}:${key}`;
        config[fullKey] = value;
        if (containsSecure(value)) secretKeys.add(fullKey);
    }
    const imports = body.environment;
    const environment = Array.isArray(imports) ? imports.map(String) : typeof imports === "string" ? [imports] : [];
    return { stack, file, config, secretKeys, environment, yaml };
}

/** `{secure: <ciphertext>}` anywhere inside a value. */
export function isSecureValue(value: unknown): value is { secure: string } {
    return value !== null && typeof value === "object" && !Array.isArray(value) &&
        Object.keys(value).length === 1 && typeof (value as { secure?: unknown }).secure === "string";
}

function containsSecure(value: unknown): boolean {
    if (isSecureValue(value)) return true;
    if (value === null || typeof value !== "object") return false;
    return Object.values(value as Record<string, unknown>).some(containsSecure);
}
