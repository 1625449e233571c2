#!/usr/bin/env bash
# Builds the SDK package into pkg/: wasm-pack (release: opt-level z, LTO, nightly build-std), then
# wasm-opt -Oz from npm's binaryen, the stylesheet, and the shipped size (gzip -9).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

# The shipped wasm is built with nightly's build-std: the standard library recompiled with
# immediate-abort panics drops every panic message and the core::fmt machinery behind them (about
# 8 KB gzip); optimize_for_size picks std's smaller algorithms (0.3 KB). Stable stays the toolchain
# of clippy and the tests; without nightly's rust-src (or with ENROLLMENT_SDK_STABLE=1) the build
# falls back to stable (a bigger package, same behaviour). Without the reference-types feature
# wasm-bindgen keeps JS values in the glue's heap instead of an externref table managed by shims
# around every export (0.6 KB gzip less).
nightly_ready() {
  rustup run nightly rustc --version >/dev/null 2>&1 &&
    rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' &&
    rustup target list --toolchain nightly --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}
if [[ "${ENROLLMENT_SDK_STABLE:-}" != 1 ]] && nightly_ready; then
  echo "==> [build] wasm-pack build (release, nightly build-std, immediate-abort panics)"
  RUSTUP_TOOLCHAIN=nightly \
    RUSTFLAGS="${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Ctarget-feature=-reference-types,-multivalue" \
    wasm-pack build --target web --release --mode no-install --out-dir pkg --out-name enrollment_sdk . \
    -- -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size >/dev/null
else
  if [[ "${ENROLLMENT_SDK_STABLE:-}" == 1 ]]; then
    echo "==> [build] WARNING: ENROLLMENT_SDK_STABLE=1: stable toolchain requested" >&2
  else
    echo "==> [build] WARNING: nightly with rust-src and wasm32-unknown-unknown not found" >&2
  fi
  echo "==> [build] WARNING: building with stable: the package comes out about 8 KB gzip bigger" >&2
  echo "==> [build] WARNING: (scripts/bootstrap.sh installs what nightly needs)" >&2
  echo "==> [build] wasm-pack build (release, stable)"
  wasm-pack build --target web --release --mode no-install --out-dir pkg --out-name enrollment_sdk . >/dev/null
fi

wasm="pkg/enrollment_sdk_bg.wasm"
echo "==> [build] wasm-opt -Oz"
# rustc's wasm32 output uses these post-MVP features; wasm-opt must be told it may keep them.
wasm-opt -Oz --converge --strip-debug --strip-producers \
  --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$wasm" -o "$wasm.opt"
mv "$wasm.opt" "$wasm"

echo "==> [build] short import names"
# Every import is named "./enrollment_sdk_bg.js" + "__wbg_<name>_<16 hex digits>" in the wasm and
# again in the glue, and the hashes do not compress (~2 KB gzip). Renames them "a" / "$<n>" in both;
# fails the build if the glue does not have the shape this expects (a new wasm-bindgen).
node --input-type=module - "$wasm" pkg/enrollment_sdk.js <<'JS'
import fs from 'node:fs';
const [wasmPath, jsPath] = process.argv.slice(2);
const bin = fs.readFileSync(wasmPath);
const js0 = fs.readFileSync(jsPath, 'utf8');
let p = 8;
const uleb = () => { let r = 0, s = 0, b; do { b = bin[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
const enc = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return Buffer.from(o); };
const str = (s) => { const b = Buffer.from(s, 'utf8'); return Buffer.concat([enc(b.length), b]); };
const parts = [bin.subarray(0, 8)];
let js = js0;
const MODULE = './enrollment_sdk_bg.js';
let renamed = 0;
while (p < bin.length) {
  const start = p, id = bin[p++], size = uleb(), body = p, end = p + size;
  if (id !== 2) { parts.push(bin.subarray(start, end)); p = end; continue; }
  const out = [];
  const n = uleb(); out.push(enc(n));
  for (let i = 0; i < n; i++) {
    let len = uleb(); const mod = bin.toString('utf8', p, p + len); p += len;
    len = uleb(); const name = bin.toString('utf8', p, p + len); p += len;
    const descStart = p, kind = bin[p++];
    if (kind === 0) uleb();
    else if (kind === 1) { p++; const f = bin[p++]; uleb(); if (f & 1) uleb(); }
    else if (kind === 2) { const f = bin[p++]; uleb(); if (f & 1) uleb(); }
    else if (kind === 3) { p += 2; }
    else if (kind === 4) { p++; uleb(); }
    else throw new Error(`import kind ${kind}`);
    const desc = bin.subarray(descStart, p);
    if (mod !== MODULE) { out.push(str(mod), str(name), desc); continue; }
    const short = '$' + (renamed++).toString(36);
    const key = new RegExp(`^(\\s+)${name.replace(/\$/g, '\\$')}:`, 'm');
    if (!key.test(js)) throw new Error(`import ${name} not found in the glue`);
    js = js.replace(key, (_, indent) => `${indent}${short}:`);
    out.push(str('a'), str(short), desc);
  }
  if (p !== end) throw new Error('import section misparsed');
  const content = Buffer.concat(out);
  parts.push(Buffer.from([2]), enc(content.length), content);
}
const modKey = `"${MODULE}": import0`;
if (js.split(modKey).length !== 2) throw new Error('import object of the glue not found');
js = js.replace(modKey, '"a": import0');
fs.writeFileSync(wasmPath, Buffer.concat(parts));
fs.writeFileSync(jsPath, js);
console.log(`==> [build] ${renamed} imports renamed`);
JS

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

echo "==> [build] minify the glue and the stylesheet"
# Shipped minified (about 3 KB gzip less); the .d.ts describes the same exports. The stylesheet's
# documentation (the theming properties) stays in src/enrollment-sdk.css.
cp src/enrollment-sdk.css pkg/enrollment-sdk.css
if [[ -x node_modules/.bin/esbuild ]]; then
  esbuild pkg/enrollment_sdk.js --minify --format=esm --log-level=warning --outfile=pkg/enrollment_sdk.min.js
  mv pkg/enrollment_sdk.min.js pkg/enrollment_sdk.js
  esbuild src/enrollment-sdk.css --minify --log-level=warning --outfile=pkg/enrollment-sdk.css
else
  echo "==> [build] WARNING: node_modules/.bin/esbuild missing (npm ci): glue and stylesheet not minified" >&2
fi
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
