import type { StackValidationPolicy } from "@pulumi/policy";
import { byNamespace, deploymentType, namespaceOf, podLabelsOf, replicasOf, selects, serviceType, type Deployment, type Labels } from "./deploymentShape";

interface Service {
    metadata?: { name?: string; namespace?: string };
    spec?: { selector?: Labels; type?: string };
}

export const serviceSingleDeployment: StackValidationPolicy = {
    name: "kubernetes-service-single-deployment",
    description: "Every Service with a selector selects the pods of exactly one Deployment of the stack, and that Deployment has replicas (for blue-green, the active colour exists and runs).",
    validateStack: (args, reportViolation) => {
        // Read each Deployment's namespace and pod labels once (props are proxies, every read costs).
        const deployments = byNamespace(
            args.resources
                .filter((r) => r.type === deploymentType)
                .map((resource) => ({ resource, namespace: namespaceOf(resource.props as Deployment), labels: podLabelsOf(resource.props as Deployment) })),
            (d) => d.namespace,
        );
        for (const resource of args.resources.filter((r) => r.type === serviceType)) {
            const service = resource.props as Service;
            const selector = service.spec?.selector;
            // ExternalName services and services with hand-managed endpoints select no pods on purpose.
            if (!selector || Object.keys(selector).length === 0 || service.spec?.type === "ExternalName") continue;
            const selected = (deployments.get(namespaceOf(service)) ?? [])
                .filter((d) => selects(selector, d.labels))
                .map((d) => d.resource);
            const wanted = `Service selecting ${JSON.stringify(selector)} must select the pods of exactly one Deployment`;
            if (selected.length !== 1) {
                const names = selected.map((d) => d.name).join(", ");
                reportViolation(`${wanted}; it selects ${selected.length}${names ? ` (${names})` : ""}.`, resource.urn);
                continue;
            }
            const replicas = replicasOf(selected[0].props as Deployment);
            if (replicas < 1) {
                reportViolation(`${wanted} with at least one replica; it selects ${selected[0].name}, which has ${replicas}.`, resource.urn);
            }
        }
    },
};
