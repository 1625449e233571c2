// `npm run bench`: measures weight, start, typing, memory and network overhead of the SDK in headless
// Chromium, side by side with the alternatives; prints a table and writes bench/report.json.
// `--smoke`: one quick iteration of everything; exits non-zero only when a figure could not be measured.
// The bench reports budgets, it never fails on them.
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { startServer } from './lib/server.mjs';
import { startSandbox } from './lib/sandbox.mjs';
import { measureWeight } from './lib/weight.mjs';
import { summarize } from './lib/stats.mjs';
import { renderTable } from './lib/table.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..');
// BENCH_PKG: bench a pkg/ built elsewhere (e.g. a before/after comparison of size work).
const PKG = process.env.BENCH_PKG ? path.resolve(process.env.BENCH_PKG) : path.join(ROOT, 'pkg');

const CHROMIUM_FLAGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const argv = process.argv.slice(2);
const smoke = argv.includes('--smoke');
const onlyArg = argv.find((a) => a.startsWith('--only='));
const only = onlyArg ? new Set(onlyArg.slice('--only='.length).split(',')) : null;
const wanted = (section) => !only || only.has(section);

const CONFIG = smoke
  ? { startRuns: 1, startWarmup: 0, coldRuns: 1, typingEvents: 17, typingWarmup: 0, memWarmup: 2, memMounts: 5, netRuns: 1, netWarmup: 0 }
  : { startRuns: 50, startWarmup: 5, coldRuns: 30, typingEvents: 1020, typingWarmup: 4, memWarmup: 50, memMounts: 1000, netRuns: 50, netWarmup: 3 };

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const errText = (err) => String(err && err.message ? err.message : err).split('\n')[0];

// Counts listener registrations added and never removed (the memory pages only: it costs time).
const LISTENER_HOOK = `(() => {
  const registry = new WeakMap();
  let live = 0;
  const add = EventTarget.prototype.addEventListener;
  const remove = EventTarget.prototype.removeEventListener;
  const capture = (o) => (typeof o === 'boolean' ? o : !!(o && o.capture));
  EventTarget.prototype.addEventListener = function (type, fn, opts) {
    if (fn) {
      let list = registry.get(this);
      if (!list) registry.set(this, (list = []));
      const c = capture(opts);
      if (!list.some((e) => e.type === type && e.fn === fn && e.c === c)) {
        list.push({ type, fn, c });
        live += 1;
      }
    }
    return add.call(this, type, fn, opts);
  };
  EventTarget.prototype.removeEventListener = function (type, fn, opts) {
    const list = registry.get(this);
    if (list) {
      const c = capture(opts);
      const i = list.findIndex((e) => e.type === type && e.fn === fn && e.c === c);
      if (i >= 0) {
        list.splice(i, 1);
        live -= 1;
      }
    }
    return remove.call(this, type, fn, opts);
  };
  window.__listenerCount = () => live;
})();`;

async function bundleBaseline() {
  const esbuild = await import('esbuild');
  const out = await esbuild.build({
    entryPoints: [path.join(HERE, 'baseline', 'form.js')],
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    write: false,
    logLevel: 'silent',
  });
  return out.outputFiles[0].contents;
}

async function openHarness(context, origin) {
  const page = await context.newPage();
  const pageErrors = [];
  page.on('pageerror', (err) => pageErrors.push(errText(err)));
  await page.goto(`${origin}/bench/pages/index.html`);
  await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 15000 });
  return { page, pageErrors };
}

async function withPage(browser, origin, fn, { hook = false } = {}) {
  const context = await browser.newContext();
  if (hook) await context.addInitScript(LISTENER_HOOK);
  try {
    const { page, pageErrors } = await openHarness(context, origin);
    try {
      return await fn(page);
    } catch (err) {
      const extra = pageErrors.length ? ` (page errors: ${pageErrors.slice(0, 3).join('; ')})` : '';
      throw new Error(`${errText(err)}${extra}`);
    }
  } finally {
    await context.close();
  }
}

