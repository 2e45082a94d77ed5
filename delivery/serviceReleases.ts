// The services of a stack as releases: which version (or colours) each runs, read from the stack file
// (`lockstep:services`) and the catalog in Pulumi.yaml (strategy, health path).
import { InputError } from "../project/inputError";
import type { PulumiProject, StackFile } from "../project/pulumiProject";

export type Color = "blue" | "green";

export interface ServiceRelease {
    /** Position in `lockstep:services`, which config paths need. */
    index: number;
    name: string;
    strategy: "rolling" | "blueGreen";
    healthPath: string;
    version?: string;
    activeColor?: Color;
    versions?: Record<Color, string>;
}

const servicesKey = "lockstep:services";

export function releasesOf(project: PulumiProject, stackFile: StackFile): ServiceRelease[] {
    const list = stackFile.config[servicesKey];
    if (!Array.isArray(list)) throw new InputError(`${stackFile.file}: ${servicesKey}: expected a list of services`);
    const catalog = Array.isArray(project.config["lockstep:catalog"]) ? (project.config["lockstep:catalog"] as Record<string, unknown>[]) : [];
    return list.map((entry: Record<string, unknown>, index) => {
        const name = String(entry?.name ?? "");
        const known = catalog.find((c) => c.name === name) ?? {};
        const blueGreen = known.strategy === "blueGreen" || entry.activeColor !== undefined;
        return {
            index,
            name,
            strategy: blueGreen ? "blueGreen" : "rolling",
            healthPath: typeof known.healthPath === "string" ? known.healthPath : "/",
            version: entry.version === undefined ? undefined : String(entry.version),
            activeColor: entry.activeColor === "blue" || entry.activeColor === "green" ? entry.activeColor : undefined,
            versions: blueGreen ? (entry.versions as Record<Color, string>) : undefined,
        };
    });
}

export function findRelease(releases: ServiceRelease[], name: string, file: string): ServiceRelease {
    const found = releases.find((r) => r.name === name);
    if (!found) throw new InputError(`--service ${name}: not in ${file} ${servicesKey}: expected one of ${releases.map((r) => r.name).join(", ")}`);
    return found;
}

/** The `pulumi config set --path` path of one field of a service entry. */
export function servicePath(index: number, field: string): string {
    return `${servicesKey}[${index}].${field}`;
}

export function otherColor(color: Color): Color {
    return color === "blue" ? "green" : "blue";
}

/** The services list recorded with an update in stack history (structured config is `objectValue`, or JSON text). */
export function recordedServices(config: Record<string, { value?: string; objectValue?: unknown }> | undefined): Record<string, unknown>[] | undefined {
    const entry = config?.[servicesKey];
    if (!entry) return undefined;
    if (Array.isArray(entry.objectValue)) return entry.objectValue as Record<string, unknown>[];
    if (typeof entry.value === "string") {
        try {
            const parsed = JSON.parse(entry.value);
            return Array.isArray(parsed) ? parsed : undefined;
        } catch {
            return undefined;
        }
    }
    return undefined;
}
