// End to end: the card-testing defence as a customer meets it. Five declines lock the session and
// the form says why, in the customer's language; a customer over its hourly declines is refused
// on a brand-new session too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VISA, SEL, assertNoCardData, assertNoProblems, fillCard, formShows, openDemo, retype, startSandbox,
  submitAndWait, waitForForm, withSandboxAndBrowser,
} from './helpers.mjs';

const DECLINING = ['10', '28', '36', '44', '51', '69'];
// A word each locale's message must use: it says the cards were declined, not "try again".
const SAYS_DECLINED = { en: /declined/i, es: /rechaz/i, pt: /recusad/i };
const NO = { en: 'no', es: 'no', pt: 'não' };

const env = withSandboxAndBrowser();
let strict;

before(async () => {
  // A sandbox whose customers may have only two declines an hour.
  strict = await startSandbox(['--customer-decline-limit', '2']);
});

after(async () => {
  await strict?.stop();
});

/** Submits `times` declining cards; returns the last attempt. */
async function declineTimes(page, times) {
  let attempt = null;
  for (let i = 0; i < times; i += 1) {
    const number = VISA(DECLINING[i % DECLINING.length]);
    if (i === 0) await fillCard(page, number);
    else await retype(page, 'number', number);
    attempt = await submitAndWait(page);
    assert.equal(attempt.code, 'CARD_DECLINED', `decline ${i + 1}: ${attempt.text}`);
  }
  return attempt;
}

for (const locale of ['en', 'es', 'pt']) {
  test(`${locale}: after five declines the session is locked and the form says why`, async () => {
    const { page, context, problems, consoleLines } = await openDemo(env.browser, env.sandbox.url, { locale });
    const declinedMessage = (await declineTimes(page, 5)).message;

    // The sixth attempt, even with a good card, is refused.
    await retype(page, 'number', VISA('02'));
    const locked = await submitAndWait(page);
    assert.equal(locked.kind, 'error', locked.text);
    assert.equal(locked.code, 'SESSION_LOCKED');
    assert.equal(locked.retryable, NO[locale], 'not retryable');
    assert.ok(locked.message && locked.message.length > 30, `a message that explains: ${locked.message}`);
    assert.match(locked.message, SAYS_DECLINED[locale], `${locale}: the message says why: ${locked.message}`);
    assert.ok(!locked.message.includes('SESSION_LOCKED'), 'the message is for people, not the code');
    assert.notEqual(locked.message, declinedMessage, 'not the same as a single decline');
    assert.equal(await formShows(page, locked.message), true, `the form shows "${locked.message}"`);

    // Again: still locked, nothing enrolled, no card data shown or logged.
    const again = await submitAndWait(page);
    assert.equal(again.code, 'SESSION_LOCKED');
    assert.equal(await page.locator('#saved-cards > li').count(), 0);
    await assertNoCardData(page, consoleLines, VISA('02'));
    assertNoProblems(problems, { allowStatuses: [423] });
    await context.close();
  });
}

test('a customer over its hourly declines is refused on a new session too', async () => {
  const { page, context, problems } = await openDemo(env.browser, strict.url);
  await declineTimes(page, 2);
  // A new session (the merchant backend hands them out freely) does not reset the count.
  await page.reload();
  await waitForForm(page);
  await fillCard(page, VISA('02'));
  const locked = await submitAndWait(page);
  assert.equal(locked.code, 'SESSION_LOCKED', locked.text);
  assert.match(locked.message, SAYS_DECLINED.en);
  assert.equal(await formShows(page, locked.message), true);
  assert.equal(await page.locator(SEL.submit).isEnabled(), true, 'the form stays usable');
  assertNoProblems(problems, { allowStatuses: [423] });
  await context.close();
});
