#!/usr/bin/env bash
# `npm run cluster:up`: a Kubernetes control plane on 127.0.0.1 (etcd, kube-apiserver, kube-controller-manager,
# kube-scheduler) with kwok standing in for the kubelets of two fake nodes, so pods are scheduled, turn Ready
# (when their readiness probe passes: engine/cluster/kwok-stages.yaml) and are replaced by the real
# controllers. Builds the binaries on first use (engine/cluster/build.sh).
# Writes .engine/cluster/kubeconfig; logs and pids under .engine/cluster/. A component that exits while
# starting is reported with the end of its log, and nothing is left running. `npm run cluster:down` stops it.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dir="$root/.engine/cluster"
bin="$dir/bin"
say() { echo "cluster:up: $*" >&2; }
port=${LOCKSTEP_CLUSTER_PORT:-16443}
etcd_port=${LOCKSTEP_CLUSTER_ETCD_PORT:-23790}

if [ -f "$dir/pids" ] && kill -0 $(cut -d' ' -f2 "$dir/pids") 2>/dev/null; then
    say "already running (kubeconfig $dir/kubeconfig); npm run cluster:down first to start afresh"
    exit 0
fi
bash "$root/engine/cluster/build.sh"
rm -rf "$dir/etcd-data" "$dir/logs" "$dir/pids" && mkdir -p "$dir/pki" "$dir/logs"

