#!/usr/bin/env bash
# Rust → wasm → wasm-bindgen glue (--target web) → wasm-opt -O3 (npm binaryen;
# never Debian's, whose wasm-opt breaks the externref table) into pkg/wasm/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

log "building wasm (route: $(wasm_route))"
(cd "$ROOT" && wasm_cargo build -p livemetrics --release --quiet)
out="$ROOT/pkg/wasm"
mkdir -p "$out"
wasm-bindgen --target web --out-dir "$out" --out-name livemetrics \
  "$(wasm_target_dir release)/livemetrics.wasm"
# The glue's types declare `[Symbol.dispose]`, which needs lib esnext; the
# store never exposes it, so drop the line and let ES2022 consumers type-check.
sed -i '/\[Symbol.dispose\]/d' "$out/livemetrics.d.ts"
node "$ROOT/pkg/node_modules/binaryen/bin/wasm-opt" -O3 \
  "$out/livemetrics_bg.wasm" -o "$out/livemetrics_bg.opt.wasm"
mv "$out/livemetrics_bg.opt.wasm" "$out/livemetrics_bg.wasm"
log "wasm: $(wc -c < "$out/livemetrics_bg.wasm") bytes ($(gzip -9 -c "$out/livemetrics_bg.wasm" | wc -c) gzip)"
