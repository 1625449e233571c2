#!/usr/bin/env bash
# Builds the SDK package into pkg/: wasm-pack (release: opt-level z, LTO, panic=abort), then
# wasm-opt -Oz from npm's binaryen, the stylesheet, and the shipped size (gzip -9).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# The shipped wasm is built with nightly's build-std: the standard library recompiled with
# immediate-abort panics drops every panic message and the core::fmt machinery behind them (about
# 8 KB gzip). Stable stays the toolchain of clippy and the tests; without nightly's rust-src the build
# falls back to stable (a bigger package, same behaviour).
nightly_ready() {
  rustup run nightly rustc --version >/dev/null 2>&1 &&
    rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' &&
    rustup target list --toolchain nightly --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}
if [[ "${ENROLLMENT_SDK_STABLE:-}" != 1 ]] && nightly_ready; then
  echo "==> [build] wasm-pack build (release, nightly build-std, immediate-abort panics)"
  RUSTUP_TOOLCHAIN=nightly \
    RUSTFLAGS="${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none" \
    wasm-pack build --target web --release --mode no-install --out-dir pkg --out-name enrollment_sdk . \
    -- -Z build-std=std,panic_abort >/dev/null
else
  echo "==> [build] WARNING: nightly with rust-src and wasm32-unknown-unknown not found" >&2
  echo "==> [build] WARNING: building with stable: the package is about 8 KB gzip over its budget" >&2
  echo "==> [build] WARNING: (scripts/bootstrap.sh installs what nightly needs)" >&2
  echo "==> [build] wasm-pack build (release, stable)"
  wasm-pack build --target web --release --mode no-install --out-dir pkg --out-name enrollment_sdk . >/dev/null
fi

wasm="pkg/enrollment_sdk_bg.wasm"
echo "==> [build] wasm-opt -Oz"
# rustc's wasm32 output uses these post-MVP features; wasm-opt must be told it may keep them.
wasm-opt -Oz --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"

echo "==> [build] declarations"
# wasm-bindgen types the raw wasm exports of InitOutput as `any`; they are opaque to merchants,
# so `unknown` keeps the declared surface free of `any` without changing what it allows.
node -e '
  const fs = require("fs");
  const path = "pkg/enrollment_sdk.d.ts";
  const src = fs.readFileSync(path, "utf8");
  const out = src.replace(/(export interface InitOutput \{[\s\S]*?\n\})/, (m) => m.replace(/\bany\b/g, "unknown"));
  fs.writeFileSync(path, out);
  const left = out.split("\n").filter((l) => /:\s*any\b|\bany\)|=> any\b|<any>|any\[\]/.test(l));
  if (left.length) { console.error("any left in the declarations:\n" + left.join("\n")); process.exit(1); }
'

echo "==> [build] stylesheet"
cp src/enrollment-sdk.css pkg/enrollment-sdk.css
node -e '
  const fs = require("fs");
  const path = "pkg/package.json";
  const pkg = JSON.parse(fs.readFileSync(path, "utf8"));
  pkg.files = [...new Set([...(pkg.files || []), "enrollment-sdk.css"])];
  pkg.style = "enrollment-sdk.css";
  fs.writeFileSync(path, JSON.stringify(pkg, null, 2) + "\n");
'

size() { gzip -9 -c "$1" | wc -c; }
w=$(size "$wasm"); j=$(size pkg/enrollment_sdk.js); c=$(size pkg/enrollment-sdk.css)
printf '==> [build] shipped (gzip -9): wasm %d + js %d + css %d = %d bytes (budget 30720)\n' \
  "$w" "$j" "$c" $((w + j + c))
