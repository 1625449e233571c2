// src/transport.js on its own, in Node: which answers are retried, how long the backoff waits,
// when a try times out and what the caller's abort does. `fetch` and the timers are fakes that
// record what the transport asked for, so no test waits for real time; the same code runs against
// real sandboxes in tests/net.rs, tests/submit.rs and the e2e suite.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, test } from 'node:test';

import { send } from '../../src/transport.js';

const NETWORK = 0;
const TIMEOUT = 1;
const ABORTED = 2;

let timers; // pending fake timers: { id, fn, ms }
let delays; // every delay asked for, in order
let fetches; // every fetch: { url, init }
let answers; // what the next fetches do, in order
let nextId;
const real = {};

beforeEach(() => {
  timers = [];
  delays = [];
  fetches = [];
  answers = [];
  nextId = 1;
  Object.assign(real, {
    fetch: globalThis.fetch,
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    random: Math.random,
  });
  globalThis.setTimeout = (fn, ms) => {
    const id = nextId++;
    timers.push({ id, fn, ms });
    delays.push(ms);
    return id;
  };
  globalThis.clearTimeout = (id) => {
    timers = timers.filter((t) => t.id !== id);
  };
  globalThis.fetch = (url, init) => {
    fetches.push({ url, init });
    const next = answers.shift();
    if (next === 'hang') {
      // Never answers; rejects like a real fetch when its signal aborts.
      return new Promise((_, reject) =>
        init.signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
      );
    }
    if (next instanceof Error) return Promise.reject(next);
    return Promise.resolve({ status: next.status, text: () => Promise.resolve(next.text) });
  };
});

afterEach(() => {
  Object.assign(globalThis, { fetch: real.fetch, setTimeout: real.setTimeout, clearTimeout: real.clearTimeout });
  Math.random = real.random;
});

// Lets the promise callbacks run, then fires the timer of `ms` (a backoff or a timeout).
async function fire(ms) {
  for (let i = 0; i < 10; i++) await Promise.resolve();
  const timer = timers.find((t) => t.ms === ms);
  assert.ok(timer, `a timer of ${ms} ms is pending (pending: ${timers.map((t) => t.ms)})`);
  timers = timers.filter((t) => t !== timer);
  timer.fn();
}

const ok = (body) => ({ status: 201, text: JSON.stringify(body) });

test('a 2xx is the answer at once, its body parsed', async () => {
  answers = [ok({ id: 'pm_1', status: 'ENROLLED' })];
  const init = { method: 'POST' };
  const outcome = await send('http://127.0.0.1:1/v1/x', init, 4, 250, 15000);
  assert.deepEqual(outcome, { status: 201, body: { id: 'pm_1', status: 'ENROLLED' } });
  assert.equal(fetches.length, 1);
  assert.equal(fetches[0].url, 'http://127.0.0.1:1/v1/x');
  assert.ok(fetches[0].init.signal, 'each try has a signal of its own');
  assert.deepEqual(timers, [], 'the timeout is cleared');
});

test('4xx and 401 are final; a body that is not JSON reads as null', async () => {
  for (const [status, text, body] of [
    [400, '{"code":"INVALID_CARD","field":"number"}', { code: 'INVALID_CARD', field: 'number' }],
    [401, '<html>nope</html>', null],
    [409, '', null],
  ]) {
    answers = [{ status, text }];
    fetches = [];
    assert.deepEqual(await send('u', {}, 4, 250, 15000), { status, body });
    assert.equal(fetches.length, 1, `${status} is not retried`);
  }
});

test('429, 5xx and no answer are retried with the same init, with equal-jitter backoff', async () => {
  Math.random = () => 0.5;
  answers = [{ status: 503, text: '' }, { status: 429, text: '' }, new TypeError('offline'), ok({ id: 'pm_1' })];
  const init = { method: 'POST', body: '{}' };
  const outcome = send('u', init, 4, 250, 15000);
  // Step 250, 500, 1000: half fixed, half random (0.5 here).
  await fire(187.5);
  await fire(375);
  await fire(750);
  assert.deepEqual(await outcome, { status: 201, body: { id: 'pm_1' } });
  assert.equal(fetches.length, 4);
  assert.ok(fetches.every((f) => f.init === init), 'every try sends the same init (same key, same body)');
  assert.equal(new Set(fetches.map((f) => f.init.signal)).size, 1, 'the init carries the last try\'s signal');
});

