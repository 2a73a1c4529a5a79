#!/usr/bin/env bash
# Packs pkg/ with `npm pack`, installs the tarball into a fresh consumer
# project (pkg/test/consumer, copied to a temp dir) as a user would, then:
# imports it in Node ESM with no init call, compiles the seed's call sites
# with `tsc --strict`, and bundles a page with Vite (wasm asset emitted).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$ROOT/pkg" && npm pack --silent --pack-destination "$work" >/dev/null)
mv "$work"/livemetrics-*.tgz "$work/livemetrics.tgz"
cp -r "$ROOT/pkg/test/consumer" "$work/consumer"
cd "$work/consumer"
npm install --no-audit --no-fund --prefer-offline --no-package-lock --loglevel=error
node node-smoke.mjs
node_modules/.bin/tsc -p tsconfig.json
echo "tsc --strict on the seed's call sites: ok"
node_modules/.bin/vite build
ls dist/assets/*.wasm >/dev/null || die "vite build emitted no .wasm asset"
echo "vite build: ok ($(ls dist/assets | tr '\n' ' '))"
