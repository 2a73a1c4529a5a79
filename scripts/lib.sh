# Shared helpers for the setup, build, test and demo scripts. Sourced, not run.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STAMPS="$ROOT/.stamps"
mkdir -p "$STAMPS"
# cargo-installed tools (wasm-bindgen) live here.
export PATH="$HOME/.cargo/bin:$PATH"

log() { printf '\033[1;34m[livemetrics]\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31m[livemetrics] error:\033[0m %s\n' "$*" >&2; exit 1; }

# Run as root, through sudo when we are not root.
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root for: $*"; fi
}

# The exact wasm-bindgen version pinned in Cargo.toml (`wasm-bindgen = "=X"`).
wasm_bindgen_version() {
  sed -n 's/^wasm-bindgen = "=\([0-9.]*\)".*/\1/p' "$ROOT/Cargo.toml" | head -n1
}

# Which route builds wasm here: "rustup" (the rustup wasm32 target) or
# "debian" (Debian's rustc-web + build-std). Written by setup.sh.
wasm_route() {
  if [ -n "${LIVEMETRICS_WASM_ROUTE:-}" ] && [ "$LIVEMETRICS_WASM_ROUTE" != auto ]; then
    echo "$LIVEMETRICS_WASM_ROUTE"
  elif [ -f "$STAMPS/wasm-route" ]; then
    cat "$STAMPS/wasm-route"
  else
    echo rustup
  fi
}

# cargo for the wasm32 target, by route. Extra arguments go to cargo.
wasm_cargo() {
  local sub="$1"; shift
  case "$(wasm_route)" in
    rustup)
      cargo "$sub" --target wasm32-unknown-unknown "$@" ;;
    debian)
      PATH="/usr/bin:$PATH" RUSTC_BOOTSTRAP=1 CARGO_TARGET_DIR="$ROOT/target/wasm-debian" \
        /usr/bin/cargo "$sub" --target wasm32-unknown-unknown -Z build-std=std,panic_abort "$@" ;;
    *) die "unknown wasm route '$(wasm_route)' (use rustup or debian)" ;;
  esac
}

# Where the wasm32 artifacts of a profile land, by route.
wasm_target_dir() {
  case "$(wasm_route)" in
    rustup) echo "$ROOT/target/wasm32-unknown-unknown/$1" ;;
    debian) echo "$ROOT/target/wasm-debian/wasm32-unknown-unknown/$1" ;;
  esac
}

# `npm ci` in a folder unless its node_modules already matches its lockfile.
npm_ci() {
  local dir="$ROOT/$1"
  local stamp="$STAMPS/npm-$(echo "$1" | tr '/' '-')"
  local sum
  sum="$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)"
  if [ -d "$dir/node_modules" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
    return 0
  fi
  log "npm ci in $1"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$sum" > "$stamp"
}
