// Renames the wasm's exports to short names ("$0", "$1", …) in the wasm, the glue and the .d.ts
// files next to it. Only the glue calls them (as `wasm.<name>`): the merchant imports the glue's own
// functions, whose names do not change. Some are long and hashed (a closure's invoke function is
// ~250 characters, twice: in the wasm and in the glue) and do not compress. The glue's own helpers
// that happen to share such a name are local, and esbuild shortens those.
// Usage: node scripts/short-exports.mjs <pkg-dir> <out-name>
import fs from 'node:fs';
import path from 'node:path';

const [dir, name] = process.argv.slice(2);
const wasmPath = path.join(dir, `${name}_bg.wasm`);
const jsPath = path.join(dir, `${name}.js`);
const declPaths = [path.join(dir, `${name}.d.ts`), path.join(dir, `${name}_bg.wasm.d.ts`)];

const bin = fs.readFileSync(wasmPath);
let p = 8;
const uleb = () => {
  let r = 0, s = 0, b;
  do { b = bin[p++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80);
  return r >>> 0;
};
const enc = (n) => {
  const o = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; o.push(b); } while (n);
  return Buffer.from(o);
};
const str = (s) => {
  const b = Buffer.from(s, 'utf8');
  return Buffer.concat([enc(b.length), b]);
};

const escape = (s) => s.replace(/[$]/g, '\\$');
let js = fs.readFileSync(jsPath, 'utf8');
const decls = declPaths.filter((f) => fs.existsSync(f)).map((f) => [f, fs.readFileSync(f, 'utf8')]);
const parts = [bin.subarray(0, 8)];
let renamed = 0;
while (p < bin.length) {
  const start = p, id = bin[p++], size = uleb(), end = p + size;
  if (id !== 7) { parts.push(bin.subarray(start, end)); p = end; continue; }
  const out = [];
  const n = uleb();
  out.push(enc(n));
  for (let i = 0; i < n; i++) {
    const len = uleb();
    const old = bin.toString('utf8', p, p + len);
    p += len;
    const kind = bin[p++];
    const index = uleb();
    let next = old;
    // `memory` is read by the glue by name and by merchants through init()'s result.
    if (kind === 0) {
      next = '$' + (renamed++).toString(36);
      const use = new RegExp(`\\bwasm\\.${escape(old)}\\b`, 'g');
      // Replacements as functions: a `$` in a replacement string is a pattern of its own.
      js = js.replace(use, () => `wasm.${next}`);
      for (const d of decls) {
        d[1] = d[1].replace(new RegExp(`(^|\\s)(readonly )?${escape(old)}:`, 'gm'), (_, space, ro) => `${space}${ro ?? ''}${next}:`);
        d[1] = d[1].replace(new RegExp(`export const ${escape(old)}:`, 'g'), () => `export const ${next}:`);
      }
    }
    out.push(str(next), Buffer.from([kind]), enc(index));
  }
  if (p !== end) throw new Error('export section misparsed');
  const content = Buffer.concat(out);
  parts.push(Buffer.from([7]), enc(content.length), content);
}
if (/\bwasm\.(?!\$)[A-Za-z_]\w*\(/.test(js.replace(/wasm\.memory\b/g, ''))) {
  throw new Error('the glue calls a wasm export this script did not rename');
}
fs.writeFileSync(wasmPath, Buffer.concat(parts));
fs.writeFileSync(jsPath, js);
for (const [f, text] of decls) fs.writeFileSync(f, text);
console.log(`==> [build] ${renamed} exports renamed`);
