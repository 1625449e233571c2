#!/usr/bin/env bash
# Builds the SDK package into pkg/: wasm-pack (release: opt-level z, LTO, nightly build-std), then
# wasm-opt -Oz from npm's binaryen, the stylesheet, and the shipped size (gzip -9).
# Two wasm modules go through the same steps: the enrollment package (pkg/enrollment_sdk*: the form,
# the helpers) and the checkout pane (pkg/checkout/), which the package's initCheckout downloads on
# its first call (src/checkout-loader.js), so that enrollment pages never download it.
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
# Inlining, measured on the shipped sizes (knobs: re-measure them after large code changes):
# - LLVM's inline threshold 28 instead of opt-level z's default: 25 to 30 all smaller, 35 and up
#   bigger (now page -299 B gzip).
# - rustc's MIR inliner, which opt-level z leaves off, on: checkout chunk -662 B, page +35 B (its
#   threshold, 50 to 200, changes nothing once the next flag is on).
# - Every function's MIR offered to other crates (-Zcross-crate-inline-threshold=always), so that
#   the inliners also see std's, js-sys's and wasm-bindgen's: page -1,370 B, chunk -2,046 B.
nightly_ready() {
  rustup run nightly rustc --version >/dev/null 2>&1 &&
    rustup component list --toolchain nightly --installed 2>/dev/null | grep -q '^rust-src' &&
    rustup target list --toolchain nightly --installed 2>/dev/null | grep -qx wasm32-unknown-unknown
}
nightly=0
if [[ "${ENROLLMENT_SDK_STABLE:-}" != 1 ]] && nightly_ready; then
  nightly=1
else
  if [[ "${ENROLLMENT_SDK_STABLE:-}" == 1 ]]; then
    echo "==> [build] WARNING: ENROLLMENT_SDK_STABLE=1: stable toolchain requested" >&2
  else
    echo "==> [build] WARNING: nightly with rust-src and wasm32-unknown-unknown not found" >&2
  fi
  echo "==> [build] WARNING: building with stable: the package comes out about 8 KB gzip bigger" >&2
  echo "==> [build] WARNING: (scripts/bootstrap.sh installs what nightly needs)" >&2
fi

# wasm_pack DIR NAME FEATURE: the crate with FEATURE only, into DIR/NAME{.js,_bg.wasm,.d.ts}.
wasm_pack() {
  local dir="$1" name="$2" feature="$3"
  local args=(build --target web --release --mode no-install --out-dir "$dir" --out-name "$name" .
    -- --no-default-features --features "$feature")
  if [[ $nightly == 1 ]]; then
    echo "==> [build] $name: wasm-pack build (release, nightly build-std, immediate-abort panics)"
    RUSTUP_TOOLCHAIN=nightly \
      RUSTFLAGS="${RUSTFLAGS:-} -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Ctarget-feature=-reference-types,-multivalue -Zinline-mir=yes -Zinline-mir-threshold=100 -Zcross-crate-inline-threshold=always -Cllvm-args=-inline-threshold=28" \
      wasm-pack "${args[@]}" -Z build-std=std,panic_abort -Z build-std-features=optimize_for_size >/dev/null
  else
    echo "==> [build] $name: wasm-pack build (release, stable)"
    wasm-pack "${args[@]}" >/dev/null
  fi
}

