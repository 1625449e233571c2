#!/usr/bin/env bash
# Installs every tool the build, the demo and the tests need; idempotent, one progress line per step.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION="$(sed -n '/^name = "wasm-bindgen"$/{n;s/^version = "\(.*\)"$/\1/p;q}' Cargo.lock 2>/dev/null || true)"
WASM_BINDGEN_VERSION="${WASM_BINDGEN_VERSION:-0.2.130}"
WASM_PACK_VERSION="0.15.1"

step() { printf '\n==> [bootstrap] %s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
export PATH="$HOME/.cargo/bin:$PATH"

if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi

step "wasm32 target"
if rustup target list --installed | grep -qx wasm32-unknown-unknown; then echo "present"; else rustup target add wasm32-unknown-unknown; fi

step "rustfmt + clippy"
rustup component list --installed | grep -q '^rustfmt' || rustup component add rustfmt
rustup component list --installed | grep -q '^clippy' || rustup component add clippy
echo "present"

step "browsers and drivers (Debian packages: chromium, firefox-esr, WebKitGTK driver, xvfb)"
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
have firefox-esr || missing+=(firefox-esr)
[ -x /usr/bin/WebKitWebDriver ] || missing+=(webkit2gtk-driver)
have xvfb-run || missing+=(xvfb)
have xauth || missing+=(xauth)
if [ ${#missing[@]} -eq 0 ]; then echo "present"; else
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

step "geckodriver (Firefox WebDriver)"
if have geckodriver; then echo "present: $(geckodriver --version | head -1)"; else
  echo "building from source (takes a few minutes the first time)"
  cargo install geckodriver --version 0.37.1
fi

step "safaridriver link to WebKitWebDriver (wasm-pack looks for that name)"
mkdir -p .tools/bin
ln -sf /usr/bin/WebKitWebDriver .tools/bin/safaridriver
echo "linked .tools/bin/safaridriver"

step "wasm-bindgen-cli $WASM_BINDGEN_VERSION"
if have wasm-bindgen && [ "$(wasm-bindgen --version | awk '{print $2}')" = "$WASM_BINDGEN_VERSION" ]; then echo "present"; else
  echo "building from source (takes a few minutes the first time)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

step "wasm-pack $WASM_PACK_VERSION"
if have wasm-pack; then echo "present: $(wasm-pack --version)"; else
  echo "building from source (takes a few minutes the first time)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION"
fi

step "nightly toolchain pieces (cargo-fuzz, build-std for the small release wasm)"
if rustup toolchain list | grep -q '^nightly'; then echo "nightly present"; else rustup toolchain install nightly --profile minimal; fi
rustup component list --toolchain nightly --installed | grep -q '^rust-src' || rustup component add rust-src --toolchain nightly
rustup target list --toolchain nightly --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown --toolchain nightly
if have cargo-fuzz; then echo "cargo-fuzz present"; else
  echo "building cargo-fuzz from source (takes a few minutes the first time)"
  cargo install cargo-fuzz --version 0.13.2
fi

step "npm packages"
if [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] 2>/dev/null; then echo "present"; else
  npm ci --no-audit --no-fund --loglevel=error 2>&1 | grep -v 'Unknown user config' || true
  [ -d node_modules ] || { echo "npm install failed" >&2; exit 1; }
fi

step "bootstrap done"
