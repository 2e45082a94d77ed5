// What the host reads from a pack's PulumiPolicy.yaml besides its presence: the version. As in the
// engine (analyzer_plugin.go), a version set there is reported over the one the pack answers with,
// for the pack and for each of its violations.
import * as path from "path";
import { InputError } from "../project/inputError";
import { readYamlFile } from "../project/yamlFile";

export function policyPackVersion(directory: string): string | undefined {
    const file = readYamlFile(path.join(directory, "PulumiPolicy.yaml"));
    if (file.value === null || file.value === undefined) return undefined;
    if (typeof file.value !== "object" || Array.isArray(file.value)) {
        throw new InputError(`${file.file}: expected a mapping (runtime, description, version): fix the policy pack's project file`);
    }
    const version = (file.value as Record<string, unknown>).version;
    if (version === undefined || version === null || version === "") return undefined;
    if (typeof version !== "string" && typeof version !== "number") {
        throw new InputError(`${file.file}:${file.lineOf(["version"]) ?? 1}: version: expected a version string: fix the policy pack's project file`);
    }
    return String(version);
}
