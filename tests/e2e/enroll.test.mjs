// End to end: a card is enrolled through the demo page and shows up as a token, a saved card and a
// signed webhook; the processor-error card (…77) is recovered by the SDK's automatic retry.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VISA, SEL, assertNoCardData, assertNoProblems, digits, fillCard, openDemo, submitAndWait,
  withSandboxAndBrowser,
} from './helpers.mjs';

const env = withSandboxAndBrowser();

test('enrolling 4507990000000002 shows the vaulted token, the saved card and the signed webhook', async () => {
  const { page, context, problems, consoleLines } = await openDemo(env.browser, env.sandbox.url);
  const number = VISA('02');
  await fillCard(page, number);
  assert.equal(digits(await page.locator(SEL.number).inputValue()), number, 'the number was typed in full');

  const attempt = await submitAndWait(page);
  assert.equal(attempt.kind, 'ok', `enrolled, got: ${attempt.text}`);
  assert.match(attempt.vaultedToken ?? '', /\S{8,}/, 'a vaulted token is shown');
  assert.match(attempt.card, /Visa/);
  assert.match(attempt.card, /0002$/);

  // The saved-cards list is refreshed with the new card.
  const saved = page.locator(`#saved-cards > li[data-token="${attempt.vaultedToken}"]`);
  await saved.waitFor();
  assert.match(await saved.textContent(), /•••• 0002/);

  // The demo backend received the enrollment webhook and its signature checked out.
  const hook = page.locator(`#webhooks > li[data-token="${attempt.vaultedToken}"]`);
  await hook.waitFor();
  assert.equal(await hook.getAttribute('data-signature'), 'valid');
  assert.match(await hook.textContent(), /Signature valid/);
  assert.match(await hook.textContent(), /ENROLLED/);
  assert.match(await hook.textContent(), /enrollment\.enroll/);

  // After success the number and CVC are cleared; nothing on the page or in the console carries them.
  assert.equal(await page.locator(SEL.number).inputValue(), '');
  assert.equal(await page.locator(SEL.cvc).inputValue(), '');
  await assertNoCardData(page, consoleLines, number);
  assertNoProblems(problems);
  await context.close();
});

test('the processor-error card (…77) is recovered by the automatic retry with the same idempotency key', async () => {
  const { page, context, problems, consoleLines } = await openDemo(env.browser, env.sandbox.url);
  const tries = [];
  page.on('response', (response) => {
    const request = response.request();
    if (request.method() === 'POST' && new URL(response.url()).pathname === '/v1/sdk/payment-methods') {
      tries.push({ status: response.status(), key: request.headers()['x-idempotency-key'] });
    }
  });
  const number = VISA('77');
  await fillCard(page, number);
  const attempt = await submitAndWait(page);

  assert.equal(attempt.kind, 'ok', `recovered, got: ${attempt.text}`);
  assert.match(attempt.card, /0077$/);
  assert.deepEqual(tries.map((t) => t.status), [502, 201], 'one 502, then the retry succeeds');
  assert.ok(tries[0].key, 'the request carries an idempotency key');
  assert.equal(tries[1].key, tries[0].key, 'the retry reuses the key');
  await page.locator(`#saved-cards > li[data-token="${attempt.vaultedToken}"]`).waitFor();

  await assertNoCardData(page, consoleLines, number);
  assertNoProblems(problems, { allowStatuses: [502] });
  await context.close();
});