# Certificates: a CA, the API server's serving certificate for 127.0.0.1, a client certificate in
# system:masters for every component and the user, the service-account signing key.
pki="$dir/pki"
if [ ! -f "$pki/admin.crt" ]; then
    (
        cd "$pki"
        openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 -subj "/CN=lockstep-local-ca" 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout apiserver.key -out apiserver.csr -subj "/CN=kube-apiserver" 2>/dev/null
        printf 'subjectAltName=IP:127.0.0.1,IP:10.0.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc\n' >apiserver.ext
        openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out apiserver.crt -days 3650 -extfile apiserver.ext 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -keyout admin.key -out admin.csr -subj "/CN=lockstep-admin/O=system:masters" 2>/dev/null
        openssl x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -out admin.crt -days 3650 2>/dev/null
        openssl genrsa -out sa.key 2048 2>/dev/null
        openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
        rm -f ./*.csr ./*.ext
    )
fi
b64() { base64 -w0 <"$1"; }
cat >"$dir/kubeconfig.partial" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: lockstep-local
    cluster:
      server: https://127.0.0.1:$port
      certificate-authority-data: $(b64 "$pki/ca.crt")
users:
  - name: lockstep-admin
    user:
      client-certificate-data: $(b64 "$pki/admin.crt")
      client-key-data: $(b64 "$pki/admin.key")
contexts:
  - name: lockstep-local
    context: { cluster: lockstep-local, user: lockstep-admin }
current-context: lockstep-local
KUBECONFIG
mv "$dir/kubeconfig.partial" "$dir/kubeconfig"
kubeconfig="$dir/kubeconfig"

started=()
stop_all() { for pid in "${started[@]}"; do kill -- "-$pid" 2>/dev/null || true; done; rm -f "$dir/pids"; }
start() { # name command...: runs in its own process group, logging to logs/<name>.log
    local name=$1
    shift
    setsid "$@" >"$dir/logs/$name.log" 2>&1 </dev/null &
    started+=("$!")
    echo "$name $!" >>"$dir/pids"
}
await() { # name seconds probe...: polls the probe until it succeeds; fails if the component exits
    local name=$1 seconds=$2 pid deadline
    shift 2
    pid=$(awk -v n="$name" '$1 == n { print $2 }' "$dir/pids")
    deadline=$(( $(date +%s) + seconds ))
    until "$@" >/dev/null 2>&1; do
        if ! kill -0 "$pid" 2>/dev/null; then
            say "$name exited while starting; the end of $dir/logs/$name.log:"
            tail -n 15 "$dir/logs/$name.log" >&2
            stop_all
            exit 1
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            say "$name not ready after $seconds s; the end of $dir/logs/$name.log:"
            tail -n 15 "$dir/logs/$name.log" >&2
            stop_all
            exit 1
        fi
        sleep 0.5
    done
    say "$name: ready"
}
api() { # method path [body]: the API server as the admin user
    curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" -X "$1" \
        -H "Content-Type: application/json" "https://127.0.0.1:$port$2" ${3:+--data "$3"}
}
trap 'stop_all; exit 130' INT TERM

start etcd "$bin/etcd" --name lockstep --data-dir "$dir/etcd-data" --unsafe-no-fsync \
    --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
    --listen-peer-urls "http://127.0.0.1:$((etcd_port + 1))" --initial-advertise-peer-urls "http://127.0.0.1:$((etcd_port + 1))" \
    --initial-cluster "lockstep=http://127.0.0.1:$((etcd_port + 1))" --listen-metrics-urls "" --log-level warn
await etcd 30 curl -sf "http://127.0.0.1:$etcd_port/health"

start kube-apiserver "$bin/kube-apiserver" --etcd-servers "http://127.0.0.1:$etcd_port" \
    --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$port" \
    --tls-cert-file "$pki/apiserver.crt" --tls-private-key-file "$pki/apiserver.key" --client-ca-file "$pki/ca.crt" \
    --service-account-key-file "$pki/sa.pub" --service-account-signing-key-file "$pki/sa.key" \
    --service-account-issuer https://kubernetes.default.svc --service-cluster-ip-range 10.0.0.0/24 \
    --authorization-mode Node,RBAC --allow-privileged=true --enable-priority-and-fairness=false
await kube-apiserver 120 api GET /readyz

# A node is declared NotReady (and all its pods with it) only after 5 min without a heartbeat: on a loaded
# 2-core machine kwok's heartbeats can be late by more than the default 50 s, and the pods' flapping would
# look like downtime that no rollout caused. kwok also renews node Leases, the heartbeat the controller reads.
start kube-controller-manager "$bin/kube-controller-manager" --kubeconfig "$kubeconfig" --leader-elect=false \
    --bind-address 127.0.0.1 --secure-port 0 --service-account-private-key-file "$pki/sa.key" \
    --root-ca-file "$pki/ca.crt" --use-service-account-credentials=false --cluster-cidr 10.1.0.0/16 \
    --node-monitor-grace-period 5m
start kube-scheduler "$bin/kube-scheduler" --kubeconfig "$kubeconfig" --leader-elect=false --bind-address 127.0.0.1 --secure-port 0
# Pods follow engine/cluster/kwok-stages.yaml: a readiness probe passes 2 s after start, never for a "never-ready" image.
start kwok "$bin/kwok" --kubeconfig "$kubeconfig" --config "$root/engine/cluster/kwok-stages.yaml" --node-lease-duration-seconds 40 --manage-all-nodes=false \
    --manage-nodes-with-annotation-selector kwok.x-k8s.io/node=fake --cidr 10.2.0.1/16 --node-ip 127.0.0.1

# Two fake nodes, untainted: kwok keeps them Ready and runs the pods scheduled onto them.
for n in 0 1; do
    api POST /api/v1/nodes "{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"kwok-node-$n\",
        \"annotations\":{\"kwok.x-k8s.io/node\":\"fake\",\"node.alpha.kubernetes.io/ttl\":\"0\"},
        \"labels\":{\"kubernetes.io/hostname\":\"kwok-node-$n\",\"kubernetes.io/os\":\"linux\",\"type\":\"kwok\"}},
        \"status\":{\"allocatable\":{\"cpu\":\"32\",\"memory\":\"256Gi\",\"pods\":\"110\"},
        \"capacity\":{\"cpu\":\"32\",\"memory\":\"256Gi\",\"pods\":\"110\"}}}" >/dev/null
done
ready_nodes() { [ "$(api GET /api/v1/nodes | grep -c '"type": "Ready",[[:space:]]*"status": "True"' || true)" -ge 2 ] ||
    [ "$(api GET /api/v1/nodes | tr -d ' \n' | grep -o '"type":"Ready","status":"True"' | wc -l)" -ge 2 ]; }
await kwok 60 ready_nodes
default_sa() { api GET /api/v1/namespaces/default/serviceaccounts/default; }
await kube-controller-manager 60 default_sa
pid=$(awk '$1 == "kube-scheduler" { print $2 }' "$dir/pids")
kill -0 "$pid" 2>/dev/null || { say "kube-scheduler exited; the end of its log:"; tail -n 15 "$dir/logs/kube-scheduler.log" >&2; stop_all; exit 1; }
trap - INT TERM
say "ready: KUBECONFIG=$kubeconfig (kubernetes v$(api GET /version | tr -d ' \n' | sed -n 's/.*"gitVersion":"v\([^"]*\)".*/\1/p'), 2 kwok nodes)"
