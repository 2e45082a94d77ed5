import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import { currentEnvironment, environmentOfStack } from "../environment";
import { breakGlassSchema, breakGlassShortfall } from "./breakGlass";

/** Service version -> why it may enter (admitted) or why not (refused), per service. */
type VersionNotes = Record<string, Record<string, string>>;

interface Config {
    stack: string;
    from: string;
    releaseId: string;
    admitted: VersionNotes;
    refused: VersionNotes;
    breakGlass: string;
    approvers: string[];
    author: string;
}

/** The label every lockstep Deployment carries with its service's name (components/kubernetes/labels.ts). */
const nameLabel = "app.kubernetes.io/name";

const configCommand = "lockstep release policy-config";

const versionNotes = (description: string) => ({
    type: "object",
    default: {},
    description,
    additionalProperties: { type: "object", additionalProperties: { type: "string" } },
}) as const;

interface DeployedVersion {
    service: string;
    version: string;
    urn: string;
}

/** `repo@sha256:...` -> `sha256:...`; `repo:1.9.0` -> `1.9.0`; `repo` -> "" (no tag). */
export function versionOfImage(image: string): string {
    const at = image.indexOf("@");
    if (at >= 0) return image.slice(at + 1);
    const colon = image.lastIndexOf(":");
    return colon > image.lastIndexOf("/") ? image.slice(colon + 1) : "";
}

/** What each Deployment of the stack runs: the service its name label names, the version its image carries. */
function deployedVersions(resources: PolicyResource[], problem: (message: string, urn: string) => void): DeployedVersion[] {
    const deployed: DeployedVersion[] = [];
    for (const r of resources.filter((x) => x.type === "kubernetes:apps/v1:Deployment")) {
        const service = r.props?.metadata?.labels?.[nameLabel] ?? r.props?.spec?.template?.metadata?.labels?.[nameLabel];
        if (typeof service !== "string" || service === "") {
            problem(`Deployment ${r.name} must carry the ${nameLabel} label naming its service, so the gate can tell which service's version it runs; it has none.`, r.urn);
            continue;
        }
        const containers: { name?: string; image?: unknown }[] = r.props?.spec?.template?.spec?.containers ?? [];
        const main = containers.find((c) => c.name === service) ?? containers[0];
        if (typeof main?.image !== "string") {
            problem(`Deployment ${r.name} of ${service} must name its image as a plain reference (repository:version or repository@sha256:...); the gate cannot read it.`, r.urn);
            continue;
        }
        deployed.push({ service, version: versionOfImage(main.image), urn: r.urn });
    }
    return deployed;
}

/**
 * CI builds this policy's config from the release records with `lockstep release policy-config`: for each
 * version the stack file deploys, whether the records verify it in the environment before (promotion's
 * rule) or show it running here already. The policy checks the versions the Deployments really run, so a
 * stack file edited after the config was built cannot slip another version through.
 */
export const deploymentReleaseVerified: StackValidationPolicy = {
    name: "deployment-release-verified",
    description: "A service version enters an environment only if the release records show it verified in the environment before (or it runs here already), unless break glass is declared with two approvers other than the change's author.",
    configSchema: {
        properties: {
            stack: { type: "string", default: "", description: "The stack the config was built for (empty: no config was built, and the policy is silent)." },
            from: { type: "string", default: "", description: "The stack whose records verify the versions (the environment before)." },
            releaseId: { type: "string", default: "", description: "The release id of the stack file the config was built from (lockstep release show)." },
            admitted: versionNotes("Per service, the versions that may run here, each with its evidence."),
            refused: versionNotes("Per service, the versions the stack file names that the records do not verify, each with the reason."),
            ...breakGlassSchema,
        },
    },
    validateStack: (args, reportViolation) => {
        const config = args.getConfig<Config>();
        if (config.stack === "") return;
        const environment = currentEnvironment();
        if (environmentOfStack(config.stack) !== environment) {
            reportViolation(`the verified versions in this policy's config were built for ${config.stack}, not for this ${environment} stack: build them with ${configCommand} --stack <this stack>.`);
            return;
        }
        const problems: { message: string; urn: string }[] = [];
        const problem = (message: string, urn: string) => problems.push({ message, urn });
        for (const d of deployedVersions(args.resources, problem)) {
            const label = `${d.service} ${d.version || "(untagged)"}`;
            if (config.admitted[d.service]?.[d.version] !== undefined) continue;
            const reason = config.refused[d.service]?.[d.version];
            if (reason !== undefined) {
                problem(`${label} must be verified in ${config.from} before it enters ${config.stack}: ${reason}`, d.urn);
                continue;
            }
            const named = [...Object.keys(config.admitted[d.service] ?? {}), ...Object.keys(config.refused[d.service] ?? {})];
            problem(
                `${label} is not what the stack file named when this policy's config was built (release ${config.releaseId}: ${named.length === 0 ? `no ${d.service}` : `${d.service} ${named.join(", ")}`}): build the config again with ${configCommand} --stack ${config.stack}`,
                d.urn,
            );
        }
        if (problems.length === 0) return;
        if (config.breakGlass === "") {
            for (const p of problems) reportViolation(`${p.message}; promote a version ${config.from} has verified (lockstep promote --from ${config.from} --to ${config.stack}), or break glass with two approvers other than the author (${configCommand} --break-glass REASON).`, p.urn);
            return;
        }
        const shortfall = breakGlassShortfall(config);
        if (shortfall === undefined) return; // broken with two approvals: CI records it (lockstep release record --break-glass)
        for (const p of problems) reportViolation(`${p.message}; ${shortfall}`, p.urn);
    },
};
