import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateType } from "../validateType";
import { currentEnvironment, perEnvironment, type Environment } from "../environment";
import { deploymentType, replicasOf, type Deployment } from "./deploymentShape";

interface Config {
    minimumReplicas: Record<Environment, number>;
}

export const deploymentMinimumReplicas: ResourceValidationPolicy = {
    name: "kubernetes-deployment-minimum-replicas",
    description: "Deployments run at least the environment's minimum number of replicas, so one lost pod is not an outage.",
    configSchema: {
        properties: {
            minimumReplicas: perEnvironment("integer", { dev: 1, staging: 2, prod: 2 }, "Minimum spec.replicas per environment."),
        },
    },
    validateResource: validateType(deploymentType, (args, reportViolation) => {
        const environment = currentEnvironment();
        const minimum = args.getConfig<Config>().minimumReplicas[environment];
        const replicas = replicasOf(args.props as Deployment);
        if (replicas < minimum) {
            reportViolation(`Deployment must have at least ${minimum} replicas in ${environment}; it has ${replicas}.`);
        }
    }),
};