# short_imports WASM JS NAME: every import is named "./NAME_bg.js" + "__wbg_<name>_<16 hex digits>" in
# the wasm and again in the glue, and the hashes do not compress (~2 KB gzip). Renames them "a" /
# "$<n>" in both; fails the build if the glue does not have the shape this expects (a new
# wasm-bindgen).
short_imports() {
  node --input-type=module - "$1" "$2" "./$3_bg.js" <<'JS'
import fs from 'node:fs';
const [wasmPath, jsPath, MODULE] = process.argv.slice(2);
const bin = fs.readFileSync(wasmPath);
const js0 = fs.readFileSync(jsPath, 'utf8');
let p = 8;
const uleb = () => { let r = 0, s = 0, b; do { b = bin[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
const enc = (n) => { const o = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n); return Buffer.from(o); };
const str = (s) => { const b = Buffer.from(s, 'utf8'); return Buffer.concat([enc(b.length), b]); };
const parts = [bin.subarray(0, 8)];
let js = js0;
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
}

# declarations DTS: wasm-bindgen types the raw wasm exports of InitOutput as `any`; they are opaque
# to merchants, so `unknown` keeps the declared surface free of `any` without changing what it
# allows.
declarations() {
  node - "$1" <<'JS'
const fs = require('fs');
const path = process.argv[2];
const src = fs.readFileSync(path, 'utf8');
const out = src.replace(/(export interface InitOutput \{[\s\S]*?\n\})/, (m) => m.replace(/\bany\b/g, 'unknown'));
fs.writeFileSync(path, out);
const left = out.split('\n').filter((l) => /:\s*any\b|\bany\)|=> any\b|<any>|any\[\]/.test(l));
if (left.length) { console.error(`any left in ${path}:\n` + left.join('\n')); process.exit(1); }
JS
}

# short_texts JS: the glue's loader warns in long sentences that every page downloads (0.13 KB
# gzip): the wrong MIME type for the .wasm gets a short warning, and the positional arguments of
# the init functions (still accepted) no warning. Fails the build if the glue does not have the
# texts this expects (a new wasm-bindgen).
short_texts() {
  node - "$1" <<'JS'
const fs = require('fs');
const path = process.argv[2];
let js = fs.readFileSync(path, 'utf8');
const edits = [
  [/console\.warn\("`WebAssembly\.instantiateStreaming` failed because[^"]*", e\);/,
    'console.warn("Serve the .wasm as application/wasm; falling back to WebAssembly.instantiate:", e);'],
  [/console\.warn\('using deprecated parameters for `initSync\(\)`; pass a single object instead'\)/, ''],
  [/console\.warn\('using deprecated parameters for the initialization function; pass a single object instead'\)/, ''],
];
for (const [from, to] of edits) {
  if (!from.test(js)) { console.error(`${path}: glue text not found: ${from}`); process.exit(1); }
  js = js.replace(from, to);
}
fs.writeFileSync(path, js);
JS
}

# finish DIR NAME: wasm-opt, short import names, declarations and the minified glue of one module.
finish() {
  local dir="$1" name="$2"
  local wasm="$dir/${name}_bg.wasm" js="$dir/$name.js"
  echo "==> [build] $name: wasm-opt, short import and export names, declarations"
  # rustc's wasm32 output uses these post-MVP features; wasm-opt must be told it may keep them.
  # Before -Oz, the control flow is flattened and rebuilt by binaryen's own relooper, then
  # optimized for speed once (-O3): LLVM's structured output shrinks less well under -Oz alone
  # (measured: page -243 B gzip, checkout chunk -64 B; a second round, -30 B, is not worth the time).
  wasm-opt --flatten --rereloop -O3 -Oz --converge --strip-debug --strip-producers \
    --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue \
    "$wasm" -o "$wasm.opt"
  mv "$wasm.opt" "$wasm"
  short_imports "$wasm" "$js" "$name"
  node scripts/short-exports.mjs "$dir" "$name"
  declarations "$dir/$name.d.ts"
  short_texts "$js"
  # Shipped minified (about 3 KB gzip less); the .d.ts describes the same exports. Bundled: the
  # JS snippets the wasm imports (src/transport.js) go inside the glue, one request fewer; the
  # checkout chunk stays a module of its own, loaded on demand.
  if [[ -x node_modules/.bin/esbuild ]]; then
    esbuild "$js" --bundle --minify --format=esm --log-level=warning \
      --external:./checkout/enrollment_sdk_checkout.js --outfile="$js.min"
    mv "$js.min" "$js"
    rm -rf "$dir/snippets"
  else
    echo "==> [build] WARNING: node_modules/.bin/esbuild missing (npm ci): $name.js not minified" >&2
  fi
}

wasm_pack pkg enrollment_sdk enrollment
# wasm-pack's package files are pkg/'s; the chunk keeps its module, wasm and declarations.
wasm_pack pkg/checkout enrollment_sdk_checkout checkout
rm -f pkg/checkout/package.json pkg/checkout/README* pkg/checkout/LICENSE* pkg/checkout/.gitignore

echo "==> [build] initCheckout: the chunk's loader and declaration into the enrollment package"
# The declaration (with its documentation) is the chunk's own, so that both say the same; the
# Checkout handle's type is the chunk's class.
node - <<'JS'
const fs = require('fs');
const chunk = fs.readFileSync('pkg/checkout/enrollment_sdk_checkout.d.ts', 'utf8');
const decl = chunk.match(/(?:\/\*\*(?:(?!\*\/)[\s\S])*\*\/\n)?export function initCheckout\([^;]*;\n/);
if (!decl) { console.error('initCheckout not found in the checkout declarations'); process.exit(1); }
fs.appendFileSync('pkg/enrollment_sdk.d.ts', '\n' + decl[0] +
  "import type { Checkout } from './checkout/enrollment_sdk_checkout.js';\nexport type { Checkout };\n");
fs.appendFileSync('pkg/enrollment_sdk.js', '\n' + fs.readFileSync('src/checkout-loader.js', 'utf8'));
JS

finish pkg enrollment_sdk
finish pkg/checkout enrollment_sdk_checkout

echo "==> [build] stylesheet and package.json"
# The stylesheet's documentation (the theming properties) stays in src/enrollment-sdk.css.
if [[ -x node_modules/.bin/esbuild ]]; then
  esbuild src/enrollment-sdk.css --minify --log-level=warning --outfile=pkg/enrollment-sdk.css
else
  cp src/enrollment-sdk.css pkg/enrollment-sdk.css
fi
node -e '
  const fs = require("fs");
  const path = "pkg/package.json";
  const pkg = JSON.parse(fs.readFileSync(path, "utf8"));
  const chunk = ["enrollment_sdk_checkout.js", "enrollment_sdk_checkout_bg.wasm", "enrollment_sdk_checkout.d.ts"]
    .map((file) => "checkout/" + file);
  // The snippets are bundled into the glue (see finish), unless esbuild was missing.
  const files = (pkg.files || []).filter((f) => f !== "snippets" || fs.existsSync("pkg/snippets"));
  pkg.files = [...new Set([...files, "enrollment-sdk.css", ...chunk])];
  if (!fs.existsSync("pkg/snippets")) delete pkg.sideEffects;
  pkg.style = "enrollment-sdk.css";
  fs.writeFileSync(path, JSON.stringify(pkg, null, 2) + "\n");
'

size() { gzip -9 -c "$1" | wc -c; }
w=$(size pkg/enrollment_sdk_bg.wasm); j=$(size pkg/enrollment_sdk.js); c=$(size pkg/enrollment-sdk.css)
printf '==> [build] shipped (gzip -9): wasm %d + js %d + css %d = %d bytes (budget 30720)\n' \
  "$w" "$j" "$c" $((w + j + c))
w=$(size pkg/checkout/enrollment_sdk_checkout_bg.wasm); j=$(size pkg/checkout/enrollment_sdk_checkout.js)
printf '==> [build] checkout chunk, on the first initCheckout (gzip -9): wasm %d + js %d = %d bytes\n' \
  "$w" "$j" $((w + j))
