// End to end: an expired session shows SESSION_EXPIRED and recovers with a new session (updateToken)
// without the customer retyping the card.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VISA, SEL, assertNoProblems, digits, fillCard, formShows, openDemo, submitAndWait, withSandboxAndBrowser,
} from './helpers.mjs';

const env = withSandboxAndBrowser();

test('expired session: the error, then "Start a new session" and submit again without retyping', async () => {
  const { page, context, problems } = await openDemo(env.browser, env.sandbox.url);
  const number = VISA('02');
  await fillCard(page, number);
  const firstSession = await page.locator('#session-id').textContent();
  assert.match(firstSession, /^cs_/);

  await page.locator('#expire-session').click();
  await page.locator('#session-status.status--expired').waitFor();
  assert.equal(await page.locator('#expire-session').isDisabled(), true);

  const expired = await submitAndWait(page);
  assert.equal(expired.kind, 'error', `rejected, got: ${expired.text}`);
  assert.equal(expired.code, 'SESSION_EXPIRED');
  assert.ok(expired.message && expired.message.length > 5, 'a message is shown');
  assert.equal(await formShows(page, expired.message), true, `the form shows "${expired.message}"`);

  // What the customer typed is still there.
  assert.equal(digits(await page.locator(SEL.number).inputValue()), number);

  const renew = page.locator('#new-session');
  await renew.focus();
  await page.keyboard.press('Enter');
  await page.locator('#form-notice[data-state="renewed"]').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'form-notice', 'focus lands on the next step');
  const secondSession = await page.locator('#session-id').textContent();
  assert.notEqual(secondSession, firstSession, 'a new session');
  assert.match(await page.locator('#session-status').getAttribute('class'), /status--active/);

  assert.equal(digits(await page.locator(SEL.number).inputValue()), number, 'the number was not retyped');
  assert.notEqual(await page.locator(SEL.cvc).inputValue(), '', 'the CVC was kept');
  const enrolled = await submitAndWait(page);
  assert.equal(enrolled.kind, 'ok', `enrolled with the new session, got: ${enrolled.text}`);
  assert.match(enrolled.card, /0002$/);

  assertNoProblems(problems, { allowStatuses: [401] });
  await context.close();
});
