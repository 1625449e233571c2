// End to end, crash safety (issue 7): 50 real SDK forms in headless Chromium submit at once against
// the sandbox with chaos on; the sandbox is killed with SIGKILL mid-burst and started again on the
// same port and database file. Every enrollment the SDK reported is stored exactly once, none exists
// that it did not report, and every one has exactly one verified webhook event after dedup by id.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CARD, ROOT, VISA, launchBrowser, sandboxBinary, servedDirs } from './helpers.mjs';

const FORMS = 50;
// Killed once this many first submits have settled, so that most of the burst is still in flight
// (queued in the browser or on the wire) when the process dies.
const KILL_AT = 12;
const CHAOS_RATE = '0.3';
// Down this long before the restart: the SDK's first retries meet a closed port, its later ones
// (backoff 125–250 ms, then 250–500, then 500–1000) land on the new process.
const DOWN_MS = 250;
// Fixed for both processes: the tokens the forms hold and the webhook signatures must stay valid
// across the restart.
const SECRET_KEY = `sk_test_${randomBytes(24).toString('hex')}`;
const WEBHOOK_SECRET = `whsec_${randomBytes(24).toString('hex')}`;

// Hang guards, not speed assertions: each fails with a message saying what never happened.
const START_GUARD_MS = 60_000;
const RESTART_GUARD_MS = 30_000;
const SETTLE_GUARD_MS = 150_000;
const WEBHOOK_GUARD_MS = 30_000;
const MAX_RESUBMIT_ROUNDS = 10;
// GET /demo/webhooks lists the newest 100 rows; more would hide older events from the check.
const WEBHOOK_LIST_CAP = 100;

const dir = mkdtempSync(join(tmpdir(), 'enrollment-crash-'));
const dbFile = join(dir, 'sandbox.sqlite3');
let sandbox;
let browser;

