// The one schema of an environment's config (the `lockstep:` namespace of a stack); types derive from it.
import { z } from "zod";

export const Strategy = { Rolling: "rolling", BlueGreen: "blueGreen" } as const;
export type Strategy = (typeof Strategy)[keyof typeof Strategy];

export const Color = { Blue: "blue", Green: "green" } as const;
export type Color = (typeof Color)[keyof typeof Color];

const dnsLabel = z
    .string({ error: "expected a DNS label (lower-case letters, digits and '-')" })
    .regex(/^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/, { error: "expected a DNS label (lower-case letters, digits and '-')" });

const imageRepository = z
    .string({ error: 'expected an image repository without a tag, e.g. "ghcr.io/acme/api"' })
    .regex(/^[a-z0-9]+([._-]+[a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/, {
        error: 'expected an image repository without a tag, e.g. "ghcr.io/acme/api"',
    });

/** A tag (`1.4.2`) or a digest (`sha256:<64 hex>`); quote tags in YAML so that 1.10 stays "1.10". */
const imageVersion = z
    .string({ error: 'expected an image tag or digest as a string, e.g. "1.4.2" or "sha256:<64 hex digits>"' })
    .regex(/^(sha256:[a-f0-9]{64}|[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/, {
        error: 'expected an image tag or digest, e.g. "1.4.2" or "sha256:<64 hex digits>"',
    });

/** A whole number from `min` to `max` (no upper bound when omitted); every issue states the range. */
const wholeNumber = (min: number, max?: number) => {
    const error = max === undefined ? `expected a whole number of at least ${min}` : `expected a whole number from ${min} to ${max}`;
    const atLeast = z.number({ error }).int({ error }).min(min, { error });
    return max === undefined ? atLeast : atLeast.max(max, { error });
};
const positiveInt = wholeNumber(1);

const quantity = (what: string) =>
    z.string({ error: `expected a Kubernetes ${what} quantity as a string, e.g. "250m" or "256Mi"` }).regex(
        /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti)?$/,
        { error: `expected a Kubernetes ${what} quantity, e.g. "250m" or "256Mi"` },
    );

const computeResources = z.strictObject({ cpu: quantity("CPU"), memory: quantity("memory") });

export const resourcesSchema = z.strictObject({
    requests: computeResources.default({ cpu: "100m", memory: "128Mi" }),
    limits: computeResources.default({ cpu: "500m", memory: "256Mi" }),
});

/** A plain value, or `{secret: <config key>}` naming a Pulumi secret in this stack's `lockstep:` config. */
const envValue = z.union(
    [z.string(), z.strictObject({ secret: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/) })],
    { error: 'expected a string, or {secret: <config key>} for a Pulumi secret' },
);

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: "expected an environment variable name" });

/** One IAM statement the service's role is allowed; never `*` actions or `*` resources. */
const permission = z.strictObject({
    actions: z
        .array(z.string().regex(/^[a-z0-9-]+:[A-Za-z0-9*]+$/, { error: 'expected an IAM action like "s3:GetObject"' }))
        .min(1)
        .refine((actions) => !actions.some((a) => a === "*" || a.endsWith(":*")), {
            error: "expected specific actions: a whole-service wildcard is not least privilege",
        }),
    resources: z
        .array(z.string().startsWith("arn:", { error: "expected an ARN" }))
        .min(1, { error: "expected at least one resource ARN" }),
});

const autoscaling = z
    .strictObject({
        minReplicas: positiveInt,
        maxReplicas: positiveInt,
        targetCpuPercent: wholeNumber(1, 100).default(70),
    })
    .refine((a) => a.maxReplicas >= a.minReplicas, { error: "expected maxReplicas >= minReplicas" });

