import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { RollingServiceConfig } from "../config/environmentSchema";
import { objectLabels } from "./labels";
import {
    clusterHostname,
    createDeployment,
    createDisruptionBudget,
    createIdentity,
    createIngress,
    createService,
    type ServiceArgs,
} from "./serviceParts";

export type RollingServiceArgs = ServiceArgs<RollingServiceConfig>;

/**
 * A service deployed by zero-downtime rolling update: one Deployment (surge first, never below the
 * desired count, probes, drain on stop), its Service, PodDisruptionBudget, ServiceAccount with an IAM
 * role, an optional HorizontalPodAutoscaler and an optional public Ingress.
 */
export class RollingService extends pulumi.ComponentResource {
    /** In-cluster DNS name of the Service. */
    public readonly hostname: pulumi.Output<string>;
    /** Public URL when exposed, else the in-cluster one. */
    public readonly url: pulumi.Output<string>;
    public readonly roleArn: pulumi.Output<string>;
    public readonly deploymentName: pulumi.Output<string>;

    /**
     * @param name The unique name of the component (the service's name).
     * @param args The service's config and the environment it runs in.
     * @param opts Resource options; providers flow to the children through the parent.
     */
    constructor(name: string, args: RollingServiceArgs, opts?: pulumi.ComponentResourceOptions) {
        super("lockstep:kubernetes:RollingService", name, {}, opts);
        const { service } = args;
        const identity = createIdentity(this, name, args);
        const replicas = service.autoscaling?.minReplicas ?? service.replicas;
        // With an autoscaler, the replica count is the autoscaler's to change.
        const deployment = createDeployment(
            this,
            `${name}-deployment`,
            args,
            { version: service.version, replicas, envSecretName: identity.envSecretName },
            { ignoreChanges: service.autoscaling ? ["spec.replicas"] : [] },
        );
        const svc = createService(this, `${name}-service`, service.name, args);
        createDisruptionBudget(this, `${name}-pdb`, args);
        if (service.autoscaling) {
            new k8s.autoscaling.v2.HorizontalPodAutoscaler(
                `${name}-hpa`,
                {
                    metadata: { namespace: args.namespace, labels: objectLabels(service.name, args.team) },
                    spec: {
                        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata.name },
                        minReplicas: service.autoscaling.minReplicas,
                        maxReplicas: service.autoscaling.maxReplicas,
                        metrics: [
                            {
                                type: "Resource",
                                resource: {
                                    name: "cpu",
                                    target: { type: "Utilization", averageUtilization: service.autoscaling.targetCpuPercent },
                                },
                            },
                        ],
                    },
                },
                { parent: this },
            );
        }
        const host = `${service.name}.${args.domain}`;
        if (service.expose) createIngress(this, `${name}-ingress`, host, svc.metadata.name, args);
        this.hostname = pulumi.output(clusterHostname(service.name, args.namespace));
        this.url = pulumi.output(service.expose ? `https://${host}` : `http://${clusterHostname(service.name, args.namespace)}`);
        this.roleArn = identity.roleArn;
        this.deploymentName = deployment.metadata.name;
        this.registerOutputs({
            hostname: this.hostname,
            url: this.url,
            roleArn: this.roleArn,
            deploymentName: this.deploymentName,
        });
    }
}
