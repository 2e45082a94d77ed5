#!/usr/bin/env bash
# `npm run s3:build`: moto's S3-compatible server from PyPI, pinned, in a Python venv in a cache outside the
# work tree ($LOCKSTEP_ENGINE_CACHE, default ~/.cache/lockstep-engine), linked as .engine/bin/moto_server.
# The engine tier's release-records test runs it on a loopback port: a real server speaking the S3
# protocol over HTTP. Idempotent: seconds when already built. Progress goes to stderr.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
MOTO_VERSION=5.2.5
cache=${LOCKSTEP_ENGINE_CACHE:-$HOME/.cache/lockstep-engine}
venv="$cache/moto-$MOTO_VERSION"
say() { echo "s3:build: $*" >&2; }

python=${PYTHON:-$(command -v python3 || true)}
[ -n "$python" ] || { say "python3 is not on PATH; install Python 3.9 or later"; exit 2; }

if [ -x "$venv/bin/moto_server" ] && [ -f "$venv/.built" ] && [ "$(cat "$venv/.built")" = "moto[server]==$MOTO_VERSION" ]; then
    say "moto $MOTO_VERSION: built"
else
    say "moto $MOTO_VERSION: building a venv in $venv (about a minute)"
    start=$(date +%s)
    # The marker is written last: a build cut short is started again, never taken as built.
    rm -rf "$venv"
    "$python" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION" >&2
    echo "moto[server]==$MOTO_VERSION" >"$venv/.built"
    say "moto $MOTO_VERSION: built in $(( $(date +%s) - start )) s"
fi

mkdir -p "$root/.engine/bin"
ln -sfn "$venv/bin/moto_server" "$root/.engine/bin/moto_server"
say "ready: $root/.engine/bin/moto_server ($("$venv/bin/python" -c 'import moto; print(moto.__version__)'))"