/** What a service is, the same in every environment: `lockstep:catalog` in Pulumi.yaml. */
const serviceDefinition = z.strictObject({
    name: dnsLabel,
    image: imageRepository,
    /** `rolling` or `blueGreen`. Defaults to rolling. */
    strategy: z.enum(Strategy, { error: 'expected strategy "rolling" or "blueGreen"' }).default(Strategy.Rolling),
    /** Container port; the Service exposes port 80. Defaults to 8080. */
    port: wholeNumber(1, 65535).default(8080),
    /** HTTP path of the readiness, startup and liveness probes. Defaults to /healthz. */
    healthPath: z.string().startsWith("/", { error: 'expected an absolute path like "/healthz"' }).default("/healthz"),
    env: z.record(envName, envValue).default({}),
    /** Requests and limits of the container: what the service needs, whatever the environment. */
    resources: resourcesSchema.default({
        requests: { cpu: "100m", memory: "128Mi" },
        limits: { cpu: "500m", memory: "256Mi" },
    }),
    /** Publish `<name>.<domain>` through an Ingress. Defaults to false. */
    expose: z.boolean({ error: "expected true or false" }).default(false),
    /** Seconds the pod keeps serving after it is told to stop (endpoints drain meanwhile). Defaults to 10. */
    preStopSeconds: wholeNumber(1, 120).default(10),
    permissions: z.array(permission).default([]),
});

/** How a service runs in one environment: `lockstep:services` in the stack file. */
const serviceRelease = z.strictObject({
    /** Names a service of the catalog. */
    name: dnsLabel,
    /** Rolling: the image tag or digest to run. */
    version: imageVersion.optional(),
    /** Blue-green: the colour the live Service selects; flipping it is both promotion and rollback. */
    activeColor: z.enum(Color, { error: 'expected "blue" or "green"' }).optional(),
    /** Blue-green: the image version each colour runs. */
    versions: z.strictObject({ blue: imageVersion, green: imageVersion }).optional(),
    /** Pods per Deployment (per colour for blue-green). Defaults to 2. */
    replicas: positiveInt.default(2),
    /** Overrides the catalog's requests and limits here. Defaults to the catalog's. */
    resources: resourcesSchema.optional(),
    /** Rolling: a HorizontalPodAutoscaler between these bounds; `replicas` is then ignored. Defaults to none. */
    autoscaling: autoscaling.optional(),
});

/** Marks cross-field issues whose message already says everything (no "got <value>" appended). */
export const selfContained = { selfContained: true } as const;

type ServiceDefinition = z.output<typeof serviceDefinition>;
type ServiceRelease = z.output<typeof serviceRelease>;

function uniqueNames(list: { name: string }[], key: string, ctx: z.RefinementCtx): void {
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
        const first = seen.get(item.name);
        if (first !== undefined) {
            ctx.addIssue({
                code: "custom",
                params: selfContained,
                path: [key, i, "name"],
                message: `duplicate service name "${item.name}" (also ${key}[${first}].name): names must be unique`,
            });
        }
        seen.set(item.name, i);
    });
}

/** What a release must and must not set for its service's strategy. */
function checkRelease(definition: ServiceDefinition, release: ServiceRelease, i: number, ctx: z.RefinementCtx): void {
    const issue = (field: string, message: string) => ctx.addIssue({ code: "custom",
                params: selfContained, path: ["services", i, field], message });
    const blueGreenOnly = ["activeColor", "versions"] as const;
    if (definition.strategy === Strategy.Rolling) {
        if (release.version === undefined) issue("version", 'expected the image tag or digest to run, e.g. "1.4.2"');
        for (const field of blueGreenOnly) {
            if (release[field] !== undefined) issue(field, `only blue-green services take ${field}; "${definition.name}" is rolling`);
        }
    } else {
        if (release.activeColor === undefined) issue("activeColor", 'expected "blue" or "green"');
        if (release.versions === undefined) issue("versions", "expected {blue: <version>, green: <version>}");
        if (release.version !== undefined) issue("version", `blue-green services take versions.blue and versions.green, not version`);
        if (release.autoscaling !== undefined) issue("autoscaling", "blue-green services do not autoscale: set replicas");
    }
}

