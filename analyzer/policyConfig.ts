// Policy config as the engine builds it (pulumi/pulumi pkg/resource/analyzer/config.go): parse the
// user's file, reconcile defaults, the pack's initial config and the file, then validate every policy's
// config against its JSON schema.
import Ajv from "ajv";
import { isEnforcementLevel, type EnforcementLevel } from "./enforcement";

export interface PolicyConfig {
    enforcementLevel?: EnforcementLevel;
    properties?: Record<string, unknown>;
}
export type PolicyConfigMap = Record<string, PolicyConfig>;

export interface PolicySchemaInfo {
    name: string;
    enforcementLevel?: EnforcementLevel;
    configSchema?: { properties?: Record<string, Record<string, unknown>>; required?: string[] };
}

export class PolicyConfigError extends Error {}

/** `{"<policy>": "mandatory"}` or `{"<policy>": {"enforcementLevel": ..., ...properties}}`; "all" is a policy name here. */
export function parsePolicyConfig(json: unknown, source: string): PolicyConfigMap {
    if (json === null || typeof json !== "object" || Array.isArray(json)) {
        throw new PolicyConfigError(`${source}: expected a JSON object of policy name to level or config`);
    }
    const result: PolicyConfigMap = {};
    for (const [policy, value] of Object.entries(json)) {
        let entry: PolicyConfig;
        if (typeof value === "string") {
            if (!isEnforcementLevel(value)) throw new PolicyConfigError(`${source}: "${policy}": "${value}" is not a valid enforcement level (advisory, mandatory, remediate, disabled)`);
            entry = { enforcementLevel: value };
        } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
            const { enforcementLevel, ...properties } = value as Record<string, unknown>;
            if (enforcementLevel !== undefined && !isEnforcementLevel(enforcementLevel)) {
                throw new PolicyConfigError(`${source}: "${policy}.enforcementLevel": ${JSON.stringify(enforcementLevel)} is not a valid enforcement level`);
            }
            entry = { enforcementLevel, properties: Object.keys(properties).length > 0 ? properties : undefined };
        } else {
            throw new PolicyConfigError(`${source}: "${policy}": ${JSON.stringify(value)} is not a valid value; must be a string or object`);
        }
        // The engine drops empty entries.
        if (entry.enforcementLevel === undefined && entry.properties === undefined) continue;
        result[policy] = entry;
    }
    return result;
}

function withDefaults(policies: PolicySchemaInfo[]): PolicyConfigMap {
    const result: PolicyConfigMap = {};
    for (const policy of policies) {
        let properties: Record<string, unknown> | undefined;
        for (const [key, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
            if ("default" in schema) (properties ??= {})[key] = structuredClone(schema.default);
        }
        result[policy.name] = { enforcementLevel: policy.enforcementLevel, properties };
    }
    return result;
}

function apply(result: PolicyConfigMap, config: PolicyConfigMap): PolicyConfigMap {
    const all = config["all"];
    // "all" sets every policy's level; its properties go nowhere but its own entry, as in the engine.
    if (all?.enforcementLevel) {
        for (const name of Object.keys(result)) result[name] = { ...result[name], enforcementLevel: all.enforcementLevel };
    }
    for (const [policy, given] of Object.entries(config)) {
        const current = result[policy] ?? {};
        const properties = given.properties && Object.keys(given.properties).length > 0 ? { ...(current.properties ?? {}), ...given.properties } : current.properties;
        result[policy] = { enforcementLevel: given.enforcementLevel ?? current.enforcementLevel, properties };
    }
    return result;
}

export function reconcilePolicyConfig(policies: PolicySchemaInfo[], initialConfig: PolicyConfigMap, userConfig: PolicyConfigMap): PolicyConfigMap {
    return apply(apply(withDefaults(policies), initialConfig), userConfig);
}

const ajv = new Ajv({ allErrors: true, strict: false });

/** Error lines in the engine's wording: `<policy>: <field> is required`, `<policy>: <field>: <problem>`. */
export function validatePolicyConfig(policies: PolicySchemaInfo[], config: PolicyConfigMap): string[] {
    const errors: string[] = [];
    for (const policy of policies) {
        if (!policy.configSchema) continue;
        const schema = { type: "object", properties: policy.configSchema.properties ?? {}, required: policy.configSchema.required ?? [] };
        const validate = ajv.compile(schema);
        if (validate(config[policy.name]?.properties ?? {})) continue;
        for (const error of validate.errors ?? []) {
            const field = error.instancePath.replace(/^\//, "").replace(/\//g, ".");
            if (error.keyword === "required") {
                const missing = (error.params as { missingProperty: string }).missingProperty;
                errors.push(`${policy.name}: ${field ? `${field}.` : ""}${missing} is required`);
            } else {
                errors.push(`${policy.name}: ${field || "(root)"}: ${error.message}`);
            }
        }
    }
    return errors;
}
