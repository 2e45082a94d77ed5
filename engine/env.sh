# Sourced by the engine scripts and tests: the real CLI in .engine/bin, fully offline.
# PULUMI_HOME, the file backend and the passphrase are the project's own, never the user's.
engine_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PULUMI="$engine_root/.engine/bin/pulumi"
export PULUMI_HOME="$engine_root/.engine/home"
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
export PULUMI_IGNORE_AMBIENT_PLUGINS=true
export PULUMI_CONFIG_PASSPHRASE="${PULUMI_CONFIG_PASSPHRASE-lockstep-engine-tier}"
export PULUMI_BACKEND_URL="${PULUMI_BACKEND_URL:-file://$engine_root/.engine/state}"
mkdir -p "$PULUMI_HOME" "$engine_root/.engine/state"
