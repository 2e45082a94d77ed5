import type { StackValidationPolicy } from "@pulumi/policy";
import { currentEnvironment, perEnvironment, type Environment } from "../environment";
import { byNamespace, deploymentType, disruptionBudgetType, namespaceOf, podLabelsOf, replicasOf, selects, type Deployment, type Labels } from "./deploymentShape";

interface Config {
    required: Record<Environment, boolean>;
}

interface DisruptionBudget {
    metadata?: { namespace?: string };
    spec?: { selector?: { matchLabels?: Labels } };
}

export const deploymentDisruptionBudget: StackValidationPolicy = {
    name: "kubernetes-deployment-disruption-budget",
    description: "Every Deployment with more than one replica is covered by a PodDisruptionBudget, so node drains never take all its pods at once.",
    configSchema: {
        properties: {
            required: perEnvironment("boolean", { dev: false, staging: true, prod: true }, "Environments where multi-replica Deployments need a PodDisruptionBudget."),
        },
    },
    validateStack: (args, reportViolation) => {
        const environment = currentEnvironment();
        if (!args.getConfig<Config>().required[environment]) return;
        const budgets = byNamespace(
            args.resources
                .filter((r) => r.type === disruptionBudgetType)
                .map((r) => r.props as DisruptionBudget)
                .map((budget) => ({ namespace: namespaceOf(budget), selector: budget.spec?.selector?.matchLabels })),
            (b) => b.namespace,
        );
        for (const resource of args.resources.filter((r) => r.type === deploymentType)) {
            const deployment = resource.props as Deployment;
            const replicas = replicasOf(deployment);
            if (replicas < 2) continue;
            const labels = podLabelsOf(deployment);
            const covered = (budgets.get(namespaceOf(deployment)) ?? []).some((budget) => selects(budget.selector, labels));
            if (!covered) {
                reportViolation(
                    `Deployment with ${replicas} replicas must be covered by a PodDisruptionBudget in namespace ` +
                        `"${namespaceOf(deployment)}" selecting its pod labels ${JSON.stringify(podLabelsOf(deployment))}; none selects them.`,
                    resource.urn,
                );
            }
        }
    },
};