async function measureStart(browser, origin, impl) {
  return withPage(browser, origin, async (page) => {
    const info = await page.evaluate((name) => window.bench.load(name), impl);
    const { samples } = await page.evaluate(
      ([name, runs, warmup]) => window.bench.start(name, runs, warmup),
      [impl, CONFIG.startRuns, CONFIG.startWarmup],
    );
    return { ...summarize(samples), instantiateMs: info.instantiateMs };
  });
}

async function measureCold(browser, origin, impl) {
  const samples = [];
  for (let i = 0; i < CONFIG.coldRuns; i += 1) {
    // A fresh context each run: empty HTTP cache and no compiled-wasm cache.
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const pageErrors = [];
      page.on('pageerror', (err) => pageErrors.push(errText(err)));
      await page.goto(`${origin}/bench/pages/cold-${impl}.html`);
      await page.waitForFunction(() => window.coldResult !== undefined, null, { timeout: 15000 }).catch(() => {
        throw new Error(`page never started measuring${pageErrors.length ? `: ${pageErrors[0]}` : ''}`);
      });
      const result = await page.evaluate(() => window.coldResult);
      if (result.error) throw new Error(result.error);
      samples.push(result.interactiveAt);
    } finally {
      await context.close();
    }
  }
  return summarize(samples);
}

async function measureTyping(browser, origin, impl) {
  return withPage(browser, origin, async (page) => {
    const r = await page.evaluate(
      ([name, events, warmup]) => window.bench.typing(name, events, warmup),
      [impl, CONFIG.typingEvents, CONFIG.typingWarmup],
    );
    const resolution = await page.evaluate(() => window.bench.timerResolution());
    if (r.formattedOk === 0) throw new Error('no typed card number came out formatted');
    return {
      ...summarize(r.samples),
      perCycle: summarize(r.perCycle),
      cycles: r.cycles,
      formattedOk: r.formattedOk,
      onChangeCalls: r.onChangeCalls,
      ariaInvalidSeen: r.ariaInvalidSeen,
      timerResolutionMs: resolution,
      crossOriginIsolated: await page.evaluate(() => self.crossOriginIsolated),
    };
  });
}

/** After two full GCs: wasm bytes, JS heap, DOM counters and every way we have to count listeners. */
async function memorySnapshot(page, cdp, impl) {
  // GC, let finalizers run (they free the Rust side of dropped wasm-bindgen handles), GC again.
  await cdp.send('HeapProfiler.collectGarbage');
  await page.evaluate(() => window.bench.settle());
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const count = async (expression, depth) => {
    const { result } = await cdp.send('Runtime.evaluate', { expression, objectGroup: 'bench' });
    const { listeners } = await cdp.send('DOMDebugger.getEventListeners', { objectId: result.objectId, depth, pierce: true });
    return listeners.length;
  };
  const windowListeners = await count('window', 0);
  const documentListeners = await count('document', -1);
  await cdp.send('Runtime.releaseObjectGroup', { objectGroup: 'bench' });
  return {
    wasmBytes: await page.evaluate((name) => window.bench.wasmBytes(name), impl),
    jsHeapUsed: heap.usedSize,
    domNodes: dom.nodes,
    jsEventListeners: dom.jsEventListeners,
    windowListeners,
    documentListeners,
    hookLiveListeners: await page.evaluate(() => window.bench.liveListeners()),
  };
}

