// The program's edge to Pulumi config: reads the `lockstep:` keys the schema knows and validates them.
import * as pulumi from "@pulumi/pulumi";
import { unknownConfigKeys } from "./configKeys";
import { environmentKeys, type EnvironmentConfig } from "./environmentSchema";
import { configNamespace, decodeConfigValue, formatProblem, parseEnvironment } from "./parseEnvironment";

/** Where a stack's config lives, as `Pulumi.yaml` (`stackConfigDir: stacks`) places it. */
export function stackFileOf(stack: string): string {
    return `stacks/Pulumi.${stack}.yaml`;
}

/** Reads and validates this stack's config; throws one line per problem, naming the stack file and key. */
export function readEnvironmentConfig(): EnvironmentConfig {
    const config = new pulumi.Config(configNamespace);
    const raw: Record<string, unknown> = {};
    for (const key of environmentKeys) {
        const text = config.get(key);
        if (text !== undefined) raw[key] = decodeConfigValue(text);
    }
    const file = stackFileOf(pulumi.getStack());
    // Under the Pulumi CLI too, a key the program never reads (a typo) fails the update instead of being ignored.
    const prefix = `${configNamespace}:`;
    const keys = Object.keys(pulumi.runtime.allConfig()).filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    const unknown = unknownConfigKeys(keys, raw.catalog);
    if (unknown.length > 0) throw new Error(unknown.map((u) => formatProblem(file, { path: [u.key], message: `unknown key: ${u.hint}` })).join("\n"));
    const result = parseEnvironment(raw);
    if (!result.ok) throw new Error(result.problems.map((p) => formatProblem(file, p)).join("\n"));
    return result.config;
}

/** A Pulumi secret from this stack's `lockstep:` config, e.g. the target of `env: {X: {secret: key}}`. */
export function readSecret(key: string): pulumi.Output<string> {
    return new pulumi.Config(configNamespace).requireSecret(key);
}
