// The config source: each stack's effective config as the Pulumi CLI would build it (Pulumi.yaml
// project-level values under the stack file's), plus its ESC `environment:` imports as one list.
import { readStackFile, type PulumiProject, type StackFile } from "../../project/pulumiProject";
import { configScope } from "../model";
import { settingsOf, type Settings } from "../settings";

/** Namespaces a stack file may use besides the project's own: Pulumi itself and common providers. */
const providerNamespaces = new Set([
    "pulumi", "aws", "aws-native", "awsx", "eks", "azure", "azure-native", "azuread", "gcp", "google-native",
    "kubernetes", "random", "tls", "docker", "github", "gitlab", "cloudflare", "digitalocean", "datadog",
    "command", "time", "vault", "okta", "auth0", "linode", "hcloud", "mongodbatlas", "newrelic", "snowflake",
    "confluentcloud", "pulumiservice", "postgresql", "mysql", "fastly", "vercel", "archive", "http", "local",
    "external", "null", "std", "esc", "azuredevops", "databricks", "oci", "alicloud", "equinix", "rancher2",
    "helm", "kafka", "consul", "nomad", "sdwan", "ns1", "pagerduty", "opsgenie", "sentry", "grafana",
]);

export interface ConfigSnapshot {
    settings: Settings;
    /** One line per stack file that uses another project's namespace, naming the keys. */
    warnings: string[];
}

export function configSnapshot(project: PulumiProject, stack: string, keyedLists: ReadonlySet<string>): ConfigSnapshot {
    const stackFile = readStackFile(project, stack);
    const merged: Record<string, unknown> = { ...project.config, ...stackFile.config };
    const config: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(merged)) {
        if (value === null || value === undefined) continue;
        // Top-level values are strings to Pulumi even when YAML reads a number or a boolean.
        config[key] = typeof value === "object" ? value : String(value);
    }
    // Keyed lists are named by the key without its namespace (`lockstep:services` → `services`).
    const bareKeyed = new Set([...keyedLists, ...[...keyedLists].flatMap((k) => Object.keys(config).filter((c) => c.endsWith(`:${k}`)))]);
    // ESC imports compare as one list; config keys always hold a namespace, so `environment` is free.
    if (stackFile.environment.length > 0) config.environment = stackFile.environment;
    const settings = settingsOf(config, { stack, keyedLists: bareKeyed });
    return { settings, warnings: foreignNamespaceWarnings(project, stackFile) };
}

export function configScopes(snapshot: ConfigSnapshot): Map<string, Settings> {
    return new Map([[configScope, snapshot.settings]]);
}

function foreignNamespaceWarnings(project: PulumiProject, stackFile: StackFile): string[] {
    const foreign = new Map<string, string[]>();
    for (const key of Object.keys(stackFile.config)) {
        const namespace = key.slice(0, key.indexOf(":"));
        if (namespace === project.name || providerNamespaces.has(namespace)) continue;
        foreign.set(namespace, [...(foreign.get(namespace) ?? []), key]);
    }
    return [...foreign].map(
        ([namespace, keys]) =>
            `${stackFile.file}: ${keys.join(", ")} use${keys.length === 1 ? "s" : ""} the namespace "${namespace}", not this project's ("${project.name}"): the program reads them only with new pulumi.Config("${namespace}")`,
    );
}