async function measureMemory(browser, origin, impl) {
  return withPage(
    browser,
    origin,
    async (page) => {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('HeapProfiler.enable');
      await page.evaluate((name) => window.bench.load(name), impl);
      const initial = await memorySnapshot(page, cdp, impl);
      await page.evaluate(([name, n]) => window.bench.mountMany(name, n, true), [impl, CONFIG.memWarmup]);
      const before = await memorySnapshot(page, cdp, impl);
      const run = await page.evaluate(([name, n]) => window.bench.mountMany(name, n, true), [impl, CONFIG.memMounts]);
      const after = await memorySnapshot(page, cdp, impl);
      // The same mounts in one burst (no task in between): the high-water mark when handles are
      // only freed by the FinalizationRegistry. Reported, not budgeted.
      await page.evaluate(([name, n]) => window.bench.mountMany(name, n, false), [impl, CONFIG.memMounts]);
      const burst = await memorySnapshot(page, cdp, impl);
      const delta = {};
      for (const k of Object.keys(after)) {
        delta[k] = after[k] === null || before[k] === null ? null : after[k] - before[k];
      }
      // Listeners left = anything still registered beyond what the page had before the first mount.
      const listenersLeft = {
        hook: initial.hookLiveListeners === null ? null : after.hookLiveListeners - initial.hookLiveListeners,
        windowAndDocument: after.windowListeners + after.documentListeners - (initial.windowListeners + initial.documentListeners),
        jsEventListeners: after.jsEventListeners - initial.jsEventListeners,
      };
      const burstWasmGrowth = burst.wasmBytes === null || after.wasmBytes === null ? null : burst.wasmBytes - after.wasmBytes;
      return { mounts: CONFIG.memMounts, warmup: CONFIG.memWarmup, initial, before, after, delta, listenersLeft, leftoverNodes: run.leftoverNodes, burst, burstWasmGrowth };
    },
    { hook: true },
  );
}

async function measureNetwork(browser, sandboxOrigin) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const pageErrors = [];
    page.on('pageerror', (err) => pageErrors.push(errText(err)));
    // The bench page is served under the sandbox's own origin (same origin: no CORS preflight on
    // either side); only our files are intercepted, and interception is off before anything is timed.
    await page.route(`${sandboxOrigin}/bench/**`, async (route) => {
      const url = new URL(route.request().url());
      const file = path.join(HERE, url.pathname.slice('/bench/'.length));
      if (!file.startsWith(HERE + path.sep) || !existsSync(file)) return route.fulfill({ status: 404, body: 'not found' });
      const type = file.endsWith('.html') ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8';
      return route.fulfill({ status: 200, contentType: type, body: await readFile(file) });
    });
    await page.goto(`${sandboxOrigin}/bench/pages/index.html`);
    await page.waitForFunction(() => window.bench !== undefined, null, { timeout: 15000 });
    await page.evaluate(() => window.bench.load('sdk'));
    await page.unrouteAll();
    try {
      const r = await page.evaluate(([runs, warmup]) => window.bench.network(runs, warmup), [CONFIG.netRuns, CONFIG.netWarmup]);
      const sdk = summarize(r.sdk);
      const bare = summarize(r.bare);
      const phases = Object.fromEntries(Object.entries(r.phases).map(([k, v]) => [k, summarize(v)]));
      return { sdk, bare, overheadMedianMs: sdk.median - bare.median, phases, requestReplayed: r.templateUsed, requestsPerSubmit: r.requestsPerSubmit };
    } catch (err) {
      const extra = pageErrors.length ? ` (page errors: ${pageErrors.slice(0, 3).join('; ')})` : '';
      throw new Error(`${errText(err)}${extra}`);
    }
  } finally {
    await context.close();
  }
}

