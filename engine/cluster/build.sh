#!/usr/bin/env bash
# `npm run cluster:build` (and `cluster:up` on first use): builds a local Kubernetes control plane from the
# Go module proxy, pinned by engine/versions.sh and the wrapper modules beside this script, into the cache
# outside the work tree ($LOCKSTEP_ENGINE_CACHE, default ~/.cache/lockstep-engine), linked into
# .engine/cluster/bin. Idempotent: a piece already built at its pinned version is kept. Pieces:
#   kube-apiserver, kube-controller-manager, kube-scheduler   k8s.io/kubernetes (wrapper: engine/cluster/kubernetes)
#   etcd                                                      go.etcd.io/etcd/server/v3 (engine/cluster/etcd)
#   kwok                                                      sigs.k8s.io/kwok, fake kubelets (engine/cluster/kwok)
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
# shellcheck source=../versions.sh
source "$root/engine/versions.sh"
cache=${LOCKSTEP_ENGINE_CACHE:-$HOME/.cache/lockstep-engine}
bin="$cache/cluster-k8s-v$CLUSTER_KUBERNETES_VERSION-etcd-v$CLUSTER_ETCD_VERSION-kwok-v$CLUSTER_KWOK_VERSION/bin"
say() { echo "cluster:build: $*" >&2; }
seconds() { echo $(( $(date +%s) - $1 )); }

command -v go >/dev/null || { echo "cluster:build: go is not on PATH; install Go 1.26 or later" >&2; exit 2; }
mkdir -p "$bin"
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false

built() { # names...: all present (the cache directory is named by the pinned versions)
    for name in "$@"; do [ -x "$bin/$name" ] || return 1; done
}

# The control plane. k8s.io/kubernetes replaces its staging modules with local paths, so the wrapper module
# replaces each with its published v0.34.x; the version ldflags make the API server report v1.34.x (the
# Kubernetes provider refuses a server reporting v0.0).
if built kube-apiserver kube-controller-manager kube-scheduler; then
    say "kubernetes v$CLUSTER_KUBERNETES_VERSION: built"
else
    say "kubernetes v$CLUSTER_KUBERNETES_VERSION: building kube-apiserver, kube-controller-manager, kube-scheduler (cold: about 15-25 min on 2 cores)"
    start=$(date +%s)
    minor=$(cut -d. -f2 <<<"$CLUSTER_KUBERNETES_VERSION")
    flags=""
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
        flags+=" -X $pkg.gitVersion=v$CLUSTER_KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
        flags+=" -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
    done
    rm -rf "$bin/partial" && mkdir -p "$bin/partial"
    (cd "$root/engine/cluster/kubernetes" && go build -ldflags "-s -w$flags" -o "$bin/partial/" \
        k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager \
        k8s.io/kubernetes/cmd/kube-scheduler)
    mv "$bin/partial/"* "$bin/" && rmdir "$bin/partial"
    say "kubernetes v$CLUSTER_KUBERNETES_VERSION: built in $(seconds "$start") s"
fi

if built etcd; then
    say "etcd v$CLUSTER_ETCD_VERSION: built"
else
    say "etcd v$CLUSTER_ETCD_VERSION: building"
    start=$(date +%s)
    (cd "$root/engine/cluster/etcd" && go build -ldflags "-s -w" -o "$bin/etcd.partial" go.etcd.io/etcd/server/v3)
    mv "$bin/etcd.partial" "$bin/etcd"
    say "etcd v$CLUSTER_ETCD_VERSION: built in $(seconds "$start") s"
fi

if built kwok; then
    say "kwok v$CLUSTER_KWOK_VERSION: built"
else
    say "kwok v$CLUSTER_KWOK_VERSION: building"
    start=$(date +%s)
    (cd "$root/engine/cluster/kwok" && go build -ldflags "-s -w -X sigs.k8s.io/kwok/pkg/consts.Version=v$CLUSTER_KWOK_VERSION" \
        -o "$bin/kwok.partial" sigs.k8s.io/kwok/cmd/kwok)
    mv "$bin/kwok.partial" "$bin/kwok"
    say "kwok v$CLUSTER_KWOK_VERSION: built in $(seconds "$start") s"
fi

mkdir -p "$root/.engine/cluster/bin"
for name in kube-apiserver kube-controller-manager kube-scheduler etcd kwok; do
    ln -sfn "$bin/$name" "$root/.engine/cluster/bin/$name"
done
say "ready: $root/.engine/cluster/bin (kubernetes v$CLUSTER_KUBERNETES_VERSION, etcd v$CLUSTER_ETCD_VERSION, kwok v$CLUSTER_KWOK_VERSION)"
