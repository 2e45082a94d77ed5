import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateType } from "../validateType";
import { containersOf, deploymentType, describeContainer, type Deployment } from "./deploymentShape";

interface Config {
    resources: string[];
}

export const deploymentResourceLimits: ResourceValidationPolicy = {
    name: "kubernetes-deployment-resource-limits",
    description: "Every container of a Deployment sets requests and limits for CPU and memory, so it is scheduled honestly and cannot starve its neighbours.",
    configSchema: {
        properties: {
            resources: { type: "array", items: { type: "string" }, default: ["cpu", "memory"], description: "Resources every container must request and limit." },
        },
    },
    validateResource: validateType(deploymentType, (args, reportViolation) => {
        const { resources } = args.getConfig<Config>();
        containersOf(args.props as Deployment).forEach((container, index) => {
            const missing: string[] = [];
            for (const kind of ["requests", "limits"] as const) {
                for (const resource of resources) {
                    if (container.resources?.[kind]?.[resource] === undefined) missing.push(`${kind}.${resource}`);
                }
            }
            if (missing.length > 0) {
                const has = JSON.stringify(container.resources ?? {});
                reportViolation(`${describeContainer(container, index)} must set resources ${missing.join(", ")}; it has ${has}.`);
            }
        });
    }),
};
