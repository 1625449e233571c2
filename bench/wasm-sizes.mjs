// Where the bytes of a .wasm go: sizes per section and the biggest function bodies, named from the
// name section when the build kept it (`node bench/wasm-sizes.mjs [file.wasm] [--top N]`).
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SECTION_NAMES = ['custom', 'type', 'import', 'function', 'table', 'memory', 'global', 'export', 'start', 'element', 'code', 'data', 'datacount', 'tag'];

class Reader {
  constructor(buf, pos = 0) {
    this.buf = buf;
    this.pos = pos;
  }
  u8() {
    return this.buf[this.pos++];
  }
  uleb() {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = this.u8();
      result += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) return result;
      shift += 7;
    }
  }
  name() {
    const len = this.uleb();
    const s = this.buf.toString('utf8', this.pos, this.pos + len);
    this.pos += len;
    return s;
  }
}

/** Parses sections, imported-function count, code bodies and function names. */
export function analyze(buf) {
  if (buf.readUInt32LE(0) !== 0x6d736100) throw new Error('not a wasm module');
  const r = new Reader(buf, 8);
  const sections = [];
  const bodies = [];
  const names = new Map();
  let importedFuncs = 0;
  while (r.pos < buf.length) {
    const id = r.u8();
    const size = r.uleb();
    const start = r.pos;
    let label = SECTION_NAMES[id] ?? `section ${id}`;
    if (id === 0) {
      const inner = new Reader(buf, start);
      const customName = inner.name();
      label = `custom "${customName}"`;
      if (customName === 'name') {
        while (inner.pos < start + size) {
          const sub = inner.u8();
          const subSize = inner.uleb();
          const subEnd = inner.pos + subSize;
          if (sub === 1) {
            const count = inner.uleb();
            for (let i = 0; i < count; i += 1) {
              const idx = inner.uleb();
              names.set(idx, inner.name());
            }
          }
          inner.pos = subEnd;
        }
      }
    } else if (id === 2) {
      const inner = new Reader(buf, start);
      const count = inner.uleb();
      for (let i = 0; i < count; i += 1) {
        inner.name();
        inner.name();
        const kind = inner.u8();
        if (kind === 0) {
          inner.uleb();
          importedFuncs += 1;
        } else if (kind === 1) {
          inner.u8();
          const flags = inner.u8();
          inner.uleb();
          if (flags & 1) inner.uleb();
        } else if (kind === 2) {
          const flags = inner.u8();
          inner.uleb();
          if (flags & 1) inner.uleb();
        } else if (kind === 3) {
          inner.u8();
          inner.u8();
        } else {
          inner.u8();
          inner.uleb();
        }
      }
    } else if (id === 10) {
      const inner = new Reader(buf, start);
      const count = inner.uleb();
      for (let i = 0; i < count; i += 1) {
        const bodySize = inner.uleb();
        bodies.push({ index: importedFuncs + i, size: bodySize, gzip: gzipSync(buf.subarray(inner.pos, inner.pos + bodySize), { level: 9 }).length });
        inner.pos += bodySize;
      }
    }
    sections.push({ label, size });
    r.pos = start + size;
  }
  for (const b of bodies) b.name = names.get(b.index) ?? `func[${b.index}]`;
  bodies.sort((a, b) => b.size - a.size);
  return { sections, bodies, named: names.size > 0 };
}

/** The crate a (demangled) function name belongs to: `<a::B as c::D>::f` counts for `a`. */
export function crateOf(name) {
  if (/ shim/.test(name)) return '(wasm-bindgen export shims)';
  if (/^func\[\d+\]$/.test(name)) return '(unnamed)';
  let n = name.replace(/\[[0-9a-f]+\]/g, '');
  while (n.startsWith('<')) n = n.slice(1);
  let m = n.match(/^([A-Za-z_][A-Za-z0-9_]*)::/);
  // `<char as core::fmt::Debug>::fmt`: a primitive's impl belongs to the trait's crate.
  if (!m && n.includes(' as ')) m = n.slice(n.indexOf(' as ') + 4).match(/^([A-Za-z_][A-Za-z0-9_]*)::/);
  return m ? m[1] : `(${n.split(/[^A-Za-z0-9_]/)[0] || 'other'})`;
}

function main() {
  const args = process.argv.slice(2);
  const topIdx = args.indexOf('--top');
  const top = topIdx >= 0 ? Number(args[topIdx + 1]) : 25;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--top') ?? path.join(here, '..', 'pkg', 'enrollment_sdk_bg.wasm');
  const buf = readFileSync(file);
  const { sections, bodies, named } = analyze(buf);
  const total = buf.length;
  console.log(`${file}: ${total.toLocaleString('en-US')} B, gzip -9 ${gzipSync(buf, { level: 9 }).length.toLocaleString('en-US')} B`);
  console.log('\nsections:');
  for (const s of [...sections].sort((a, b) => b.size - a.size)) {
    console.log(`  ${String(s.size).padStart(8)} B  ${((100 * s.size) / total).toFixed(1).padStart(5)}%  ${s.label}`);
  }
  console.log(`\ntop ${top} function bodies (of ${bodies.length})${named ? '' : ' — no name section: build with names kept to see them'}:`);
  for (const b of bodies.slice(0, top)) {
    console.log(`  ${String(b.size).padStart(8)} B  (gz ~${String(b.gzip).padStart(6)})  ${b.name}`);
  }
  if (named) {
    const byCrate = new Map();
    for (const b of bodies) {
      const c = crateOf(b.name);
      const e = byCrate.get(c) ?? { size: 0, count: 0 };
      e.size += b.size;
      e.count += 1;
      byCrate.set(c, e);
    }
    const code = bodies.reduce((sum, b) => sum + b.size, 0);
    console.log('\ncode by crate (% of function bodies):');
    for (const [c, e] of [...byCrate].sort((a, b) => b[1].size - a[1].size)) {
      console.log(`  ${String(e.size).padStart(8)} B  ${((100 * e.size) / code).toFixed(1).padStart(5)}%  ${String(e.count).padStart(4)} fns  ${c}`);
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