test('the backoff stays within its jitter bounds and is capped at 8 s', async () => {
  for (const [random, expected] of [
    [0, [125, 250, 500, 1000, 2000, 4000, 4000]],
    [0.999999, [250, 500, 1000, 2000, 4000, 8000, 8000]],
  ]) {
    Math.random = () => random;
    delays = [];
    answers = Array.from({ length: 8 }, () => ({ status: 502, text: '{"code":"PROVIDER_ERROR"}' }));
    const outcome = send('u', {}, 8, 250, 15000);
    const backoffs = [];
    for (let i = 0; i < 7; i++) {
      for (let j = 0; j < 10; j++) await Promise.resolve();
      const timer = timers.find((t) => t.ms !== 15000);
      backoffs.push(Math.round(timer.ms));
      timers = timers.filter((t) => t !== timer);
      timer.fn();
    }
    assert.deepEqual(backoffs, expected);
    assert.deepEqual(await outcome, { status: 502, body: { code: 'PROVIDER_ERROR' } }, 'the last try is the answer');
  }
});

test('the last try\'s failure is the answer when every try fails', async () => {
  Math.random = () => 0;
  answers = [new TypeError('offline'), new TypeError('offline')];
  const outcome = send('u', {}, 2, 100, 15000);
  await fire(50);
  assert.deepEqual(await outcome, { status: NETWORK, body: null });
  assert.equal(fetches.length, 2);

  fetches = [];
  answers = [new TypeError('offline')];
  assert.deepEqual(await send('u', {}, 0, 100, 15000), { status: NETWORK, body: null }, '0 tries is one try');
  assert.equal(fetches.length, 1);
});

test('a fetch that throws at once is a failed try, not an exception', async () => {
  globalThis.fetch = () => {
    throw new TypeError('fetch replaced by the page');
  };
  assert.deepEqual(await send('u', {}, 1, 250, 15000), { status: NETWORK, body: null });
  assert.deepEqual(timers, [], 'the timeout is cleared');
});

test('a try that runs into its timeout is aborted and counts as TIMEOUT', async () => {
  answers = ['hang'];
  const outcome = send('u', {}, 1, 250, 15000);
  await fire(15000);
  assert.deepEqual(await outcome, { status: TIMEOUT, body: null });
  assert.ok(fetches[0].init.signal.aborted);
});

test('the caller\'s abort ends the try in flight, and no retry follows', async () => {
  const caller = new AbortController();
  answers = ['hang', ok({})];
  const outcome = send('u', {}, 4, 250, 15000, caller.signal);
  await Promise.resolve();
  caller.abort();
  assert.deepEqual(await outcome, { status: ABORTED, body: null });
  assert.equal(fetches.length, 1);
  assert.deepEqual(timers, [], 'no timeout or backoff left behind');

  fetches = [];
  assert.deepEqual(await send('u', {}, 4, 250, 15000, caller.signal), { status: ABORTED, body: null });
  assert.equal(fetches.length, 0, 'an aborted signal sends nothing');
});

test('an abort during the backoff ends the wait at once, and no retry follows', async () => {
  Math.random = () => 0;
  const caller = new AbortController();
  answers = [{ status: 500, text: '' }, ok({})];
  const outcome = send('u', {}, 4, 250, 15000, caller.signal);
  for (let j = 0; j < 10; j++) await Promise.resolve();
  assert.deepEqual(timers.map((t) => t.ms), [125], 'waiting out the backoff');
  caller.abort();
  assert.deepEqual(await outcome, { status: ABORTED, body: null });
  assert.equal(fetches.length, 1);
  assert.deepEqual(timers, [], 'the backoff timer is cleared');
});

test('a backoff that runs out leaves no abort listener behind', async () => {
  Math.random = () => 0;
  const caller = new AbortController();
  let listeners = 0;
  const add = caller.signal.addEventListener.bind(caller.signal);
  const remove = caller.signal.removeEventListener.bind(caller.signal);
  caller.signal.addEventListener = (...a) => (listeners++, add(...a));
  caller.signal.removeEventListener = (...a) => (listeners--, remove(...a));
  answers = [{ status: 500, text: '' }, ok({ id: 'pm_1' })];
  const outcome = send('u', {}, 4, 250, 15000, caller.signal);
  await fire(125);
  assert.deepEqual(await outcome, { status: 201, body: { id: 'pm_1' } });
  assert.equal(listeners, 0);
});
