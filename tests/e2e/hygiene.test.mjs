// End to end: data hygiene and hostile text. After a full run through the demo (an enrollment, a
// decline, an expired session and its recovery) against a sandbox on a database file, the card
// numbers and CVCs typed appear nowhere: not in the database files, not in the server's output,
// not in the browser console, not in any event or error the SDK handed out, not in the page
// after success. And text from outside (merchant messages) is shown as text, never as markup.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ROOT, SEL, assertNoProblems, fillCard, openDemo, retype, startSandbox, submitAndWait, typeInto, waitForForm,
  withSandboxAndBrowser,
} from './helpers.mjs';

// Test cards of DESIGN §6 with CVCs of their own, so that each can be searched for.
const CARDS = [
  { number: '4507990000000002', cvc: '864', outcome: 'ok' },
  { number: '4507990000000010', cvc: '597', outcome: 'no' },
  { number: '5252440000000002', cvc: '731', outcome: 'ok' },
];

// Served in place of /pkg/enrollment_sdk.js: the real module, with every callback the page
// passes to initEnrollment tapped, so the test sees each payload the SDK hands out.
const TAPPED_MODULE = `
import init, * as real from '/pkg/enrollment_sdk.js?untapped';
export * from '/pkg/enrollment_sdk.js?untapped';
export default init;
function plain(value, depth = 0) {
  if (value === null || typeof value !== 'object' || depth > 6) return value === undefined ? null : value;
  if (typeof Node !== 'undefined' && value instanceof Node) return '[node ' + value.nodeName + ']';
  const out = {};
  for (const key of Object.getOwnPropertyNames(value)) out[key] = plain(value[key], depth + 1);
  if (value instanceof Error) Object.assign(out, { name: value.name, message: value.message, stack: value.stack });
  return out;
}
export async function initEnrollment(token, options = {}) {
  const tapped = { ...options };
  for (const name of ['onReady', 'onChange', 'onLoading', 'onSuccess', 'onError']) {
    const original = options[name];
    tapped[name] = (...args) => {
      window.__sdkEvent(name, JSON.stringify(plain(args)));
      return original?.(...args);
    };
  }
  return real.initEnrollment(token, tapped);
}
`;

let dir;
let dbPath;

// Runs before the shared hooks, which start the sandbox on this database file.
before(() => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-hygiene-'));
  dbPath = join(dir, 'sandbox.sqlite3');
});

const env = withSandboxAndBrowser(() => ['--db', dbPath]);

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** The number as typed (grouped) and as digits; the CVC as a token of its own. */
function leaks(text, what) {
  const found = [];
  const squeezed = text.replace(/[\s-]/g, '');
  // Three digits also occur by chance inside ids (hex, UUIDs), ISO timestamps' milliseconds and
  // stack positions (file:line:column): those are blanked before looking for a CVC.
  const tokens = text
    .replace(/\d{4}-\d{2}-\d{2}T[\d:.]+Z?/g, '_')
    .replace(/[0-9a-fA-F-]{8,}/g, '_')
    .replace(/:\d+:\d+/g, ':_:_');
  for (const { number, cvc } of CARDS) {
    if (squeezed.includes(number)) found.push(`${what}: card number ${number.slice(-4)}`);
    if (new RegExp(`(^|\\D)${cvc}(\\D|$)`).test(tokens)) found.push(`${what}: CVC of card ${number.slice(-4)}`);
  }
  if (/security_code/.test(text)) found.push(`${what}: a security_code field`);
  return found;
}

/** Bytes of the database, its WAL and shared memory (searched as Latin-1 so every byte maps). */
function databaseFiles() {
  return readdirSync(dir).map((name) => [name, readFileSync(join(dir, name)).toString('latin1')]);
}

function databaseLeaks() {
  const found = [];
  for (const [name, bytes] of databaseFiles()) {
    for (const { number, cvc } of CARDS) {
      const grouped = number.replace(/(\d{4})(?=\d)/g, '$1 ');
      if (bytes.includes(number) || bytes.includes(grouped)) found.push(`${name}: card number ${number.slice(-4)}`);
      // A CVC could be stored as a JSON string or number; three digits alone also occur in
      // random bytes, so look for it as a value.
      for (const form of [`"${cvc}"`, `:${cvc},`, `:${cvc}}`]) {
        if (bytes.includes(form)) found.push(`${name}: CVC ${form} of card ${number.slice(-4)}`);
      }
    }
    if (bytes.includes('security_code')) found.push(`${name}: a security_code field`);
  }
  return found;
}

