// End to end: axe-core finds no WCAG 2.1 A/AA violation with the form rendered, with field errors
// shown and after a decline, on a desktop and a phone viewport.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, PHONE, VISA, SEL, assertNoProblems, fillCard, openDemo, runAxe, submitAndWait,
  withSandboxAndBrowser,
} from './helpers.mjs';

const env = withSandboxAndBrowser();

function report(violations) {
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.join('\n    ')}`).join('\n');
}

for (const [name, viewport, locale] of [['desktop', DESKTOP, 'en'], ['phone', PHONE, 'pt']]) {
  test(`axe WCAG 2.1 A/AA on ${name} (${locale}): form rendered, errors shown, after a decline`, async () => {
    const { page, context, problems } = await openDemo(env.browser, env.sandbox.url, { viewport, locale });

    const rendered = await runAxe(page);
    assert.deepEqual(rendered, [], `form rendered:\n${report(rendered)}`);

    // Submitting the empty form shows every field's error.
    const invalid = await submitAndWait(page);
    assert.equal(invalid.code, 'VALIDATION_FAILED');
    assert.equal(await page.locator(`${SEL.form} [aria-invalid="true"]`).count(), 4, 'four fields marked invalid');
    const withErrors = await runAxe(page);
    assert.deepEqual(withErrors, [], `errors shown:\n${report(withErrors)}`);

    await fillCard(page, VISA('69'));
    const declined = await submitAndWait(page);
    assert.equal(declined.code, 'CARD_DECLINED');
    const afterDecline = await runAxe(page);
    assert.deepEqual(afterDecline, [], `after a decline:\n${report(afterDecline)}`);

    assertNoProblems(problems);
    await context.close();
  });
}

test('keyboard alone: type field after field and submit with Enter', async () => {
  const { page, context, problems } = await openDemo(env.browser, env.sandbox.url);
  await page.locator(SEL.number).focus();
  await page.keyboard.type(VISA('02'));
  // Focus moves on by itself when a field is complete, or with Tab; either way the keyboard drives it.
  for (const [field, text] of [['expiry', '1128'], ['cvc', '123'], ['holderName', 'Grace Hopper']]) {
    if (!(await page.locator(SEL[field]).evaluate((input) => input === document.activeElement))) {
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.locator(SEL[field]).evaluate((input) => input === document.activeElement), true, `${field} focused`);
    await page.keyboard.type(text);
  }
  const before = await page.locator('#attempts').evaluate((list) => Number(list.dataset.count ?? 0));
  await page.keyboard.press('Enter');
  await page.waitForFunction((n) => Number(document.querySelector('#attempts').dataset.count ?? 0) > n, before);
  const kind = await page.locator('#attempts > li:first-child').getAttribute('class');
  assert.match(kind, /attempt--ok/);
  assertNoProblems(problems);
  await context.close();
});
