#!/usr/bin/env bash
# Installs what is missing, and nothing else (idempotent):
#   Debian chromium + chromium-driver (browser tests);
#   Debian redis-server (the scale-out test starts its own on a free port);
#   a wasm32 toolchain: rustup's target, or else Debian's rustc-web + build-std;
#   wasm-bindgen-cli at exactly the crate's pinned version;
#   npm dependencies of pkg/, www/app/ and www/e2e/ (npm ci).
# LIVEMETRICS_WASM_ROUTE=debian forces the Debian route; =rustup forces rustup.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

APT_UPDATED=0
apt_install() {
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "apt-get install ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  # RUNLEVEL=1: packages are installed without starting their system services
  # (redis-server's); tests start what they need on free ports.
  as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq "${missing[@]}" >/dev/null
}

check_tools() {
  command -v cargo >/dev/null || die "cargo not found: install Rust (https://rustup.rs)"
  command -v node >/dev/null || die "node not found: install Node.js >= 20.19"
  local major minor
  IFS=. read -r major minor _ <<<"$(node -p 'process.versions.node')"
  if [ "$major" -lt 20 ] || { [ "$major" = 20 ] && [ "$minor" -lt 19 ]; }; then
    die "Node.js >= 20.19 is required (found $(node --version))"
  fi
}

setup_wasm_target() {
  local route="${LIVEMETRICS_WASM_ROUTE:-auto}"
  local sysroot
  sysroot="$(rustc --print sysroot)"
  if [ "$route" = auto ] || [ "$route" = rustup ]; then
    if [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
      echo rustup > "$STAMPS/wasm-route"; return 0
    fi
    # Already fell back here once: don't wait on an unreachable rustup again.
    if [ "$route" = auto ] && [ "$(cat "$STAMPS/wasm-route" 2>/dev/null)" = debian ]; then
      apt_install rustc-web cargo-web rust-web-src lld-22
      return 0
    fi
    if command -v rustup >/dev/null; then
      log "rustup target add wasm32-unknown-unknown"
      if timeout 90 rustup target add wasm32-unknown-unknown >/dev/null 2>&1 \
        && [ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]; then
        echo rustup > "$STAMPS/wasm-route"; return 0
      fi
    fi
    [ "$route" = rustup ] && die "the rustup wasm32 target is not available"
    log "no rustup wasm32 target: falling back to Debian's rustc-web with build-std"
  fi
  # lld-22 must be named: rust-lld points at it without depending on it.
  apt_install rustc-web cargo-web rust-web-src lld-22
  echo debian > "$STAMPS/wasm-route"
}

setup_wasm_bindgen() {
  local want
  want="$(wasm_bindgen_version)"
  [ -n "$want" ] || die "could not read the pinned wasm-bindgen version from Cargo.toml"
  if command -v wasm-bindgen >/dev/null && [ "$(wasm-bindgen --version | cut -d' ' -f2)" = "$want" ]; then
    return 0
  fi
  log "cargo install wasm-bindgen-cli $want (a few minutes, once)"
  # No --locked: the registry lacks one of its locked dependencies.
  cargo install wasm-bindgen-cli --version "$want" --quiet
}

check_tools
apt_install chromium chromium-driver
apt_install redis-server
setup_wasm_target
setup_wasm_bindgen
npm_ci pkg
npm_ci www/app
npm_ci www/e2e
npm_ci bench
log "setup done (wasm route: $(wasm_route))"
