// End to end: every declining test card shows its own message and leaves the form usable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VISA, SEL, assertNoCardData, assertNoProblems, fillCard, formShows, openDemo, retype, submitAndWait,
  waitForForm, withSandboxAndBrowser,
} from './helpers.mjs';

const DECLINES = [
  ['10', 'INSUFFICIENT_FUNDS'],
  ['28', 'DECLINED_BY_BANK'],
  ['36', 'DO_NOT_HONOR'],
  ['44', 'INVALID_SECURITY_CODE'],
  ['51', 'INVALID_CARD_DATA'],
  ['69', 'REPORTED_STOLEN'],
];

const env = withSandboxAndBrowser();

test('each decline shows its message and the same form then enrolls a good card', async () => {
  const { page, context, problems, consoleLines } = await openDemo(env.browser, env.sandbox.url);
  const messages = new Map();
  let first = true;
  for (const [i, [suffix, reason]] of DECLINES.entries()) {
    // Five declines lock a session (card-testing defence): half of them go to a fresh session.
    if (i === DECLINES.length / 2) {
      await page.reload();
      await waitForForm(page);
      first = true;
    }
    if (first) await fillCard(page, VISA(suffix));
    else await retype(page, 'number', VISA(suffix));
    first = false;

    const attempt = await submitAndWait(page);
    assert.equal(attempt.kind, 'no', `${suffix}: declined, got: ${attempt.text}`);
    assert.equal(attempt.code, 'CARD_DECLINED');
    assert.equal(attempt.declineReason, reason);
    assert.ok(attempt.message && attempt.message.length > 5, `${suffix}: a message is shown`);
    assert.ok(!attempt.message.includes(reason), `${suffix}: the message is for people, not the code`);
    // The form itself shows the message, next to its button.
    assert.equal(await formShows(page, attempt.message), true, `${suffix}: the form shows "${attempt.message}"`);
    messages.set(reason, attempt.message);

    // Still usable: every field enabled and the typed card kept for a correction.
    for (const field of ['number', 'expiry', 'cvc', 'holderName']) {
      assert.equal(await page.locator(SEL[field]).isEditable(), true, `${suffix}: ${field} is editable`);
    }
    assert.equal(await page.locator(SEL.submit).isEnabled(), true, `${suffix}: submit is enabled`);
    await assertNoCardData(page, consoleLines, VISA(suffix));
  }
  assert.equal(new Set(messages.values()).size, DECLINES.length, 'every reason has its own message');

  await retype(page, 'number', VISA('02'));
  const attempt = await submitAndWait(page);
  assert.equal(attempt.kind, 'ok', `the form still enrolls, got: ${attempt.text}`);

  assertNoProblems(problems);
  await context.close();
});
