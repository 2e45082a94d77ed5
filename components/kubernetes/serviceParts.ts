// The parts every service has whatever its strategy: identity (service account, IAM role, secret
// environment), Services, disruption budgets and Ingresses. Each is created as a child of the service.
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { WorkloadRole } from "../aws/workloadRole";
import { readSecret } from "../config/readEnvironmentConfig";
import type { Color, ServiceConfig } from "../config/environmentSchema";
import { containerPortName, deploymentSpec, progressDeadlineSeconds } from "./podTemplate";
import { objectLabels, selectorLabels } from "./labels";

/** What a service component needs besides its own config. */
export interface ServiceArgs<S extends ServiceConfig> {
    service: S;
    team: string;
    namespace: string;
    /** DNS zone of public hostnames (`<service>.<domain>`). */
    domain: string;
    ingressClass: string;
    oidcProviderArn: string;
    releaseBucketArn: pulumi.Input<string>;
    /** AWS tags for the service's resources. */
    tags: Record<string, string>;
    /** Reads a secret config key. Defaults to the stack's `lockstep:` config. */
    readSecret?: (key: string) => pulumi.Output<string>;
}

export interface ServiceIdentity {
    roleArn: pulumi.Output<string>;
    /** Name of the Secret of secret environment variables, when there are any. */
    envSecretName?: pulumi.Output<string>;
}

export function createIdentity(parent: pulumi.Resource, name: string, args: ServiceArgs<ServiceConfig>): ServiceIdentity {
    const { service } = args;
    const role = new WorkloadRole(
        `${name}-workload`,
        {
            service: service.name,
            oidcProviderArn: args.oidcProviderArn,
            namespace: args.namespace,
            serviceAccount: service.name,
            releaseBucketArn: args.releaseBucketArn,
            permissions: service.permissions,
            tags: args.tags,
        },
        { parent },
    );
    new k8s.core.v1.ServiceAccount(
        `${name}-account`,
        {
            metadata: {
                name: service.name,
                namespace: args.namespace,
                labels: objectLabels(service.name, args.team),
                annotations: { "eks.amazonaws.com/role-arn": role.roleArn },
            },
            automountServiceAccountToken: true,
        },
        { parent },
    );
    const secretKeys = Object.entries(service.env).filter(([, v]) => typeof v !== "string");
    if (secretKeys.length === 0) return { roleArn: role.roleArn };
    const read = args.readSecret ?? readSecret;
    const stringData: Record<string, pulumi.Output<string>> = {};
    for (const [envName, value] of secretKeys) stringData[envName] = read((value as { secret: string }).secret);
    // Auto-named, so a changed secret gets a new Secret and rolls the pods that read it.
    const secret = new k8s.core.v1.Secret(
        `${name}-env`,
        { metadata: { namespace: args.namespace, labels: objectLabels(service.name, args.team) }, type: "Opaque", stringData },
        { parent },
    );
    return { roleArn: role.roleArn, envSecretName: secret.metadata.name };
}

/**
 * The service's Deployment (of one colour, for blue-green), auto-named so that a replacement comes up
 * before the old one goes. `pulumi up` waits for its rollout as long as Kubernetes itself does.
 */
export function createDeployment(
    parent: pulumi.Resource,
    logicalName: string,
    args: ServiceArgs<ServiceConfig>,
    rollout: { version: string; replicas: number; color?: Color; envSecretName?: pulumi.Output<string> },
    opts: { ignoreChanges?: string[] } = {},
): k8s.apps.v1.Deployment {
    const { service } = args;
    return new k8s.apps.v1.Deployment(
        logicalName,
        {
            metadata: {
                namespace: args.namespace,
                labels: objectLabels(service.name, args.team, rollout.color),
                annotations: { "pulumi.com/timeoutSeconds": String(progressDeadlineSeconds) },
            },
            spec: deploymentSpec({ service, team: args.team, ...rollout }),
        },
        { parent, ignoreChanges: opts.ignoreChanges },
    );
}

/** A ClusterIP Service on port 80 selecting the service's pods (of one colour, for blue-green). */
export function createService(
    parent: pulumi.Resource,
    logicalName: string,
    serviceName: string,
    args: ServiceArgs<ServiceConfig>,
    color?: Color,
): k8s.core.v1.Service {
    return new k8s.core.v1.Service(
        logicalName,
        {
            metadata: { name: serviceName, namespace: args.namespace, labels: objectLabels(args.service.name, args.team) },
            spec: {
                type: "ClusterIP",
                selector: selectorLabels(args.service.name, color),
                ports: [{ name: "http", port: 80, targetPort: containerPortName }],
            },
        },
        { parent },
    );
}

/** At most one pod of the Deployment (of one colour) down for voluntary disruptions. */
export function createDisruptionBudget(
    parent: pulumi.Resource,
    logicalName: string,
    args: ServiceArgs<ServiceConfig>,
    color?: Color,
): k8s.policy.v1.PodDisruptionBudget {
    return new k8s.policy.v1.PodDisruptionBudget(
        logicalName,
        {
            metadata: { namespace: args.namespace, labels: objectLabels(args.service.name, args.team, color) },
            spec: { maxUnavailable: 1, selector: { matchLabels: selectorLabels(args.service.name, color) } },
        },
        { parent },
    );
}

/** Publishes `host` over HTTPS to the named Service. */
export function createIngress(
    parent: pulumi.Resource,
    logicalName: string,
    host: string,
    serviceName: pulumi.Input<string>,
    args: ServiceArgs<ServiceConfig>,
): k8s.networking.v1.Ingress {
    return new k8s.networking.v1.Ingress(
        logicalName,
        {
            metadata: { namespace: args.namespace, labels: objectLabels(args.service.name, args.team) },
            spec: {
                ingressClassName: args.ingressClass,
                tls: [{ hosts: [host] }],
                rules: [
                    {
                        host,
                        http: {
                            paths: [
                                {
                                    path: "/",
                                    pathType: "Prefix",
                                    backend: { service: { name: serviceName, port: { name: "http" } } },
                                },
                            ],
                        },
                    },
                ],
            },
        },
        { parent },
    );
}

/** In-cluster DNS name of a Service. */
export function clusterHostname(serviceName: string, namespace: string): string {
    return `${serviceName}.${namespace}.svc.cluster.local`;
}
