import type { ResourceValidationPolicy } from "@pulumi/policy";
import { validateType } from "../validateType";
import { containersOf, deploymentType, describeContainer, type Deployment } from "./deploymentShape";

// What Kubernetes uses when terminationGracePeriodSeconds is unset.
const defaultGracePeriodSeconds = 30;

export const deploymentGracefulShutdown: ResourceValidationPolicy = {
    name: "kubernetes-deployment-graceful-shutdown",
    description: "Every container has a preStop hook and the pod's grace period is longer than the hook, so in-flight requests drain before the pod stops.",
    validateResource: validateType(deploymentType, (args, reportViolation) => {
        const deployment = args.props as Deployment;
        const grace = deployment.spec?.template?.spec?.terminationGracePeriodSeconds ?? defaultGracePeriodSeconds;
        containersOf(deployment).forEach((container, index) => {
            const who = describeContainer(container, index);
            const preStop = container.lifecycle?.preStop;
            if (!preStop) {
                reportViolation(`${who} must have a lifecycle.preStop hook (e.g. sleep 10 s); it has none.`);
                return;
            }
            const hookSeconds = preStop.sleep?.seconds ?? 0;
            if (grace <= hookSeconds) {
                reportViolation(
                    `${who}: terminationGracePeriodSeconds must be greater than its preStop sleep of ${hookSeconds} s; it is ${grace} s.`,
                );
            }
        });
    }),
};
