import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Permission } from "../config/environmentSchema";
import { serviceAccountTrustPolicy, servicePermissionsPolicy } from "./iamPolicies";

export interface WorkloadRoleArgs {
    /** The service the role belongs to; names its release-records prefix. */
    service: string;
    /** ARN of the cluster's IAM OIDC provider. */
    oidcProviderArn: string;
    /** Namespace and name of the only Kubernetes service account that may assume the role. */
    namespace: string;
    serviceAccount: string;
    /** ARN of the environment's release-records bucket. */
    releaseBucketArn: pulumi.Input<string>;
    /** Extra statements from config. Defaults to none. */
    permissions?: Permission[];
    tags: Record<string, string>;
}

/**
 * An IAM role for one Kubernetes service account (IRSA): a trust policy naming exactly that account,
 * and an inline least-privilege policy.
 */
export class WorkloadRole extends pulumi.ComponentResource {
    public readonly roleArn: pulumi.Output<string>;
    public readonly roleName: pulumi.Output<string>;

    /**
     * @param name The unique name of the component.
     * @param args The service account to trust and the permissions to grant.
     * @param opts Resource options; the AWS provider flows to the children through the parent.
     */
    constructor(name: string, args: WorkloadRoleArgs, opts?: pulumi.ComponentResourceOptions) {
        super("lockstep:aws:WorkloadRole", name, {}, opts);
        const role = new aws.iam.Role(
            `${name}-role`,
            {
                assumeRolePolicy: JSON.stringify(
                    serviceAccountTrustPolicy(args.oidcProviderArn, args.namespace, args.serviceAccount),
                ),
                description: `Workload role of ${args.namespace}/${args.serviceAccount}`,
                maxSessionDuration: 3600,
                tags: args.tags,
            },
            { parent: this },
        );
        new aws.iam.RolePolicy(
            `${name}-policy`,
            {
                role: role.id,
                policy: pulumi
                    .output(args.releaseBucketArn)
                    .apply((arn) => JSON.stringify(servicePermissionsPolicy(args.service, arn, args.permissions ?? []))),
            },
            { parent: this },
        );
        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName });
    }
}
