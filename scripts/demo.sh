#!/usr/bin/env bash
# Sets up, builds and serves the demo with its event engine on
# http://127.0.0.1:8080 (override with LIVEMETRICS_ADDR).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh"
"$ROOT/scripts/build.sh"
addr="${LIVEMETRICS_ADDR:-127.0.0.1:8080}"
log "open http://$addr (Ctrl-C to stop)"
exec "$ROOT/target/engine/livemetrics-engine" --addr "$addr" --static-dir "$ROOT/www/app/dist"
