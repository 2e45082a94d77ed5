import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateType } from "../validateType";
import { deploymentType, type Deployment } from "./deploymentShape";

interface Config {
    blueGreenColorLabel: string;
}

/** Accepts 0, "0" and "0%"; a surge must be a positive count or percentage. */
function amount(value: number | string | undefined): number | undefined {
    if (value === undefined) return undefined;
    const parsed = typeof value === "number" ? value : parseFloat(value);
    return Number.isNaN(parsed) ? undefined : parsed;
}

export const deploymentZeroDowntimeRollout: ResourceValidationPolicy = {
    name: "kubernetes-deployment-zero-downtime-rollout",
    description: "Deployments roll out without downtime: RollingUpdate with maxUnavailable 0 and maxSurge at least 1, or one colour of a blue-green pair.",
    configSchema: {
        properties: {
            blueGreenColorLabel: {
                type: "string",
                default: "lockstep.dev/color",
                description: "Pod label that marks one colour of a blue-green pair (traffic moves by switching the Service).",
            },
        },
    },
    validateResource: validateType(deploymentType, (args, reportViolation) => {
        const deployment = args.props as Deployment;
        const { blueGreenColorLabel } = args.getConfig<Config>();
        const color = deployment.spec?.template?.metadata?.labels?.[blueGreenColorLabel];
        if (color !== undefined) return;
        const strategy = deployment.spec?.strategy;
        const type = strategy?.type ?? "RollingUpdate";
        // Kubernetes defaults both to 25%, which takes a quarter of the pods away during a rollout.
        const maxUnavailable = strategy?.rollingUpdate?.maxUnavailable ?? "25%";
        const maxSurge = strategy?.rollingUpdate?.maxSurge ?? "25%";
        const unavailable = amount(maxUnavailable);
        const surge = amount(maxSurge);
        if (type === "RollingUpdate" && unavailable === 0 && surge !== undefined && surge > 0) return;
        reportViolation(
            `Deployment must use strategy RollingUpdate with maxUnavailable 0 and maxSurge at least 1 (or carry the ` +
                `"${blueGreenColorLabel}" label of a blue-green pair); it has strategy ${type}` +
                (type === "RollingUpdate" ? ` with maxUnavailable ${maxUnavailable} and maxSurge ${maxSurge}.` : "."),
        );
    }),
};
