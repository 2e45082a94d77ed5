// The lockstep program: the same for every stack. An environment differs only through its validated
// config (stacks/Pulumi.<stack>.yaml over the defaults in Pulumi.yaml); the stack name is only data.
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import {
    BlueGreenService,
    ReleaseBucket,
    RollingService,
    Strategy,
    awsTags,
    readEnvironmentConfig,
    type TagContext,
} from "./components";

const environment = pulumi.getStack();
const config = readEnvironmentConfig();
const namespaceName = config.namespace ?? `${config.team}-${environment}`;
const tagContext: TagContext = { environment, team: config.team, extra: config.tags };

const awsProvider = new aws.Provider("aws", { region: config.awsRegion as aws.Region });
const k8sProvider = new k8s.Provider("kubernetes", { context: config.cluster.kubeContext });

const namespaceResource = new k8s.core.v1.Namespace(
    "namespace",
    { metadata: { name: namespaceName, labels: { "app.kubernetes.io/part-of": config.team } } },
    { provider: k8sProvider, protect: config.protectStateful },
);

const releaseRecords = new ReleaseBucket(
    "release-records",
    { retentionDays: config.releaseRetentionDays, protect: config.protectStateful, tags: awsTags(tagContext, "release-records") },
    { providers: [awsProvider] },
);

const deployed = config.services.map((service) => {
    const common = {
        team: config.team,
        namespace: namespaceName,
        domain: config.domain,
        ingressClass: config.ingressClass,
        oidcProviderArn: config.cluster.oidcProviderArn,
        releaseBucketArn: releaseRecords.bucketArn,
        tags: awsTags(tagContext, service.name),
    };
    const opts = { providers: [awsProvider, k8sProvider], dependsOn: [namespaceResource] };
    return service.strategy === Strategy.BlueGreen
        ? new BlueGreenService(service.name, { ...common, service }, opts)
        : new RollingService(service.name, { ...common, service }, opts);
});

export const namespace = namespaceResource.metadata.name;
export const releaseBucket = releaseRecords.bucketName;
/** Per service: hostnames, URLs (smoke tests read them), IAM role ARN and, for blue-green, the live colour. */
export const services = Object.fromEntries(
    deployed.map((svc, i) => [
        config.services[i].name,
        svc instanceof BlueGreenService
            ? {
                  strategy: Strategy.BlueGreen,
                  hostname: svc.hostname,
                  url: svc.url,
                  previewHostname: svc.previewHostname,
                  previewUrl: svc.previewUrl,
                  activeColor: svc.activeColor,
                  roleArn: svc.roleArn,
              }
            : { strategy: Strategy.Rolling, hostname: svc.hostname, url: svc.url, roleArn: svc.roleArn },
    ]),
);
