import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateType } from "../validateType";
import { currentEnvironment, perEnvironment, type Environment } from "../environment";
import { containersOf, deploymentType, describeContainer, type Deployment } from "./deploymentShape";

interface Config {
    requireDigest: Record<Environment, boolean>;
}

/** The tag is what follows the last ":" after the last "/" (a registry port is not a tag). */
function tagOf(image: string): string | undefined {
    const lastSegment = image.slice(image.lastIndexOf("/") + 1);
    const colon = lastSegment.indexOf(":");
    return colon < 0 ? undefined : lastSegment.slice(colon + 1);
}

export const deploymentPinnedImage: ResourceValidationPolicy = {
    name: "kubernetes-deployment-pinned-image",
    description: "Every container image is pinned: an explicit tag that is not latest, and a digest where the environment requires one.",
    configSchema: {
        properties: {
            requireDigest: perEnvironment("boolean", { dev: false, staging: false, prod: true }, "Environments whose images must be pinned by digest (@sha256:...)."),
        },
    },
    validateResource: validateType(deploymentType, (args, reportViolation) => {
        const environment = currentEnvironment();
        const digestRequired = args.getConfig<Config>().requireDigest[environment];
        containersOf(args.props as Deployment).forEach((container, index) => {
            const image = container.image ?? "";
            const who = describeContainer(container, index);
            const hasDigest = image.includes("@sha256:");
            if (digestRequired && !hasDigest) {
                reportViolation(`${who} must use an image pinned by digest (image@sha256:...) in ${environment}; it has "${image}".`);
                return;
            }
            if (hasDigest) return;
            const tag = tagOf(image);
            if (tag === undefined || tag === "" || tag === "latest") {
                reportViolation(`${who} must use an image with an explicit tag other than latest; it has "${image}".`);
            }
        });
    }),
};
