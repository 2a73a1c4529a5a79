#!/usr/bin/env bash
# Every suite, in the order CI should read them: lint, native Rust, wasm,
# build, JS package, packaging, browser end-to-end. A failing suite fails
# the run; the last line says how many suites passed and failed.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

"$ROOT/scripts/setup.sh" || die "setup failed"

passed=0
failed=0
failures=()
suite() {
  local name="$1"; shift
  log "── $name"
  local start=$SECONDS
  if "$@"; then
    passed=$((passed + 1)); log "ok: $name ($((SECONDS - start)) s)"
  else
    failed=$((failed + 1)); failures+=("$name"); log "FAILED: $name ($((SECONDS - start)) s)"
  fi
}

cd "$ROOT"
suite "cargo fmt" cargo fmt --all --check
suite "cargo clippy" cargo clippy --workspace --all-targets --quiet -- -D warnings
suite "rust tests (native)" cargo test --workspace --quiet
suite "wasm tests (node)" env CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
  bash -c "source scripts/lib.sh && wasm_cargo test -p livemetrics --test wasm_store"
suite "build" "$ROOT/scripts/build.sh"
suite "typescript (pkg, strict)" bash -c "cd pkg && node_modules/.bin/tsc -p tsconfig.json --noEmit"
suite "js tests (vitest)" bash -c "cd pkg && node_modules/.bin/vitest run"
suite "package (npm pack → consumer: node, tsc --strict, vite)" "$ROOT/scripts/test-package.sh"
suite "demo typescript" bash -c "cd www/app && node_modules/.bin/tsc --noEmit -p tsconfig.json"
suite "bench smoke" bash -c "cd bench && node run.mjs --smoke"
suite "transports (node: real signalr + socket.io clients, redis scale-out)" bash -c "cd www/e2e && npm run --silent test:transports"
suite "e2e (headless chromium)" bash -c "cd www/e2e && npm test --silent"

log "$passed passed, $failed failed${failures:+ (${failures[*]})}"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