/** One run of the real binary on `port` (0: a free one) over the shared database file. */
function startProcess(port) {
  const child = spawn(sandboxBinary(), [
    '--host', '127.0.0.1', '--port', String(port), '--db', dbFile, '--demo',
    '--chaos-rate', CHAOS_RATE, '--secret-key', SECRET_KEY, '--webhook-secret', WEBHOOK_SECRET,
    '--quiet', ...servedDirs(),
  ], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = [];
  const exited = new Promise((done) => child.once('exit', (code, signal) => done(code ?? signal)));
  const url = new Promise((resolveUrl, reject) => {
    const guard = setTimeout(() => reject(new Error(`sandbox did not start:\n${lines.join('\n')}`)), START_GUARD_MS);
    const onData = (chunk) => {
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        lines.push(line);
        if (lines.length > 100) lines.shift();
        const match = /sandbox listening on (http:\/\/127\.0\.0\.1:(\d+))/.exec(line);
        if (match) {
          clearTimeout(guard);
          resolveUrl(match[1]);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then((how) => {
      clearTimeout(guard);
      reject(new Error(`sandbox exited (${how}) before listening:\n${lines.join('\n')}`));
    });
  });
  return {
    child,
    url,
    exited,
    output: () => lines.join('\n'),
    running: () => child.exitCode === null && child.signalCode === null,
  };
}

/**
 * Starts the sandbox again on `port` right after a kill. The port is normally free at once (the
 * server binds with SO_REUSEADDR); a failed bind is retried until the guard runs out.
 */
async function restartOn(port) {
  const deadline = Date.now() + RESTART_GUARD_MS;
  for (;;) {
    const proc = startProcess(port);
    try {
      await proc.url;
      return proc;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`restart on port ${port} failed: ${error.message}`);
      await new Promise((done) => setTimeout(done, 50));
    }
  }
}

async function stopProcess(proc) {
  if (!proc?.running()) return;
  proc.child.kill('SIGTERM');
  await proc.exited;
}

async function api(base, path, { method = 'GET', body, merchant = false } = {}) {
  const headers = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (merchant) headers['private-secret-key'] = SECRET_KEY;
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text);
}

/** `promise`, or a failure saying what never happened (`what()`) once `guardMs` ran out. */
async function within(promise, guardMs, what) {
  let guard;
  const timeout = new Promise((_, reject) => {
    guard = setTimeout(() => reject(new Error(`${what()} (after ${guardMs / 1000} s)`)), guardMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(guard);
  }
}

/** Polls `probe` until it returns a truthy value; fails with `what` when the guard runs out. */
async function eventually(probe, what, guardMs) {
  const deadline = Date.now() + guardMs;
  let last;
  for (;;) {
    last = await probe();
    if (last.done) return last;
    if (Date.now() > deadline) assert.fail(`${what} (after ${guardMs / 1000} s): ${last.why}`);
    await new Promise((done) => setTimeout(done, 250));
  }
}

before(async () => {
  sandbox = startProcess(0);
  await sandbox.url;
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stopProcess(sandbox);
  rmSync(dir, { recursive: true, force: true });
});

test('kill -9 mid-burst of 50 browser enrollments (chaos on): nothing lost, nothing twice, every webhook once', { timeout: 300_000 }, async (t) => {
  const firstUrl = await sandbox.url;
  const port = Number(new URL(firstUrl).port);

  // 50 customers of their own, so that no limit shared between forms can interfere.
  const sessions = [];
  for (let i = 0; i < FORMS; i += 1) {
    sessions.push(await api(firstUrl, '/demo/session', { method: 'POST', body: { fresh_customer: true } }));
  }
  assert.equal(new Set(sessions.map((s) => s.customer_id)).size, FORMS, 'one customer per session');

  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  // The demo page gives the sandbox's origin and CSP; its own scripts (a demo form, webhook
  // polling) are replaced by empty modules so that only this test's forms talk to the sandbox.
  await page.route(/\/(app|checkout)\.js$/, (route) => route.fulfill({
    status: 200, contentType: 'text/javascript', body: '',
  }));
  const pageErrors = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // What went over the wire for enrollments, for the report: tries, answers, broken connections.
  const wire = { tries: 0, statuses: {}, failed: 0, replayed: 0 };
  const isEnroll = (request) => request.method() === 'POST' && new URL(request.url()).pathname === '/v1/sdk/payment-methods';
  page.on('request', (request) => { if (isEnroll(request)) wire.tries += 1; });
  page.on('response', (response) => {
    if (!isEnroll(response.request())) return;
    wire.statuses[response.status()] = (wire.statuses[response.status()] ?? 0) + 1;
    // A retry of an enrollment whose first answer was lost (killed, or closed by chaos).
    if (response.headers()['idempotent-replayed'] === 'true') wire.replayed += 1;
  });
  page.on('requestfailed', (request) => { if (isEnroll(request)) wire.failed += 1; });

  // Settlement of the first burst is reported to the test one by one; the kill happens from inside
  // that callback, with no extra round trip.
  const firstRound = new Array(FORMS).fill(null);
  let settled = 0;
  let killedAt = null;
  let allSettled;
  const allSettledPromise = new Promise((done) => { allSettled = done; });
  await page.exposeFunction('__crashSettled', (index, outcome) => {
    firstRound[index] = outcome;
    settled += 1;
    if (killedAt === null && settled >= KILL_AT) {
      sandbox.child.kill('SIGKILL');
      killedAt = {
        settled,
        succeeded: firstRound.filter((o) => o?.ok).length,
        time: Date.now(),
      };
    }
    if (settled === FORMS) allSettled();
  });

  await page.goto(`${firstUrl}/`);
  // Mounted through the DevTools protocol: the page's CSP (script-src 'self') refuses inline script,
  // and a dynamic import of the package from the page's own origin is what a merchant module does.
  await page.evaluate(async ({ sessions, number, card }) => {
    const sdk = await import('/pkg/enrollment_sdk.js');
    await sdk.default();
    const type = (input, text) => {
      input.focus();
      input.value = text;
      input.setSelectionRange(text.length, text.length);
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: text }));
      input.blur();
    };
    window.crashForms = [];
    for (const [index, session] of sessions.entries()) {
      const container = document.createElement('div');
      container.id = `crash-form-${index}`;
      document.body.append(container);
      const entry = { successes: [], form: null };
      entry.form = await sdk.initEnrollment(session, {
        container,
        locale: 'en',
        hideSubmitButton: true,
        onSuccess(result) { entry.successes.push(result.vaultedToken); },
      });
      const field = (token) => container.querySelector(`input[autocomplete="${token}"]`);
      type(field('cc-number'), number);
      type(field('cc-exp'), card.expiry);
      type(field('cc-csc'), card.cvc);
      type(field('cc-name'), card.holderName);
      window.crashForms.push(entry);
    }
    // The outcome of one submit, without the error's message (it never carries card data, but the
    // code and the retryable flag are all the test needs).
    window.crashSubmit = (index) => window.crashForms[index].form.submit().then(
      (result) => ({ ok: true, token: result.vaultedToken, at: Date.now() }),
      (error) => ({ ok: false, code: error.code, retryable: error.retryable, at: Date.now() }),
    );
  }, { sessions, number: VISA('02'), card: CARD });

  // The whole burst at once; the kill lands while it is in flight.
  await page.evaluate((count) => {
    for (let index = 0; index < count; index += 1) {
      window.crashSubmit(index).then((outcome) => window.__crashSettled(index, outcome));
    }
  }, FORMS);

  await within(sandbox.exited, SETTLE_GUARD_MS,
    () => `the sandbox was never killed: only ${settled} submits settled`);
  assert.ok(killedAt, `the sandbox died before the kill: ${sandbox.output()}`);
  await new Promise((done) => setTimeout(done, Math.max(0, DOWN_MS - (Date.now() - killedAt.time))));
  sandbox = await restartOn(port);
  const downMs = Date.now() - killedAt.time;
  assert.equal(await sandbox.url, firstUrl, 'restarted on the same port');

  await within(allSettledPromise, SETTLE_GUARD_MS,
    () => `only ${settled} of ${FORMS} first submits settled`);
  // Same machine, same wall clock: a submit that settled after the kill was in flight during it.
  const inFlight = firstRound.filter((o) => o.at >= killedAt.time).length;
  assert.ok(inFlight > 0, 'the kill happened while submits were still in flight');

  const tally = (outcomes) => outcomes.reduce((acc, o) => {
    const key = o.ok ? 'ENROLLED' : o.code;
    acc[key] = (acc[key] ?? 0) + 1;
    return acc;
  }, {});
  const firstTally = tally(firstRound);

  // "After its retries": each retryable failure is submitted again (same card, so the SDK reuses
  // its idempotency key) until it resolves; any other failure fails the test.
  const outcomes = [...firstRound];
  let resubmits = 0;
  let rounds = 0;
  for (; rounds < MAX_RESUBMIT_ROUNDS; rounds += 1) {
    const failed = outcomes.flatMap((o, index) => (o.ok ? [] : [index]));
    if (failed.length === 0) break;
    for (const index of failed) {
      const o = outcomes[index];
      assert.ok(o.retryable && ['NETWORK_ERROR', 'SERVER_ERROR'].includes(o.code),
        `form ${index} failed with ${o.code} (retryable: ${o.retryable}), not a retryable network or server error`);
    }
    resubmits += failed.length;
    const again = await page.evaluate((indices) => Promise.all(indices.map((i) => window.crashSubmit(i))), failed);
    failed.forEach((index, k) => { outcomes[index] = again[k]; });
  }
  const stillFailing = outcomes.filter((o) => !o.ok).map((o) => o.code);
  assert.deepEqual(stillFailing, [], `every form enrolled within ${MAX_RESUBMIT_ROUNDS} resubmit rounds`);

  // What the SDK told the merchant: one onSuccess per form, with the token the promise gave.
  const reported = await page.evaluate(() => window.crashForms.map((entry) => entry.successes));
  for (const [index, successes] of reported.entries()) {
    assert.deepEqual(successes, [outcomes[index].token], `form ${index}: onSuccess ran exactly once, with its result's token`);
  }
  const tokens = outcomes.map((o) => o.token);
  assert.equal(new Set(tokens).size, FORMS, 'every form got a token of its own');

  // What the database holds, through the merchant API: exactly the reported method per customer.
  for (const [index, session] of sessions.entries()) {
    const { payment_methods: methods } = await api(firstUrl, `/v1/customers/${session.customer_id}/payment-methods`, { merchant: true });
    assert.deepEqual(
      methods.map((m) => ({ token: m.vaulted_token, status: m.status })),
      [{ token: tokens[index], status: 'ENROLLED' }],
      `customer of form ${index} has exactly the one enrollment the SDK reported`,
    );
  }

  // Webhooks: after dedup by event id, one verified enrollment event per reported method, none for
  // anything else. Events in flight at the kill come again from the durable outbox.
  const expected = new Set(tokens);
  const { rows, byToken } = await eventually(async () => {
    const { webhooks: list } = await api(firstUrl, '/demo/webhooks');
    const events = new Map();
    for (const row of list) events.set(row.event_id, row);
    const perToken = new Map();
    for (const row of events.values()) {
      const token = row.payload?.data?.payment_method?.vaulted_token;
      perToken.set(token, [...(perToken.get(token) ?? []), row]);
    }
    const missing = tokens.filter((token) => !perToken.has(token)).length;
    return { done: missing === 0, why: `${missing} of ${FORMS} enrollments have no webhook event yet`, rows: list, byToken: perToken };
  }, 'every enrollment\'s webhook arrives', WEBHOOK_GUARD_MS);

  assert.ok(rows.length < WEBHOOK_LIST_CAP, `${rows.length} webhook rows: the list may be cut off at ${WEBHOOK_LIST_CAP}`);
  assert.deepEqual(rows.filter((row) => !row.verified).map((row) => row.event_id), [], 'every delivery carries a valid signature');
  for (const [token, events] of byToken) {
    assert.ok(expected.has(token), `a webhook event for a payment method the SDK never reported (${events[0].type_event})`);
    assert.equal(events.length, 1, `one event id per enrollment (${token})`);
    assert.equal(events[0].type_event, 'enrollment.enroll');
    assert.equal(events[0].payload.data.payment_method.status, 'ENROLLED');
  }
  assert.equal(byToken.size, FORMS, 'exactly one event per enrollment');

  assert.deepEqual(pageErrors, [], 'no uncaught error in the page');
  const redelivered = rows.length - byToken.size;
  t.diagnostic(`first burst: ${killedAt.settled} settled (${killedAt.succeeded} enrolled) before the kill, ${inFlight} still in flight; `
    + `sandbox back after ${downMs} ms; first-round outcomes ${JSON.stringify(firstTally)}`);
  t.diagnostic(`resubmits: ${resubmits} in ${rounds} round(s); webhooks: ${rows.length} deliveries, `
    + `${byToken.size} distinct events, ${redelivered} redelivered duplicates`);
  t.diagnostic(`enrollment requests: ${wire.tries} tries, answers ${JSON.stringify(wire.statuses)} `
    + `(${wire.replayed} replays of a stored answer), `
    + `${wire.failed} without an answer (connection refused, reset by the kill, or closed by chaos)`);
  await context.close();
});
