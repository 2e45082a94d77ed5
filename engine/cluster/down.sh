#!/usr/bin/env bash
# `npm run cluster:down`: stops every component `cluster:up` started (each in its own process group) and
# removes the cluster's data, leaving no process behind. Safe to run when nothing is running.
set -uo pipefail
dir="$(cd "$(dirname "$0")/../.." && pwd)/.engine/cluster"
say() { echo "cluster:down: $*" >&2; }
[ -f "$dir/pids" ] || { say "not running"; exit 0; }
# Reverse order: kwok and the controllers before the API server, etcd last.
tac "$dir/pids" | while read -r name pid; do
    kill -- "-$pid" 2>/dev/null && say "stopped $name"
done
for _ in $(seq 1 50); do
    alive=$(cut -d' ' -f2 "$dir/pids" | while read -r pid; do kill -0 "$pid" 2>/dev/null && echo "$pid"; done)
    [ -z "$alive" ] && break
    sleep 0.2
done
for pid in $alive; do kill -9 -- "-$pid" 2>/dev/null; done
rm -rf "$dir/pids" "$dir/etcd-data"
say "stopped; no component left running"
