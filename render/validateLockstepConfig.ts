// Checks a stack's `lockstep:` config against the program's schema before the program runs, so
// that a bad value or an unknown key is reported with the file and line it came from.
import { unknownConfigKeys } from "../components/config/configKeys";
import { environmentKeys } from "../components/config/environmentSchema";
import { configNamespace, decodeConfigValue, formatProblem, parseEnvironment } from "../components/config/parseEnvironment";
import { InputError } from "../project/inputError";
import type { PulumiProject, StackFile } from "../project/pulumiProject";
import type { EffectiveConfig } from "../project/stackConfig";

export function validateLockstepConfig(project: PulumiProject, stackFile: StackFile, config: EffectiveConfig): void {
    const raw: Record<string, unknown> = {};
    const secret = new Set<string>();
    for (const key of environmentKeys) {
        const fullKey = `${configNamespace}:${key}`;
        const text = config.values[fullKey];
        if (text !== undefined) raw[key] = decodeConfigValue(text);
        if (config.secretKeys.includes(fullKey)) secret.add(key);
    }
    rejectUnknownKeys(project, stackFile, raw.catalog);
    const result = parseEnvironment(raw, secret);
    if (result.ok) return;
    if (!Object.keys(stackFile.config).some((k) => k.startsWith(`${configNamespace}:`))) {
        // An empty (or new) stack file: name everything it must hold, not the first missing key.
        const missing = [...new Set(result.problems.filter((p) => p.path.length === 1 && raw[String(p.path[0])] === undefined).map((p) => `${configNamespace}:${String(p.path[0])}`))];
        throw new InputError(`${stackFile.file}: holds no ${configNamespace}: config; a stack needs ${missing.join(", ")}: copy another stack's file (e.g. stacks/Pulumi.dev.yaml) and edit it`);
    }
    const problem = result.problems[0];
    const [key, ...rest] = problem.path;
    const fullKey = `${configNamespace}:${String(key)}`;
    if (fullKey in stackFile.config) {
        const line = stackFile.yaml.lineOf(["config", fullKey, ...rest]) ?? stackFile.yaml.lineOf(["config", fullKey]);
        throw new InputError(formatProblem(stackFile.file, problem, line));
    }
    for (const projectPath of [[key, "value"], [key, "default"], [key], [fullKey, "value"], [fullKey]]) {
        const line = project.yaml.lineOf(["config", ...projectPath]);
        if (line !== undefined) {
            const deeper = project.yaml.lineOf(["config", ...projectPath, ...rest]);
            throw new InputError(formatProblem(project.yaml.file, problem, deeper ?? line));
        }
    }
    throw new InputError(formatProblem(stackFile.file, problem));
}

/** A `lockstep:` key the program never reads, in the stack file or in `Pulumi.yaml`, is a mistake. */
function rejectUnknownKeys(project: PulumiProject, stackFile: StackFile, catalog: unknown): void {
    const prefix = `${configNamespace}:`;
    const inStack = Object.keys(stackFile.config).filter((k) => k.startsWith(prefix));
    const inProject = Object.keys(project.config).filter((k) => k.startsWith(prefix) && !inStack.includes(k));
    const [unknown] = unknownConfigKeys([...inStack, ...inProject].map((k) => k.slice(prefix.length)), catalog);
    if (unknown === undefined) return;
    const fullKey = `${prefix}${unknown.key}`;
    const problem = { path: [unknown.key], message: `unknown key: ${unknown.hint}` };
    if (inStack.includes(fullKey)) throw new InputError(formatProblem(stackFile.file, problem, stackFile.yaml.lineOfKey(["config", fullKey])));
    const line = project.yaml.lineOfKey(["config", unknown.key]) ?? project.yaml.lineOfKey(["config", fullKey]);
    throw new InputError(formatProblem(project.yaml.file, problem, line));
}
