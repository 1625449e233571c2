// End to end, the package split (DESIGN §7): a page that only enrolls never downloads the checkout
// chunk (pkg/checkout/); initCheckout downloads it on its first call; a chunk that fails to arrive
// rejects with a retryable NETWORK_ERROR, and the next call loads it. The page is the smallest
// enrollment page, served on the sandbox's origin under the sandbox's own CSP.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withSandboxAndBrowser } from './helpers.mjs';

const env = withSandboxAndBrowser();

const CHUNK = '/pkg/checkout/';
const CHUNK_GLUE = `${CHUNK}enrollment_sdk_checkout.js`;
const CHUNK_WASM = `${CHUNK}enrollment_sdk_checkout_bg.wasm`;

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>enrollment only</title>
<link rel="stylesheet" href="/pkg/enrollment-sdk.css">
<script type="module" src="/split-test.js"></script>
</head><body><div id="card-form"></div><div id="checkout-form"></div></body></html>`;

// Enrolls only; exposes initCheckout for the test to call later, as a page would on a click.
const SCRIPT = `
import init, { initEnrollment, initCheckout } from '/pkg/enrollment_sdk.js';
window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI));
const post = async (path) => (await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json();
window.initCheckout = initCheckout;
window.checkoutSession = () => post('/demo/checkout-session');
await init();
await initEnrollment(await post('/demo/session'), { container: '#card-form' });
document.body.dataset.ready = 'true';
`;

/** The enrollment-only page under the sandbox's CSP, with every request and response recorded. */
async function openEnrollmentPage() {
  const csp = (await fetch(`${env.sandbox.url}/`)).headers.get('content-security-policy');
  assert.ok(csp, 'the sandbox sends a CSP with its pages');
  const context = await env.browser.newContext();
  const page = await context.newPage();
  await page.route(`${env.sandbox.url}/split-test.html`, (route) => route.fulfill({
    status: 200, contentType: 'text/html; charset=utf-8', headers: { 'content-security-policy': csp }, body: PAGE,
  }));
  await page.route(`${env.sandbox.url}/split-test.js`, (route) => route.fulfill({
    status: 200, contentType: 'text/javascript; charset=utf-8', body: SCRIPT,
  }));
  const requests = [];
  const responses = new Map();
  page.on('request', (request) => requests.push(new URL(request.url()).pathname));
  page.on('response', (response) => responses.set(new URL(response.url()).pathname, response.headers()['content-type']));
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${env.sandbox.url}/split-test.html`);
  await page.locator('body[data-ready="true"] #card-form input[autocomplete="cc-number"]').waitFor();
  await page.waitForLoadState('networkidle');
  return { context, page, requests, responses, errors };
}

/** Calls initCheckout in the page: what it resolved (a summary of the handle) or rejected with. */
function callInitCheckout(page) {
  return page.evaluate(async () => {
    const session = await window.checkoutSession();
    try {
      const checkout = await window.initCheckout(session, { container: '#checkout-form' });
      const handle = { ok: true, pay: typeof checkout.pay, unmount: typeof checkout.unmount };
      checkout.unmount();
      return handle;
    } catch (error) {
      return {
        ok: false, isError: error instanceof Error, name: error.name, code: error.code,
        retryable: error.retryable, message: error.message,
      };
    }
  });
}

const count = (requests, path) => requests.filter((p) => p === path).length;

test('an enrollment page never downloads the checkout chunk; the first initCheckout does, once', async () => {
  const { context, page, requests, responses, errors } = await openEnrollmentPage();
  assert.deepEqual(requests.filter((p) => p.startsWith(CHUNK)), [], 'no request for the checkout chunk');
  assert.ok(requests.includes('/pkg/enrollment_sdk_bg.wasm'), 'the enrollment wasm did load');

  const first = await callInitCheckout(page);
  assert.deepEqual(first, { ok: true, pay: 'function', unmount: 'function' });
  assert.equal(responses.get(CHUNK_GLUE), 'text/javascript; charset=utf-8');
  assert.equal(responses.get(CHUNK_WASM), 'application/wasm');

  const second = await callInitCheckout(page);
  assert.deepEqual(second, { ok: true, pay: 'function', unmount: 'function' });
  assert.equal(count(requests, CHUNK_GLUE), 1, 'the chunk glue is fetched once');
  assert.equal(count(requests, CHUNK_WASM), 1, 'the chunk wasm is fetched once');

  assert.deepEqual(await page.evaluate(() => window.cspViolations), [], 'the CSP allows the chunk');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a checkout chunk that fails to arrive rejects with a retryable NETWORK_ERROR; the next call loads it', async () => {
  const { context, page, requests } = await openEnrollmentPage();
  // The glue first, then (the glue arrived) the wasm its instantiation fetches.
  for (const path of [CHUNK_GLUE, CHUNK_WASM]) {
    const url = `${env.sandbox.url}${path}`;
    await page.route(url, (route) => route.abort('internetdisconnected'));
    const failed = await callInitCheckout(page);
    assert.equal(failed.ok, false, `${path} aborted: initCheckout must reject`);
    assert.equal(failed.isError, true);
    assert.equal(failed.name, 'EnrollmentError');
    assert.equal(failed.code, 'NETWORK_ERROR');
    assert.equal(failed.retryable, true);
    assert.ok(failed.message.length > 0);
    await page.unroute(url);
  }
  assert.equal(await page.locator('#checkout-form .es-checkout').count(), 0, 'nothing drawn after a failed load');

  const retried = await callInitCheckout(page);
  assert.deepEqual(retried, { ok: true, pay: 'function', unmount: 'function' });
  assert.ok(count(requests, CHUNK_WASM) >= 2, 'the wasm was asked for again');
  await context.close();
});