/** Runs one measurement; a failure becomes `{ error }` in the report instead of ending the run. */
async function attempt(label, fn) {
  log(`${label}…`);
  const t0 = Date.now();
  try {
    const r = await fn();
    log(`${label}: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    return r;
  } catch (err) {
    log(`${label}: could not measure: ${errText(err)}`);
    return { error: errText(err) };
  }
}

/** Replaces the figures between the README's markers with this run's table (full runs only). */
async function updateReadme(report, rows) {
  const file = path.join(HERE, 'README.md');
  const readme = await readFile(file, 'utf8');
  const start = '<!-- figures:start -->';
  const end = '<!-- figures:end -->';
  const a = readme.indexOf(start);
  const b = readme.indexOf(end);
  if (a < 0 || b < a) return;
  const cell = (c) => String(c).replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const env = report.environment;
  const table = [
    `${report.generatedAt.slice(0, 16).replace('T', ' ')} UTC, Chromium ${env.chromium}, ${env.cpus} CPUs (load average ${env.loadAverage.map((l) => l.toFixed(1)).join(' ')} at the start).`,
    '',
    '| what | measured | compared with | budget | verdict |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
  await writeFile(file, `${readme.slice(0, a + start.length)}\n${table}\n${readme.slice(b)}`);
  log('updated the figures in bench/README.md');
}

async function main() {
  const report = {
    generatedAt: new Date().toISOString(),
    mode: smoke ? 'smoke' : 'full',
    config: CONFIG,
    environment: {
      node: process.version,
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? null,
      chromium: null,
      // The machine is shared: a high load average explains noisy times.
      loadAverage: os.loadavg(),
    },
    results: {},
  };

  if (wanted('weight')) report.results.weight = await attempt('weight', () => measureWeight({ root: ROOT, pkgDir: PKG }));

  const browserSections = ['start', 'cold', 'typing', 'memory', 'network'].filter(wanted);
  if (browserSections.length) {
    const pkgBuilt = existsSync(path.join(PKG, 'enrollment_sdk.js')) && existsSync(path.join(PKG, 'enrollment_sdk_bg.wasm'));
    // Without esbuild or the baseline's packages the baseline rows say so; the SDK rows still run.
    let baseline = null;
    let noBaseline = null;
    try {
      baseline = await bundleBaseline();
    } catch (err) {
      noBaseline = { unavailable: `baseline not bundled (are esbuild, card-validator, credit-card-type installed?): ${errText(err)}` };
    }
    const memory = new Map(baseline ? [['/baseline.js', { body: baseline, type: 'text/javascript; charset=utf-8' }]] : []);
    const server = await startServer({ mounts: { '/bench/': HERE, '/pkg/': PKG }, memory });
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    report.environment.chromium = browser.version();
    const noPkg = { error: 'pkg/ is not built (bash scripts/build.sh)' };
    const both = async (label, fn) => ({
      sdk: pkgBuilt ? await attempt(`${label} (sdk)`, () => fn('sdk')) : noPkg,
      baseline: baseline ? await attempt(`${label} (baseline)`, () => fn('baseline')) : noBaseline,
    });
    try {
      if (wanted('start')) report.results.start = await both('start, module instantiated', (impl) => measureStart(browser, server.origin, impl));
      if (wanted('cold')) report.results.cold = await both('start, cold page load', (impl) => measureCold(browser, server.origin, impl));
      if (wanted('typing')) {
        report.results.typing = await both('typing', (impl) => measureTyping(browser, server.origin, impl));
        const { sdk, baseline: base } = report.results.typing;
        report.results.typing.ratio = sdk.median && base.median ? sdk.median / base.median : null;
        // Per-event medians sit on the 5 µs timer step; the median of per-cycle averages does not.
        report.results.typing.cycleRatio = sdk.perCycle && base.perCycle ? sdk.perCycle.median / base.perCycle.median : null;
      }
      if (wanted('memory')) report.results.memory = await both('memory', (impl) => measureMemory(browser, server.origin, impl));
      if (wanted('network')) {
        report.results.network = pkgBuilt
          ? await attempt('network overhead', async () => {
              const sandbox = await startSandbox(ROOT, { release: !smoke, log, pkgDir: PKG });
              try {
                return await measureNetwork(browser, sandbox.origin);
              } finally {
                await sandbox.stop();
              }
            })
          : noPkg;
      }
    } finally {
      await browser.close();
      await server.close();
    }
  }

  const { text, unmeasured, rows } = renderTable(report);
  report.unmeasured = unmeasured;
  process.stdout.write(`${text}\n`);
  // The smoke run (part of `npm test`) must not overwrite the figures of the last full run.
  const reportName = smoke ? 'report.smoke.json' : 'report.json';
  await writeFile(path.join(HERE, reportName), `${JSON.stringify(report, null, 2)}\n`);
  log(`wrote bench/${reportName}`);
  if (!smoke && !only) await updateReadme(report, rows);
  if (unmeasured.length) {
    log(`could not measure: ${unmeasured.join(', ')}`);
    process.exitCode = 1;
  }
}

main().catch((err) => {
  log(`failed: ${err && err.stack ? err.stack : err}`);
  process.exitCode = 1;
});
