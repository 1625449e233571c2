// In-page measurements, driven from bench/run.mjs through page.evaluate: every timing is
// performance.now() inside the page, around code that runs synchronously or awaits the SDK itself.

const FIELD_AUTOCOMPLETE = { number: 'cc-number', expiry: 'cc-exp', cvc: 'cc-csc', holderName: 'cc-name' };
const FIELD_ORDER = ['number', 'expiry', 'cvc', 'holderName'];

// Public test cards (DESIGN §6), suffix 02 = ENROLLED; never printed, only typed into the forms.
const TEST_CARDS = ['4507990000000002', '5252440000000002', '370000000000002', '3647166000000002'];
const EXPIRY = '11/28';
const CVC = { visa: '123', amex: '1234' };
const HOLDER = 'Bench Runner';

const impls = new Map();

/** Loads (once) the implementation under test: the SDK's pkg/ or the plain-JS baseline. */
async function load(name) {
  if (impls.has(name)) return impls.get(name);
  let impl;
  if (name === 'sdk') {
    const mod = await import('/pkg/enrollment_sdk.js');
    const t0 = performance.now();
    const wasm = await mod.default();
    const instantiateMs = performance.now() - t0;
    impl = {
      initEnrollment: mod.initEnrollment,
      instantiateMs,
      wasmBytes: () => (wasm && wasm.memory ? wasm.memory.buffer.byteLength : null),
    };
  } else if (name === 'baseline') {
    const mod = await import('/baseline.js');
    impl = { initEnrollment: mod.initEnrollment, instantiateMs: 0, wasmBytes: () => null };
  } else {
    throw new Error(`unknown implementation ${name}`);
  }
  impls.set(name, impl);
  return impl;
}

function hex(n) {
  const bytes = crypto.getRandomValues(new Uint8Array(n / 2));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A well-formed test token (the client cannot check the signature; no server is involved). */
function fakeToken() {
  const exp = Math.floor(Date.now() / 1000) + 3600;
  return `cstok_test_${hex(32)}_${exp}_${hex(64)}`;
}

function findField(container, kind) {
  return (
    container.querySelector(`input[autocomplete="${FIELD_AUTOCOMPLETE[kind]}"]`) ??
    container.querySelector(`input[name="${kind}"], input[data-field="${kind}"]`) ??
    container.querySelectorAll('input')[FIELD_ORDER.indexOf(kind)] ??
    null
  );
}

function newContainer() {
  const div = document.createElement('div');
  document.body.append(div);
  return div;
}

/**
 * Mounts one form and resolves once it is interactive: onReady fired and the number input takes
 * focus. Returns the enrollment, the input and the time it became interactive.
 */
async function mountInteractive(impl, container, token, extra = {}) {
  let readyResolve;
  const ready = new Promise((resolve) => {
    readyResolve = resolve;
  });
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error('onReady did not fire within 5 s')), 5000);
  });
  const enrollment = await impl.initEnrollment(token, {
    container,
    locale: 'en',
    ...extra,
    onReady: () => readyResolve(),
  });
  try {
    await Promise.race([ready, timeout]);
  } finally {
    clearTimeout(timer);
  }
  const input = findField(container, 'number');
  if (!input) throw new Error('no number input in the mounted form');
  input.focus();
  if (document.activeElement !== input) throw new Error('the number input is not focusable');
  return { enrollment, input, at: performance.now() };
}

function applyDefault(input, inputType, data) {
  const v = input.value;
  const s = input.selectionStart ?? v.length;
  const e = input.selectionEnd ?? s;
  if (inputType === 'deleteContentBackward') {
    const from = s === e ? Math.max(0, s - 1) : s;
    input.value = v.slice(0, from) + v.slice(e);
    input.setSelectionRange(from, from);
  } else {
    input.value = v.slice(0, s) + data + v.slice(e);
    const pos = s + data.length;
    input.setSelectionRange(pos, pos);
  }
}

/**
 * One keystroke the way the browser delivers it: beforeinput (cancelable), then, unless cancelled,
 * the edit and the input event. Our listeners run synchronously inside dispatchEvent, so the time
 * returned is the whole handler work: format, validate, DOM and ARIA updates.
 */
function keystroke(input, inputType, data) {
  const before = new InputEvent('beforeinput', { inputType, data, bubbles: true, cancelable: true, composed: true });
  const after = new InputEvent('input', { inputType, data, bubbles: true, composed: true });
  const t0 = performance.now();
  if (input.dispatchEvent(before)) {
    applyDefault(input, inputType, data);
    input.dispatchEvent(after);
  }
  return performance.now() - t0;
}

function selectAll(input) {
  input.setSelectionRange(0, input.value.length);
}

function digitsOf(s) {
  return s.replace(/\D/g, '');
}

