#!/usr/bin/env bash
# `npm run engine:build`: builds the real Pulumi engine from the Go module proxy, pinned by
# engine/versions.sh and the go.sum files beside it, into a cache outside the work tree
# ($LOCKSTEP_ENGINE_CACHE, default ~/.cache/lockstep-engine), and links it into .engine/bin.
# Idempotent: a piece already built at its pinned version is kept (seconds when all are).
# Progress goes to stderr. Pieces:
#   pulumi                          the CLI (github.com/pulumi/pulumi/pkg/v3 cmd/pulumi)
#   pulumi-resource-kubernetes      the Kubernetes provider (pulumi-kubernetes/provider/v4)
#   pulumi-resource-aws             lockstep's AWS *simulator* (engine/aws-simulator; no real AWS provider)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=versions.sh
source "$root/engine/versions.sh"
cache=${LOCKSTEP_ENGINE_CACHE:-$HOME/.cache/lockstep-engine}
bin="$cache/pulumi-v$PULUMI_VERSION-kubernetes-v$KUBERNETES_VERSION/bin"
say() { echo "engine:build: $*" >&2; }
seconds() { echo $(( $(date +%s) - $1 )); }

command -v go >/dev/null || { echo "engine:build: go is not on PATH; install Go 1.26 or later" >&2; exit 2; }
mkdir -p "$bin"
export CGO_ENABLED=0 GOFLAGS=-buildvcs=false

# The CLI: engine/pulumi is a wrapper module (pkg/go.mod replaces sdk/v3 => ../sdk, so `go install` refuses).
if [ -x "$bin/pulumi" ] && [ "$("$bin/pulumi" version 2>/dev/null)" = "v$PULUMI_VERSION" ]; then
    say "pulumi v$PULUMI_VERSION: built"