test('no card number or CVC anywhere after enroll, decline and an expired session', async () => {
  const { page, context, problems, consoleLines } = await openDemo(env.browser, env.sandbox.url);
  const events = [];
  await context.exposeBinding('__sdkEvent', (_source, name, payload) => events.push({ name, payload }));
  await context.route('**/pkg/enrollment_sdk.js', (route) => route.fulfill({
    status: 200, contentType: 'text/javascript', body: TAPPED_MODULE,
  }));
  // Again, with the tap in place (and a new session of the demo customer).
  await page.reload();
  await waitForForm(page);

  // 1. An enrollment; the form clears the card once it is vaulted (number and CVC: the expiry
  // and the name stay for the next card, by the SDK's design, and are no secret alone).
  const [good, declined, afterExpiry] = CARDS;
  await fillCard(page, good.number, { expiry: '1128', cvc: good.cvc, holderName: 'Ada Lovelace' });
  const enrolled = await submitAndWait(page);
  assert.equal(enrolled.kind, 'ok', enrolled.text);
  for (const field of ['number', 'cvc']) {
    assert.equal(await page.locator(SEL[field]).inputValue(), '', `${field} is cleared after success`);
  }

  // 2. A decline.
  await typeInto(page, 'number', declined.number);
  await typeInto(page, 'cvc', declined.cvc);
  const no = await submitAndWait(page);
  assert.equal(no.code, 'CARD_DECLINED', no.text);

  // 3. The session expires under a typed card, a new one is started, and the card goes through.
  await retype(page, 'number', afterExpiry.number);
  await retype(page, 'cvc', afterExpiry.cvc);
  await page.locator('#expire-session').click();
  await page.locator('#session-status.status--expired').waitFor();
  const expired = await submitAndWait(page);
  assert.equal(expired.code, 'SESSION_EXPIRED', expired.text);
  await page.locator('#new-session').click();
  await page.locator('#form-notice[data-state="renewed"]').waitFor();
  const recovered = await submitAndWait(page);
  assert.equal(recovered.kind, 'ok', recovered.text);
  assert.match(recovered.card, /0002$/);
  // Saved cards and webhooks are on the page too: wait for both enrollments to show.
  await page.waitForFunction(() => document.querySelectorAll('#saved-cards > li').length === 2);
  await page.waitForFunction(() => document.querySelectorAll('#webhooks > li').length >= 3);

  // The tap saw what the SDK handed out (so the checks below are not vacuous).
  const named = (name) => events.filter((e) => e.name === name);
  assert.equal(named('onSuccess').length, 2, 'two successes');
  const errors = named('onError').map((e) => JSON.parse(e.payload)[0]);
  assert.deepEqual(errors.map((e) => e.code), ['CARD_DECLINED', 'SESSION_EXPIRED']);
  assert.ok(errors.every((e) => e.stack), 'errors are real Errors, stack included');
  assert.ok(named('onChange').length > 20, 'a change event per keystroke or so');
  assert.ok(named('onChange').some((e) => JSON.parse(e.payload)[0].last4 === '0002'), 'onChange carries last4');

  // The page after success: inputs empty, and no number or CVC in the whole document.
  for (const field of ['number', 'cvc']) {
    assert.equal(await page.locator(SEL[field]).inputValue(), '', `${field} is cleared after success`);
  }
  const html = await page.evaluate(() => {
    const values = [...document.querySelectorAll('input')].map((i) => i.value).join(' ');
    // The demo's static table of test cards prints them on purpose; everything else counts.
    const copy = document.documentElement.cloneNode(true);
    const table = copy.querySelector('table.test-cards');
    if (!table) return null;
    table.remove();
    return `${copy.outerHTML}\n${values}`;
  });
  assert.ok(html, 'the test-cards table was found and left out');
  assert.deepEqual(leaks(html, 'DOM'), []);

  assert.deepEqual(events.flatMap((e) => leaks(e.payload, `${e.name} payload`)), []);
  assert.deepEqual(consoleLines.flatMap((line) => leaks(line, 'console')), []);
  assertNoProblems(problems, { allowStatuses: [401] });
  await context.close();

  // The database files while the server runs (recent writes sit in the WAL)…
  assert.ok(databaseFiles().some(([name]) => name.endsWith('-wal')), 'the WAL is there to search');
  assert.deepEqual(databaseLeaks(), []);
  // …the server's output…
  const output = env.sandbox.fullOutput();
  assert.match(output, /POST \/v1\/sdk\/payment-methods 201/, 'the request log was captured');
  assert.deepEqual(leaks(output, 'server output'), []);
  // …and the database after a clean stop.
  await env.sandbox.stop();
  assert.deepEqual(databaseLeaks(), []);
  assert.deepEqual(leaks(env.sandbox.fullOutput(), 'server output'), []);
});

test('merchant messages with markup are shown as text, and nothing in the page parses markup', async () => {
  const restarted = await startSandbox();
  try {
    const { page, context, problems } = await openDemo(env.browser, restarted.url);
    const hostile = '<b>x</b><img src=x onerror="window.__pwned=1">';
    const shown = await page.evaluate(async (label) => {
      const sdk = await import('/pkg/enrollment_sdk.js');
      await sdk.default();
      const response = await fetch('/demo/session', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"fresh_customer":true}',
      });
      const session = await response.json();
      const container = document.createElement('div');
      container.id = 'hostile-form';
      document.body.append(container);
      const enrollment = await sdk.initEnrollment(session, { container, locale: 'en', messages: { numberLabel: label } });
      const input = container.querySelector('input[autocomplete="cc-number"]');
      const labelNode = input?.labels?.[0] ?? container.querySelector(`label[for="${input?.id}"]`);
      const result = {
        label: labelNode?.textContent ?? null,
        elements: container.querySelectorAll('b, img, script').length,
        pwned: window.__pwned ?? null,
      };
      enrollment.unmount();
      container.remove();
      return result;
    }, hostile);
    assert.ok(shown.label?.includes(hostile), `the label is the literal text, got ${JSON.stringify(shown.label)}`);
    assert.equal(shown.elements, 0, 'no element was made from the text');
    assert.equal(shown.pwned, null, 'no handler ran');
    assertNoProblems(problems);
    await context.close();
  } finally {
    await restarted.stop();
  }

  // The demo page and the SDK put outside text in with textContent only: no HTML sink at all.
  const sinks = /\.innerHTML\s*=|outerHTML\s*=|insertAdjacentHTML|document\.write|set_inner_html|set_outer_html|insert_adjacent_html/;
  for (const file of ['www/app.js', 'src/form/dom.rs', 'src/form/mod.rs', 'src/api.rs', 'src/submit.rs']) {
    const source = readFileSync(join(ROOT, file), 'utf8');
    assert.doesNotMatch(source, sinks, `${file} writes markup`);
  }
});