/** Types a whole value into a field (one insertFromPaste event), as autofill or paste would. */
function paste(input, text) {
  input.focus();
  selectAll(input);
  keystroke(input, 'insertFromPaste', text);
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

window.bench = {
  crossOriginIsolated: self.crossOriginIsolated,

  /** Resolution of performance.now() as seen here (smallest non-zero step). */
  timerResolution() {
    let best = Infinity;
    for (let i = 0; i < 200; i += 1) {
      const a = performance.now();
      let b = performance.now();
      while (b === a) b = performance.now();
      best = Math.min(best, b - a);
    }
    return best;
  },

  async load(name) {
    const impl = await load(name);
    return { instantiateMs: impl.instantiateMs, wasmBytes: impl.wasmBytes() };
  },

  /** initEnrollment called → interactive, module already instantiated. */
  async start(name, runs, warmup) {
    const impl = await load(name);
    const samples = [];
    for (let i = 0; i < warmup + runs; i += 1) {
      const container = newContainer();
      const t0 = performance.now();
      const { enrollment, at } = await mountInteractive(impl, container, fakeToken());
      if (i >= warmup) samples.push(at - t0);
      enrollment.unmount();
      container.remove();
      document.activeElement?.blur?.();
    }
    return { samples };
  },

  /**
   * Keystrokes in the number field: each test card typed digit by digit, then select-all +
   * backspace; the first `warmupCycles` cycles are not recorded.
   */
  async typing(name, minEvents, warmupCycles) {
    const impl = await load(name);
    const container = newContainer();
    let changes = 0;
    const { enrollment, input } = await mountInteractive(impl, container, fakeToken(), {
      onChange: () => {
        changes += 1;
      },
    });
    const samples = [];
    const perCycle = [];
    let formattedOk = 0;
    let cycles = 0;
    let ariaSeen = false;
    for (let cycle = 0; samples.length < minEvents; cycle += 1) {
      const card = TEST_CARDS[cycle % TEST_CARDS.length];
      const record = cycle >= warmupCycles;
      const cycleStart = performance.now();
      for (const d of card) {
        const t = keystroke(input, 'insertText', d);
        if (record) samples.push(t);
      }
      // The form must have done its work: all digits kept, grouped with spaces.
      if (digitsOf(input.value) === card && input.value.includes(' ')) formattedOk += 1;
      if (input.hasAttribute('aria-invalid')) ariaSeen = true;
      selectAll(input);
      const t = keystroke(input, 'deleteContentBackward', null);
      if (record) {
        samples.push(t);
        // One timer pair around the whole cycle: per-keystroke cost far above the 5 µs timer step.
        perCycle.push((performance.now() - cycleStart) / (card.length + 1));
      }
      cycles += 1;
    }
    enrollment.unmount();
    container.remove();
    return { samples, perCycle, cycles, formattedOk, onChangeCalls: changes, ariaInvalidSeen: ariaSeen };
  },

  /**
   * `count` × (mount, focus, one keystroke, unmount) in one reused container. With `separateTasks`
   * each mount runs in its own task, as on a real page (a click, a route change); without, all run
   * in one burst of microtasks, where nothing a FinalizationRegistry would free gets freed.
   */
  async mountMany(name, count, separateTasks) {
    const impl = await load(name);
    const container = newContainer();
    const channel = new MessageChannel();
    const nextTask = () =>
      new Promise((resolve) => {
        channel.port1.onmessage = () => resolve();
        channel.port2.postMessage(null);
      });
    for (let i = 0; i < count; i += 1) {
      const { enrollment, input } = await mountInteractive(impl, container, fakeToken());
      keystroke(input, 'insertText', '4');
      enrollment.unmount();
      if (separateTasks) await nextTask();
    }
    channel.port1.onmessage = null;
    channel.port1.close();
    const leftover = container.childNodes.length;
    container.remove();
    document.activeElement?.blur?.();
    return { leftoverNodes: leftover };
  },

  /** Lets pending tasks (FinalizationRegistry callbacks among them) run. */
  settle() {
    return new Promise((resolve) => setTimeout(resolve, 50));
  },

  wasmBytes(name) {
    const impl = impls.get(name);
    return impl ? impl.wasmBytes() : null;
  },

  /** Listener registrations still live per the addEventListener hook of the memory page. */
  liveListeners() {
    return typeof window.__listenerCount === 'function' ? window.__listenerCount() : null;
  },

  /**
   * Network overhead: SDK submit() vs a bare fetch of the same request, each on a fresh session.
   * Runs alternate so that drift in the server hits both sides alike.
   */
  async network(runs, warmup) {
    const impl = await load('sdk');
    // Both sides start from an idle page: the focus transitions the filling started (CSS, 150 ms)
    // would otherwise render frames during the request and bill the SDK for the harness's typing.
    const idle = () => new Promise((resolve) => setTimeout(() => requestAnimationFrame(() => resolve()), 250));
    const newSession = async () => {
      const res = await fetch('/demo/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
      if (!res.ok) throw new Error(`POST /demo/session: HTTP ${res.status}`);
      return res.json();
    };

    // Learn the exact request the SDK sends (once, untimed) so the bare fetch replays its shape.
    let template = null;
    const requestsSeen = [];
    let fetchCalledAt = null;
    let responseAt = null;
    const phases = { beforeRequest: [], request: [], afterResponse: [] };
    const realFetch = window.fetch;
    window.fetch = function recordingFetch(input, init) {
      try {
        const u = new URL(input instanceof Request ? input.url : String(input), location.href);
        requestsSeen.push(`${(input instanceof Request ? input.method : init?.method) ?? 'GET'} ${u.pathname}`);
      } catch {
        requestsSeen.push('?');
      }
      try {
        // Clone a Request (reading it would spend the body the real fetch needs); strings/URLs + init
        // make a fresh one.
        const req = input instanceof Request ? input.clone() : new Request(input, init);
        if (req.method === 'POST' && new URL(req.url).pathname === '/v1/sdk/payment-methods') {
          template = req;
        }
      } catch {
        // Recording is best effort: the hand-written request below is the fallback.
      }
      return realFetch.call(this, input, init);
    };
    const sdkOnce = async (timed) => {
      const session = await newSession();
      const container = newContainer();
      const { enrollment } = await mountInteractive(impl, container, session, { hideSubmitButton: true });
      const card = TEST_CARDS[0];
      paste(findField(container, 'number'), card);
      paste(findField(container, 'expiry'), EXPIRY);
      paste(findField(container, 'cvc'), CVC.visa);
      paste(findField(container, 'holderName'), HOLDER);
      await idle();
      const t0 = performance.now();
      const result = await enrollment.submit();
      const t1 = performance.now();
      const ms = t1 - t0;
      if (timed && fetchCalledAt !== null && responseAt !== null) {
        phases.beforeRequest.push(fetchCalledAt - t0);
        phases.request.push(responseAt - fetchCalledAt);
        phases.afterResponse.push(t1 - responseAt);
      }
      fetchCalledAt = null;
      responseAt = null;
      enrollment.unmount();
      container.remove();
      if (!result || result.status !== 'ENROLLED') throw new Error(`submit() resolved ${result && result.status}`);
      return timed ? ms : null;
    };
    await sdkOnce(false);

    // From here on the wrapper only takes two timestamps (µs): where inside submit() time goes.
    window.fetch = function timingFetch(input, init) {
      fetchCalledAt = performance.now();
      const p = realFetch.call(this, input, init);
      p.then(
        () => {
          responseAt = performance.now();
        },
        () => {},
      );
      return p;
    };

    let body;
    let headers;
    let templateUsed = false;
    if (template) {
      body = await template.text();
      headers = Object.fromEntries(template.headers.entries());
      templateUsed = true;
    } else {
      const [mm, yy] = EXPIRY.split('/');
      body = JSON.stringify({
        card: { number: TEST_CARDS[0], expiration_month: Number(mm), expiration_year: 2000 + Number(yy), security_code: CVC.visa, holder_name: HOLDER },
      });
      headers = { 'content-type': 'application/json' };
    }
    const bareOnce = async () => {
      const session = await newSession();
      const h = { ...headers, authorization: `Bearer ${session.sdk_token}`, 'x-idempotency-key': crypto.randomUUID() };
      await idle();
      const t0 = performance.now();
      const res = await fetch('/v1/sdk/payment-methods', { method: 'POST', headers: h, body });
      const json = await res.json();
      const ms = performance.now() - t0;
      if (res.status !== 201 || json.status !== 'ENROLLED') throw new Error(`bare fetch: HTTP ${res.status} ${json.code ?? json.status}`);
      return ms;
    };

    const sdk = [];
    const bare = [];
    const bareOnceTimed = async () => {
      // The bare side goes around the timing wrapper.
      const wrapped = window.fetch;
      window.fetch = realFetch;
      try {
        return await bareOnce();
      } finally {
        window.fetch = wrapped;
      }
    };
    for (let i = 0; i < warmup + runs; i += 1) {
      const a = await sdkOnce(true);
      const b = await bareOnceTimed();
      if (i >= warmup) {
        sdk.push(a);
        bare.push(b);
      }
    }
    // What one submit() sent (the session request is the harness's own).
    window.fetch = realFetch;
    return { sdk, bare, phases, templateUsed, requestsPerSubmit: requestsSeen.filter((r) => !r.endsWith('/demo/session')) };
  },
};

window.benchReady = Promise.resolve(true);
