// Weight rows: gzip -9 bytes of what a merchant page downloads, for us and for the alternatives; our
// checkout chunk on a row of its own (an enrollment page never downloads it).
import { gzipSync } from 'node:zlib';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

const gz = (buf) => gzipSync(buf, { level: 9 }).length;

async function esbuildOrNull(root) {
  try {
    const require = createRequire(path.join(root, 'package.json'));
    return await import(require.resolve('esbuild'));
  } catch {
    return null;
  }
}

/** Bundles + minifies one entry (given as source text) the way a merchant's build would. */
async function bundle(esbuild, root, contents, loader = 'js') {
  const result = await esbuild.build({
    stdin: { contents, resolveDir: root, loader, sourcefile: `entry.${loader}` },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
    legalComments: 'none',
    define: { 'process.env.NODE_ENV': '"production"' },
    // Adyen's and Braintree's CSS reference fonts/images; those are separate downloads, not bundled.
    loader: { '.woff': 'empty', '.woff2': 'empty', '.svg': 'empty', '.png': 'empty' },
  });
  return result.outputFiles.map((f) => f.contents);
}

/** The competitors, each as the modules a merchant would import. */
const COMPETITORS = [
  {
    name: '@adyen/adyen-web (AdyenCheckout + Card + CSS)',
    packages: ['@adyen/adyen-web'],
    js: "import { AdyenCheckout, Card } from '@adyen/adyen-web'; globalThis.__keep = [AdyenCheckout, Card];",
    css: "@import '@adyen/adyen-web/styles/adyen.css';",
    note: 'card fields are iframes loaded from the provider at run time: not counted',
  },
  {
    name: 'braintree-web (client + hosted-fields)',
    packages: ['braintree-web'],
    js: "import client from 'braintree-web/client'; import hostedFields from 'braintree-web/hosted-fields'; globalThis.__keep = [client, hostedFields];",
    note: 'hosted fields are iframes loaded from the provider at run time: not counted',
  },
  {
    name: 'card-validator + credit-card-type (validation only)',
    packages: ['card-validator', 'credit-card-type'],
    js: "import valid from 'card-validator'; import creditCardType from 'credit-card-type'; globalThis.__keep = [valid, creditCardType];",
    note: 'no form, no network client',
  },
];

/**
 * Returns the weight rows. `pkgDir` holds the built SDK; a missing SDK file makes that row
 * unmeasured (error), a competitor that cannot be installed/bundled makes its row say so.
 */
export async function measureWeight({ root, pkgDir }) {
  const rows = [];
  const esbuild = await esbuildOrNull(root);

  const files = {
    wasm: path.join(pkgDir, 'enrollment_sdk_bg.wasm'),
    js: path.join(pkgDir, 'enrollment_sdk.js'),
    css: path.join(pkgDir, 'enrollment-sdk.css'),
  };
  try {
    const wasm = await readFile(files.wasm);
    const js = await readFile(files.js);
    const css = await readFile(files.css);
    const parts = { wasm: gz(wasm), js: gz(js), css: gz(css) };
    rows.push({
      id: 'weight.sdk',
      name: 'enrollment-sdk (pkg/ as shipped)',
      raw: wasm.length + js.length + css.length,
      gzip: parts.wasm + parts.js + parts.css,
      parts,
    });
    if (esbuild) {
      // The glue is already one module: minify it (no bundling), as a merchant's build would.
      try {
        const minJs = (await esbuild.transform(js.toString('utf8'), { minify: true, format: 'esm', target: 'es2020', legalComments: 'none' })).code;
        const minCss = (await esbuild.transform(css.toString('utf8'), { minify: true, loader: 'css' })).code;
        const mparts = { wasm: parts.wasm, js: gz(Buffer.from(minJs)), css: gz(Buffer.from(minCss)) };
        rows.push({
          id: 'weight.sdk.minified',
          name: 'enrollment-sdk (glue + CSS minified by esbuild)',
          raw: wasm.length + Buffer.byteLength(minJs) + Buffer.byteLength(minCss),
          gzip: mparts.wasm + mparts.js + mparts.css,
          parts: mparts,
        });
      } catch (err) {
        rows.push({ id: 'weight.sdk.minified', name: 'enrollment-sdk (glue + CSS minified by esbuild)', error: `esbuild could not minify: ${String(err.message).split('\n')[0]}` });
      }
    }
  } catch (err) {
    rows.push({ id: 'weight.sdk', name: 'enrollment-sdk (pkg/ as shipped)', error: `pkg/ not built: ${err.message}` });
  }

  // Not part of an enrollment page: initCheckout downloads the chunk on its first call.
  const chunkName = 'enrollment-sdk checkout chunk (pkg/checkout/, on the first initCheckout)';
  try {
    const wasm = await readFile(path.join(pkgDir, 'checkout', 'enrollment_sdk_checkout_bg.wasm'));
    const js = await readFile(path.join(pkgDir, 'checkout', 'enrollment_sdk_checkout.js'));
    const parts = { wasm: gz(wasm), js: gz(js) };
    rows.push({ id: 'weight.sdk.checkout', name: chunkName, chunk: true, raw: wasm.length + js.length, gzip: parts.wasm + parts.js, parts });
  } catch (err) {
    rows.push({ id: 'weight.sdk.checkout', name: chunkName, error: `pkg/checkout/ not built: ${err.message}` });
  }

  for (const c of COMPETITORS) {
    const row = { id: `weight.${c.packages[0].replace(/[^a-z]+/g, '-').replace(/^-/, '')}`, name: c.name, competitor: true };
    if (!esbuild) {
      rows.push({ ...row, unavailable: 'esbuild is not installed' });
      continue;
    }
    try {
      const versions = {};
      for (const p of c.packages) {
        // Read the manifest by path: some packages' "exports" hide ./package.json from require.resolve.
        versions[p] = JSON.parse(await readFile(path.join(root, 'node_modules', p, 'package.json'), 'utf8')).version;
      }
      const jsOut = await bundle(esbuild, root, c.js);
      const cssOut = c.css ? await bundle(esbuild, root, c.css, 'css') : [];
      const parts = { js: jsOut.reduce((s, b) => s + gz(b), 0), css: cssOut.reduce((s, b) => s + gz(b), 0) };
      rows.push({
        ...row,
        versions,
        raw: [...jsOut, ...cssOut].reduce((s, b) => s + b.length, 0),
        gzip: parts.js + parts.css,
        parts,
        note: c.note,
      });
    } catch (err) {
      rows.push({ ...row, unavailable: `not installable/bundlable here: ${String(err.message).split('\n')[0]}` });
    }
  }
  return rows;
}
