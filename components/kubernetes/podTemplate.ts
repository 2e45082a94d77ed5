// Pure builders of the zero-downtime Deployment spec shared by rolling and blue-green services.
import type * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { Color, ServiceConfig } from "../config/environmentSchema";
import { objectLabels, selectorLabels } from "./labels";

type DeploymentSpec = k8s.types.input.apps.v1.DeploymentSpec;
type EnvVar = k8s.types.input.core.v1.EnvVar;

export const containerPortName = "http";
/** Seconds a new pod must stay ready before it counts as available (and the rollout moves on). */
export const minReadySeconds = 10;
/** Seconds after which a stalled rollout is reported as failed (and `pulumi up` fails). */
export const progressDeadlineSeconds = 300;
/** Seconds the application gets to finish in-flight work after the preStop pause. */
export const shutdownSeconds = 20;

/** `repo:tag` or `repo@sha256:...` */
export function imageReference(repository: string, version: string): string {
    return version.startsWith("sha256:") ? `${repository}@${version}` : `${repository}:${version}`;
}

/** A positive surge that scales with the replica count (a quarter, at least one pod). */
export function maxSurgeFor(replicas: number): number {
    return Math.max(1, Math.ceil(replicas / 4));
}

export interface PodTemplateArgs {
    service: ServiceConfig;
    team: string;
    /** Image tag or digest this Deployment runs. */
    version: string;
    replicas: number;
    color?: Color;
    /** Name of the Secret that holds the service's secret environment variables, if it has any. */
    envSecretName?: pulumi.Input<string>;
}

/** Environment variables sorted by name; secret ones read from the service's Secret. */
export function containerEnv(env: ServiceConfig["env"], envSecretName?: pulumi.Input<string>): EnvVar[] {
    return Object.keys(env)
        .sort()
        .map((name): EnvVar => {
            const value = env[name];
            if (typeof value === "string") return { name, value };
            if (envSecretName === undefined) throw new Error(`env ${name} is a secret but the service has no Secret`);
            return { name, valueFrom: { secretKeyRef: { name: envSecretName, key: name } } };
        });
}

export function deploymentSpec(args: PodTemplateArgs): DeploymentSpec {
    const { service, color } = args;
    const probe = { httpGet: { path: service.healthPath, port: containerPortName } };
    return {
        replicas: args.replicas,
        selector: { matchLabels: selectorLabels(service.name, color) },
        strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: maxSurgeFor(args.replicas) } },
        minReadySeconds,
        progressDeadlineSeconds,
        revisionHistoryLimit: 10,
        template: {
            metadata: { labels: objectLabels(service.name, args.team, color) },
            spec: {
                serviceAccountName: service.name,
                terminationGracePeriodSeconds: service.preStopSeconds + shutdownSeconds,
                securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                topologySpreadConstraints: [
                    {
                        maxSkew: 1,
                        topologyKey: "topology.kubernetes.io/zone",
                        whenUnsatisfiable: "ScheduleAnyway",
                        labelSelector: { matchLabels: selectorLabels(service.name, color) },
                        matchLabelKeys: ["pod-template-hash"],
                    },
                ],
                containers: [
                    {
                        name: service.name,
                        image: imageReference(service.image, args.version),
                        ports: [{ name: containerPortName, containerPort: service.port }],
                        env: containerEnv(service.env, args.envSecretName),
                        resources: { requests: service.resources.requests, limits: service.resources.limits },
                        startupProbe: { ...probe, periodSeconds: 2, failureThreshold: 60 },
                        readinessProbe: { ...probe, periodSeconds: 5, failureThreshold: 3 },
                        livenessProbe: { ...probe, periodSeconds: 10, timeoutSeconds: 2, failureThreshold: 3 },
                        // Keep serving while endpoints drain, so no request meets a closed socket.
                        lifecycle: { preStop: { sleep: { seconds: service.preStopSeconds } } },
                        securityContext: {
                            allowPrivilegeEscalation: false,
                            readOnlyRootFilesystem: true,
                            capabilities: { drop: ["ALL"] },
                        },
                    },
                ],
            },
        },
    };
}
