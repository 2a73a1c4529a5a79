#!/usr/bin/env bash
# Builds everything the demo and the tests need: the wasm core and its glue,
# the npm package, the demo app and the event engine.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/build-wasm.sh"
log "building the npm package (pkg/dist)"
(cd "$ROOT/pkg" && rm -rf dist && node_modules/.bin/tsc -p tsconfig.build.json)
log "building the demo (www/app/dist)"
(cd "$ROOT/www/app" && node_modules/.bin/vite build --logLevel warn)
log "building the event engine"
(cd "$ROOT" && cargo build --profile engine -p livemetrics-engine --quiet)
