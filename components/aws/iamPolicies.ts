// Pure IAM policy documents: the IRSA trust of one service account, and a service's least privilege.
import type { Permission } from "../config/environmentSchema";

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Record<string, string>;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

/** `oidc.eks.eu-west-1.amazonaws.com/id/ABC` from the OIDC provider's ARN. */
export function oidcIssuerOf(oidcProviderArn: string): string {
    const marker = ":oidc-provider/";
    const at = oidcProviderArn.indexOf(marker);
    if (at < 0) throw new Error(`not an IAM OIDC provider ARN: ${oidcProviderArn}`);
    return oidcProviderArn.slice(at + marker.length);
}

/** Trust exactly one Kubernetes service account (IRSA), and only for STS tokens. */
export function serviceAccountTrustPolicy(oidcProviderArn: string, namespace: string, serviceAccount: string): PolicyDocument {
    const issuer = oidcIssuerOf(oidcProviderArn);
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

/**
 * The service may read its own release records (to report what it runs) and do what its config
 * declares, nothing else.
 */
export function servicePermissionsPolicy(service: string, releaseBucketArn: string, permissions: Permission[]): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "ReadOwnReleaseRecords",
                Effect: "Allow",
                Action: ["s3:GetObject"],
                Resource: [`${releaseBucketArn}/releases/${service}/*`],
            },
            ...permissions.map((p, i): PolicyStatement => ({
                Sid: `Declared${i}`,
                Effect: "Allow",
                Action: p.actions,
                Resource: p.resources,
            })),
        ],
    };
}
