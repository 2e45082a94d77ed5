import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateType } from "../validateType";
import { containersOf, deploymentType, describeContainer, type Deployment } from "./deploymentShape";

export const deploymentReadinessProbe: ResourceValidationPolicy = {
    name: "kubernetes-deployment-readiness-probe",
    description: "Every container of a Deployment has a readiness probe, so a rollout only sends traffic to pods that are ready.",
    validateResource: validateType(deploymentType, (args, reportViolation) => {
        containersOf(args.props as Deployment).forEach((container, index) => {
            if (!container.readinessProbe) {
                reportViolation(`${describeContainer(container, index)} must have a readinessProbe; it has none.`);
            }
        });
    }),
};
