# Pinned versions of the real engine that `npm run engine:build` builds from the Go module proxy.
# The Pulumi CLI: the newest release the proxy serves at or above the @pulumi/pulumi in the lockfile
# (3.270.0 of pkg/v3 is not served).
PULUMI_VERSION=3.274.1
# The Kubernetes provider: the only commit of provider/v4 the proxy serves (2026-01-15), one day before
# the 4.25.0 tag; @pulumi/kubernetes is pinned to 4.25.0 to match, and sdk/v4 at that tag replaces ../sdk.
KUBERNETES_PROVIDER_MODULE_VERSION=v4.0.0-20260115033456-f47bc2d6f199
KUBERNETES_VERSION=4.25.0
# The AWS simulator answers for this version of the aws package (the @pulumi/aws in the lockfile).
AWS_VERSION=7.48.0
# The local control plane (`npm run cluster:up`): Kubernetes at the newest 1.34 patch (the provider's
# schema is 1.34's), etcd at the 3.6 line 1.34 is tested with, kwok faking the kubelets.
CLUSTER_KUBERNETES_VERSION=1.34.4
CLUSTER_ETCD_VERSION=3.6.16
CLUSTER_KWOK_VERSION=0.7.0