export type RollingServiceConfig = ServiceDefinition &
    Omit<ServiceRelease, "version" | "activeColor" | "versions" | "resources"> & { strategy: "rolling"; version: string };
export type BlueGreenServiceConfig = ServiceDefinition &
    Omit<ServiceRelease, "version" | "activeColor" | "versions" | "autoscaling" | "resources"> & {
        strategy: "blueGreen";
        activeColor: Color;
        versions: { blue: string; green: string };
    };
/** A service as the components see it: its catalog definition with this environment's release. */
export type ServiceConfig = RollingServiceConfig | BlueGreenServiceConfig;

function mergeService(definition: ServiceDefinition, release: ServiceRelease): ServiceConfig {
    return { ...definition, ...release, name: definition.name, resources: release.resources ?? definition.resources } as ServiceConfig;
}

const cluster = z.strictObject({
    /** EKS cluster name. */
    name: z.string().min(1),
    /** ARN of the cluster's IAM OIDC provider, which IRSA role trust policies name. */
    oidcProviderArn: z.string().regex(/^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider\/.+$/, {
        error: 'expected an IAM OIDC provider ARN like "arn:aws:iam::123456789012:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<ID>"',
    }),
    /** kubeconfig context to deploy to. Defaults to the current context. */
    kubeContext: z.string().optional(),
});

const environmentShape = {
    team: dnsLabel,
    awsRegion: z.string().regex(/^[a-z]{2}(-[a-z]+)+-[0-9]$/, { error: 'expected an AWS region like "eu-west-1"' }),
    ingressClass: z.string().min(1),
    protectStateful: z.boolean({ error: "expected true or false" }).default(false),
    /** DNS zone of the environment's public hostnames, e.g. dev.example.com. */
    domain: z.string().regex(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?\.)+[a-z]{2,}$/, { error: "expected a DNS domain" }),
    /** Kubernetes namespace of the services. Defaults to `<team>-<stack>`. */
    namespace: dnsLabel.optional(),
    cluster,
    /** Extra tags on every taggable AWS resource. */
    tags: z.record(z.string(), z.string()).default({}),
    /** Days to keep superseded release records. Defaults to 90. */
    releaseRetentionDays: positiveInt.default(90),
    catalog: z.array(serviceDefinition, { error: "expected a list of service definitions" }).min(1, {
        error: "expected at least one service definition",
    }),
    services: z.array(serviceRelease, { error: "expected a list of services" }).min(1, {
        error: "expected at least one service",
    }),
};

export const environmentSchema = z
    .strictObject(environmentShape)
    .superRefine((env, ctx) => {
        uniqueNames(env.catalog, "catalog", ctx);
        uniqueNames(env.services, "services", ctx);
        const byName = new Map(env.catalog.map((d) => [d.name, d]));
        env.services.forEach((release, i) => {
            const definition = byName.get(release.name);
            if (definition === undefined) {
                ctx.addIssue({
                    code: "custom",
                params: selfContained,
                    path: ["services", i, "name"],
                    message: `unknown service "${release.name}": expected one of ${[...byName.keys()].join(", ")} (lockstep:catalog)`,
                });
            } else checkRelease(definition, release, i, ctx);
        });
    })
    .transform(({ catalog, services, ...rest }) => {
        const byName = new Map(catalog.map((d) => [d.name, d]));
        return { ...rest, services: services.map((release) => mergeService(byName.get(release.name)!, release)) };
    });

/** An environment's config as the stack file and `Pulumi.yaml` give it (before defaults). */
export type EnvironmentConfigInput = z.input<typeof environmentSchema>;
/** An environment's validated config, defaults applied, each release merged with its catalog entry. */
export type EnvironmentConfig = z.output<typeof environmentSchema>;
export type Resources = z.output<typeof resourcesSchema>;
export type Permission = z.output<typeof permission>;

/** The config keys of the schema, without the `lockstep:` namespace. */
export const environmentKeys = Object.keys(environmentShape) as (keyof typeof environmentShape)[];
