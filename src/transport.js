// The SDK's transport (bound by src/net.rs): one request with its per-try timeout, retries with
// backoff and the caller's abort signal, settled as one outcome for the wasm to judge.
//
// In JS rather than Rust because it is nothing but promises and timers: as Rust futures it took
// the async runtime of wasm-bindgen-futures plus two state machines, about 3 KB gzip of a 30 KB
// budget (DESIGN §7), against a few hundred bytes here. What to send and what an answer means
// stay in Rust (net.rs builds the request and reads the outcome).
//
// Nothing here reads, logs or keeps the request's body: it only hands `init` to `fetch`.

// Outcome statuses that are not HTTP statuses: the request got no answer.
const NETWORK = 0; // unreachable, CORS refusal, connection lost
const TIMEOUT = 1; // every try ran into its timeout (the last one did)
const ABORTED = 2; // the caller's signal fired

// Longest single backoff wait, so that many tries cannot leave the user waiting for minutes.
const MAX_BACKOFF_MS = 8000;

// Sends `init` to `url` up to `tries` times. A try that gets no answer or answers 429 or 5xx is
// repeated after an exponential backoff from `baseDelayMs`, with "equal jitter" (half the step
// fixed, half random) so that many clients' retries spread out; each try is aborted after
// `timeoutMs`. Resolves, never rejects, with `{ status, body }`: the last try's HTTP status and
// its body as JSON (`null` when it is not JSON), or `status` NETWORK / TIMEOUT / ABORTED.
export function send(url, init, tries, baseDelayMs, timeoutMs, signal) {
  return new Promise((settle) => {
    let tried = 0;
    const attempt = () => {
      if (signal && signal.aborted) return settle({ status: ABORTED, body: null });
      const controller = new AbortController();
      const abort = () => controller.abort();
      const timer = setTimeout(abort, timeoutMs);
      if (signal) signal.addEventListener('abort', abort);
      init.signal = controller.signal;
      const done = (status, body) => {
        clearTimeout(timer);
        if (signal) signal.removeEventListener('abort', abort);
        const again = status === NETWORK || status === TIMEOUT || status === 429 || status >= 500;
        if (!again || ++tried >= tries) return settle({ status, body });
        const step = Math.min(baseDelayMs * 2 ** Math.min(tried - 1, 16), MAX_BACKOFF_MS);
        // The caller's abort ends the wait too: an unmounted form hears back at once.
        const wake = () => {
          clearTimeout(pause);
          if (signal) signal.removeEventListener('abort', wake);
          attempt();
        };
        const pause = setTimeout(wake, step / 2 + Math.random() * (step / 2));
        if (signal) signal.addEventListener('abort', wake);
      };
      // Started inside a `then`, so that even a `fetch` that throws at once (a page that
      // replaced it) settles as a failed try rather than leaving the form busy.
      Promise.resolve()
        .then(() => fetch(url, init))
        .then((response) => response.text().then((text) => [response.status, text]))
        .then(
          ([status, text]) => done(status, json(text)),
          () => {
            const aborted = signal && signal.aborted;
            done(aborted ? ABORTED : controller.signal.aborted ? TIMEOUT : NETWORK, null);
          },
        );
    };
    attempt();
  });
}

// `text` as JSON, `null` when it is not JSON (a proxy's error page: the status alone answers).
function json(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
