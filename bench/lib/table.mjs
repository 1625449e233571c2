// Turns the report into the printed table (budgets of DESIGN §7, PASS/OVER) and lists what went unmeasured.

// KB = 1,024 bytes, as scripts/build.sh reads "≤ 30 KB".
const BUDGET = { weightBytes: 30 * 1024, startMedianMs: 10, keystrokeMedianMs: 0.2, keystrokeRatio: 1, wasmGrowthBytes: 0, listenersLeft: 0 };

const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
const ms = (v) => (v === null || v === undefined ? '—' : v < 1 ? `${v.toFixed(3)} ms` : `${v.toFixed(2)} ms`);
const dist = (s) => (s ? `median ${ms(s.median)}, p95 ${ms(s.p95)} (n=${s.n})` : '—');
const signed = (n, unit = '') => (n === null || n === undefined ? '—' : `${n > 0 ? '+' : ''}${n.toLocaleString('en-US')}${unit}`);
const verdict = (ok) => (ok ? 'PASS' : 'OVER');
const usable = (b) => b && !b.error && !b.unavailable;
const base = (b) => (b && b.unavailable ? b.unavailable : `baseline ${usable(b) ? dist(b) : '—'}`);

export function renderTable(report) {
  const rows = [];
  const unmeasured = [];
  const r = report.results;
  const failed = (id, value) => {
    if (value && value.error) {
      unmeasured.push(id);
      rows.push([id, `NOT MEASURED: ${value.error}`, '', '', '']);
      return true;
    }
    return false;
  };

  if (r.weight) {
    if (r.weight.error) failed('weight', r.weight);
    const ours = r.weight.find?.((w) => w.id === 'weight.sdk' && !w.error);
    for (const w of Array.isArray(r.weight) ? r.weight : []) {
      const label = `Weight (gzip -9): ${w.name}`;
      if (w.error) {
        failed(label, w);
      } else if (w.unavailable) {
        rows.push([label, w.unavailable, '', '—', '—']);
      } else if (w.competitor) {
        const parts = Object.entries(w.parts).filter(([, v]) => v > 0).map(([k, v]) => `${k} ${kb(v)}`).join(' + ');
        rows.push([label, `${kb(w.gzip)} (${parts})`, ours ? `${(w.gzip / ours.gzip).toFixed(1)}× ours` : '', '—', '—']);
      } else if (w.chunk) {
        const p = w.parts;
        rows.push([label, `${kb(w.gzip)} (wasm ${kb(p.wasm)} + js ${kb(p.js)}; ${w.gzip.toLocaleString('en-US')} B)`, 'not on enrollment pages', '—', '—']);
      } else {
        const p = w.parts;
        rows.push([label, `${kb(w.gzip)} (wasm ${kb(p.wasm)} + js ${kb(p.js)} + css ${kb(p.css)}; ${w.gzip.toLocaleString('en-US')} B)`, '', '≤ 30 KB', verdict(w.gzip <= BUDGET.weightBytes)]);
      }
    }
  }

  if (r.start) {
    const label = 'Start: initEnrollment → interactive (instantiated)';
    if (!failed(label, r.start.sdk)) {
      rows.push([label, dist(r.start.sdk), base(r.start.baseline), '≤ 10 ms median', verdict(r.start.sdk.median <= BUDGET.startMedianMs)]);
      rows.push(['Start: init() (wasm instantiate, first page)', ms(r.start.sdk.instantiateMs), '', '—', '—']);
    }
    if (r.start.baseline?.error) failed('Start: baseline', r.start.baseline);
  }

  if (r.cold) {
    const label = 'Start: cold page load → interactive';
    if (!failed(label, r.cold.sdk)) rows.push([label, dist(r.cold.sdk), base(r.cold.baseline), '—', '—']);
    if (r.cold.baseline?.error) failed('Cold: baseline', r.cold.baseline);
  }

  if (r.typing) {
    const label = 'Typing: one keystroke in the number field';
    if (!failed(label, r.typing.sdk)) {
      rows.push([label, dist(r.typing.sdk), base(r.typing.baseline), '≤ 0.2 ms median', verdict(r.typing.sdk.median <= BUDGET.keystrokeMedianMs)]);
      if (r.typing.cycleRatio) {
        const sc = r.typing.sdk.perCycle;
        const bc = r.typing.baseline.perCycle;
        rows.push([
          'Typing: SDK / baseline',
          `${r.typing.cycleRatio.toFixed(2)}× (per keystroke ${ms(sc.median)} vs ${ms(bc.median)})`,
          `median over ${sc.n} typed cards, each timed whole`,
          '≤ 1.0×',
          verdict(r.typing.cycleRatio <= BUDGET.keystrokeRatio),
        ]);
      }
      if (r.typing.ratio !== null) {
        rows.push(['Typing: SDK / baseline (per-event medians)', `${r.typing.ratio.toFixed(2)}×`, `on the ${ms(r.typing.sdk.timerResolutionMs)} timer step`, '—', '—']);
      }
    }
    if (r.typing.baseline?.error) failed('Typing: baseline', r.typing.baseline);
  }

  if (r.memory) {
    const m = r.memory.sdk;
    const b = r.memory.baseline;
    if (!failed('Memory: SDK', m)) {
      rows.push([
        `Memory: wasm linear memory, ${m.mounts} × mount+unmount`,
        `${signed(m.delta.wasmBytes, ' B')} (${m.before.wasmBytes?.toLocaleString('en-US')} → ${m.after.wasmBytes?.toLocaleString('en-US')} B)`,
        `after ${m.warmup} warm-up mounts`,
        'no growth',
        verdict(m.delta.wasmBytes !== null && m.delta.wasmBytes <= BUDGET.wasmGrowthBytes),
      ]);
      if (m.burstWasmGrowth !== null && m.burstWasmGrowth !== undefined) {
        rows.push([
          `Memory: wasm growth, ${m.mounts} mounts in one burst`,
          signed(m.burstWasmGrowth, ' B'),
          'no task between mounts: handles freed only by FinalizationRegistry',
          '—',
          '—',
        ]);
      }
      rows.push([
        'Memory: JS heap after GC',
        `${signed(m.delta.jsHeapUsed, ' B')} (${kb(m.before.jsHeapUsed)} → ${kb(m.after.jsHeapUsed)})`,
        usable(b) ? `baseline ${signed(b.delta.jsHeapUsed, ' B')}` : '',
        '—',
        '—',
      ]);
      rows.push([
        'Memory: DOM nodes alive after GC',
        signed(m.delta.domNodes),
        usable(b) ? `baseline ${signed(b.delta.domNodes)}` : '',
        '—',
        '—',
      ]);
      const l = m.listenersLeft;
      const worst = Math.max(l.hook ?? 0, l.windowAndDocument, l.jsEventListeners);
      rows.push([
        'Memory: listeners left behind',
        `${worst} (never removed ${l.hook ?? '—'}, on window+document ${l.windowAndDocument}, live JS listeners ${l.jsEventListeners})`,
        usable(b) ? `baseline ${Math.max(b.listenersLeft.hook ?? 0, b.listenersLeft.windowAndDocument, b.listenersLeft.jsEventListeners)}` : '',
        '0',
        verdict(worst <= BUDGET.listenersLeft),
      ]);
    }
    if (b?.error) failed('Memory: baseline', b);
  }

  if (r.network) {
    const label = 'Network: submit() vs bare fetch (sandbox)';
    if (!failed(label, r.network)) {
      rows.push([label, `SDK ${dist(r.network.sdk)}`, `fetch ${dist(r.network.bare)}`, '—', '—']);
      rows.push(['Network: SDK overhead (median difference)', ms(r.network.overheadMedianMs), r.network.requestReplayed ? 'same request replayed' : 'hand-built request', '—', '—']);
      const ph = r.network.phases;
      if (ph && ph.request) {
        rows.push([
          'Network: inside submit() (medians)',
          `before the request ${ms(ph.beforeRequest.median)}, request ${ms(ph.request.median)}, after the response ${ms(ph.afterResponse.median)}`,
          'request = fetch() called → Response',
          '—',
          '—',
        ]);
      }
    }
  }

  const header = ['what', 'measured', 'compared with', 'budget', 'verdict'];
  const widths = header.map((h, i) => Math.min(90, Math.max(h.length, ...rows.map((row) => String(row[i]).length))));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ').trimEnd();
  const text = [
    `enrollment-sdk bench (${report.mode}${report.mode === 'smoke' ? ': one iteration, figures not meaningful' : ''})`,
    line(header),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.map(line),
  ].join('\n');
  return { text, unmeasured, rows };
}
