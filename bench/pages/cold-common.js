// Cold page load → form interactive, measured from navigation start (performance.now()'s origin).

function hex(n) {
  return Array.from(crypto.getRandomValues(new Uint8Array(n / 2)), (b) => b.toString(16).padStart(2, '0')).join('');
}

async function interactive(initEnrollment, instantiate) {
  if (instantiate) await instantiate();
  const container = document.getElementById('card-form');
  const token = `cstok_test_${hex(32)}_${Math.floor(Date.now() / 1000) + 3600}_${hex(64)}`;
  let onReady;
  const ready = new Promise((resolve) => {
    onReady = resolve;
  });
  await initEnrollment(token, { container, locale: 'en', onReady: () => onReady() });
  await ready;
  const input =
    container.querySelector('input[autocomplete="cc-number"]') ??
    container.querySelector('input[name="number"], input[data-field="number"]') ??
    container.querySelector('input');
  input.focus();
  if (document.activeElement !== input) throw new Error('the number input is not focusable');
  return performance.now();
}

/** Publishes `window.coldResult` for the runner: `{ interactiveAt }` or `{ error }`. */
export function measure(initEnrollment, instantiate) {
  window.coldResult = interactive(initEnrollment, instantiate).then(
    (interactiveAt) => ({ interactiveAt }),
    (err) => ({ error: String(err && err.message ? err.message : err) }),
  );
}