else
    say "pulumi v$PULUMI_VERSION: building (cold: module download and compile, about 10 min on 2 cores)"
    start=$(date +%s)
    (cd "$root/engine/pulumi" && go build -tags osusergo,grpcnotrace \
        -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$PULUMI_VERSION" \
        -o "$bin/pulumi.partial" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi)
    mv "$bin/pulumi.partial" "$bin/pulumi"
    say "pulumi v$PULUMI_VERSION: built in $(seconds "$start") s"
fi

# The Kubernetes provider: a writable copy of the module, its replace of sdk/v4 => ../sdk swapped for the
# published sdk/v4 (engine/kubernetes/go.mod and go.sum pin the result), and the embedded schema generated.
if [ -x "$bin/pulumi-resource-kubernetes" ] && [ -f "$bin/pulumi-resource-kubernetes.version" ] &&
    [ "$(cat "$bin/pulumi-resource-kubernetes.version")" = "$KUBERNETES_PROVIDER_MODULE_VERSION $KUBERNETES_VERSION" ]; then
    say "pulumi-resource-kubernetes v$KUBERNETES_VERSION: built"
else
    say "pulumi-resource-kubernetes v$KUBERNETES_VERSION: building"
    start=$(date +%s)
    module=github.com/pulumi/pulumi-kubernetes/provider/v4
    src=$(cd "$cache" && go mod download -json "$module@$KUBERNETES_PROVIDER_MODULE_VERSION" |
        sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
    [ -n "$src" ] || { say "the Go module proxy did not serve $module@$KUBERNETES_PROVIDER_MODULE_VERSION"; exit 1; }
    work="$cache/src/kubernetes-provider"
    rm -rf "$work" && mkdir -p "$(dirname "$work")" && cp -r "$src" "$work" && chmod -R u+w "$work"
    cp "$root/engine/kubernetes/go.mod" "$root/engine/kubernetes/go.sum" "$work/"
    (cd "$work/cmd/pulumi-resource-kubernetes" && VERSION="$KUBERNETES_VERSION" go run generate.go)
    (cd "$work" && go build \
        -ldflags "-s -w -X github.com/pulumi/pulumi-kubernetes/provider/v4/pkg/version.Version=$KUBERNETES_VERSION" \
        -o "$bin/pulumi-resource-kubernetes.partial" ./cmd/pulumi-resource-kubernetes)
    mv "$bin/pulumi-resource-kubernetes.partial" "$bin/pulumi-resource-kubernetes"
    echo "$KUBERNETES_PROVIDER_MODULE_VERSION $KUBERNETES_VERSION" >"$bin/pulumi-resource-kubernetes.version"
    rm -rf "$work"
    say "pulumi-resource-kubernetes v$KUBERNETES_VERSION: built in $(seconds "$start") s"
fi

# .engine/bin: links to the cached binaries, and the AWS simulator's launcher, which names this checkout
# (the CLI runs a copy of it from $PULUMI_HOME/plugins).
mkdir -p "$root/.engine/bin"
ln -sfn "$bin/pulumi" "$root/.engine/bin/pulumi"
ln -sfn "$bin/pulumi-resource-kubernetes" "$root/.engine/bin/pulumi-resource-kubernetes"
cat >"$root/.engine/bin/pulumi-resource-aws" <<LAUNCHER
#!/bin/sh
# lockstep's AWS simulator (engine/aws-simulator), not the real AWS provider.
export TS_NODE_PROJECT="$root/tsconfig.json" LOCKSTEP_AWS_SIMULATOR_VERSION="$AWS_VERSION"
exec node -r "$root/node_modules/ts-node/register/transpile-only" "$root/engine/aws-simulator/main.ts" "\$@"
LAUNCHER
chmod +x "$root/.engine/bin/pulumi-resource-aws"
cat >"$root/.engine/bin/pulumi-language-nodejs" <<LAUNCHER
#!/bin/sh
# lockstep's stand-in for the Node.js language host (engine/language-host), not Pulumi's Go host.
exec node "$root/engine/language-host/pulumi-language-nodejs.js" "\$@"
LAUNCHER
chmod +x "$root/.engine/bin/pulumi-language-nodejs"

# Plugins installed into the project's own PULUMI_HOME, so the CLI never looks them up on $PATH or online.
# shellcheck source=env.sh
source "$root/engine/env.sh"
install_plugin() { # kind name version file
    if [ -d "$PULUMI_HOME/plugins/$1-$2-v$3" ] && cmp -s "$4" "$PULUMI_HOME/plugins/$1-$2-v$3/pulumi-$1-$2"; then
        say "plugin $1 $2 v$3: installed"
    else
        "$PULUMI" plugin install "$1" "$2" "$3" --file "$4" --reinstall >&2
        say "plugin $1 $2 v$3: installed from $4"
    fi
}
install_plugin resource kubernetes "$KUBERNETES_VERSION" "$bin/pulumi-resource-kubernetes"
install_plugin resource aws "$AWS_VERSION" "$root/.engine/bin/pulumi-resource-aws"
# The CLI refuses `plugin install` of a bundled language plugin; its plugin cache is read for one all the
# same (GetPluginPath: ambient, next to the executable, then the cache), so the stand-in is put there.
nodejs_host="$PULUMI_HOME/plugins/language-nodejs-v$PULUMI_VERSION"
if ! cmp -s "$root/.engine/bin/pulumi-language-nodejs" "$nodejs_host/pulumi-language-nodejs"; then
    mkdir -p "$nodejs_host" && cp "$root/.engine/bin/pulumi-language-nodejs" "$nodejs_host/pulumi-language-nodejs"
fi
say "plugin language nodejs v$PULUMI_VERSION: lockstep's stand-in (engine/language-host)"
# The release-records tests of the engine tier need an S3-compatible server: moto's, from PyPI.
bash "$root/engine/s3/build.sh"
say "ready: $root/.engine/bin ($("$PULUMI" version))"
