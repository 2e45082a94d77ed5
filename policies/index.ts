// The lockstep deployment gates. The CLI (`pulumi preview --policy-pack policies`) and `lockstep preview`
// both run this file as a separate process; it must stay free of imports from the program.
import { PolicyPack, type Policy, type PolicyPackConfig } from "@pulumi/policy";
import { defaultLevels } from "./enforcementLevels";
import { currentEnvironment, unnamedStackWarning } from "./environment";
import { s3BucketEncryption } from "./aws/requireBucketEncryption";
import { s3BucketPublicAccessBlock } from "./aws/requireBucketPublicAccessBlock";
import { s3BucketVersioning } from "./aws/requireBucketVersioning";
import { statefulResourceProtection } from "./aws/requireStatefulProtection";
import { awsRequiredTags } from "./aws/requireTags";
import { iamNoWildcardStatements } from "./aws/disallowWildcardIamStatements";
import { deploymentMinimumReplicas } from "./kubernetes/configureMinimumReplicaCount";
import { deploymentDisruptionBudget } from "./kubernetes/requireDisruptionBudget";
import { deploymentGracefulShutdown } from "./kubernetes/requireGracefulShutdown";
import { deploymentPinnedImage } from "./kubernetes/requirePinnedImage";
import { deploymentReadinessProbe } from "./kubernetes/requireReadinessProbe";
import { deploymentResourceLimits } from "./kubernetes/requireResourceRequestsAndLimits";
import { serviceSingleDeployment } from "./kubernetes/requireServiceSelectsOneDeployment";
import { deploymentZeroDowntimeRollout } from "./kubernetes/requireZeroDowntimeRollout";
import { deploymentChangeApproval } from "./stack/requireChangeApproval";
import { deploymentFreezeWindow } from "./stack/disallowUpdatesInFreezeWindow";
import { deploymentReleaseVerified } from "./stack/requireVerifiedRelease";

export const policies: Policy[] = [
    deploymentZeroDowntimeRollout,
    deploymentReadinessProbe,
    deploymentPinnedImage,
    deploymentMinimumReplicas,
    deploymentResourceLimits,
    deploymentGracefulShutdown,
    deploymentDisruptionBudget,
    serviceSingleDeployment,
    s3BucketPublicAccessBlock,
    s3BucketEncryption,
    s3BucketVersioning,
    awsRequiredTags,
    iamNoWildcardStatements,
    statefulResourceProtection,
    deploymentChangeApproval,
    deploymentFreezeWindow,
    deploymentReleaseVerified,
];

// A pack that guesses must guess strict, and say so (on stderr: stdout's first line is the port).
const warning = unnamedStackWarning();
if (warning) console.error(warning);

// Each environment's level is the pack's initial config, so a --policy-pack-config file overrides it.
const level = defaultLevels[currentEnvironment()];
const initialConfig: PolicyPackConfig = Object.fromEntries(policies.map((p) => [p.name, level]));

new PolicyPack("lockstep-gates", { policies }, initialConfig);
