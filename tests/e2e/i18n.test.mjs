// End to end: the language switcher re-mounts the form in Spanish and Portuguese (same session), and
// the enrollment, decline and expired-session flows show translated texts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VISA, SEL, assertNoProblems, fillCard, openDemo, retype, submitAndWait, typeInto, withSandboxAndBrowser,
} from './helpers.mjs';

// The page's own texts (www/app.js) and a word each SDK text in that language must contain.
const LOCALES = {
  en: {
    button: 'English', heading: 'Save a card for one-click checkout', enrolled: 'Card saved', declined: 'Card declined',
    numberWord: /card/i, expiredWord: /session/i,
  },
  es: {
    button: 'Español', heading: 'Guarda una tarjeta para pagar con un clic', enrolled: 'Tarjeta guardada', declined: 'Tarjeta rechazada',
    numberWord: /tarjeta/i, expiredWord: /sesión/i,
  },
  pt: {
    button: 'Português', heading: 'Salve um cartão para pagar com um clique', enrolled: 'Cartão salvo', declined: 'Cartão recusado',
    numberWord: /cartão/i, expiredWord: /sessão/i,
  },
};

const env = withSandboxAndBrowser();
// What the SDK says in English, to prove the other locales say something else.
const english = {};

function numberLabel(page) {
  return page.locator(SEL.number).evaluate((input) => input.labels?.[0]?.textContent.trim() ?? '');
}

async function runFlows(page, locale) {
  const texts = LOCALES[locale];
  const found = { label: await numberLabel(page) };
  assert.match(found.label, texts.numberWord, `${locale}: number label "${found.label}"`);
  assert.equal(await page.locator('h1').textContent(), texts.heading);
  assert.equal(await page.evaluate(() => document.documentElement.lang), locale);

  await fillCard(page, VISA('51'));
  const declined = await submitAndWait(page);
  assert.equal(declined.code, 'CARD_DECLINED', `${locale}: ${declined.text}`);
  assert.match(declined.title, new RegExp(texts.declined));
  found.decline = declined.message;
  assert.match(found.decline, texts.numberWord, `${locale}: decline message "${found.decline}"`);

  await retype(page, 'number', VISA('02'));
  const enrolled = await submitAndWait(page);
  assert.equal(enrolled.kind, 'ok', `${locale}: ${enrolled.text}`);
  assert.match(enrolled.title, new RegExp(texts.enrolled));

  // The number and CVC were cleared by the success: type them again, then let the session expire.
  await typeInto(page, 'number', VISA('02'));
  await typeInto(page, 'cvc', '123');
  await page.locator('#expire-session').click();
  await page.locator('#session-status.status--expired').waitFor();
  const expired = await submitAndWait(page);
  assert.equal(expired.code, 'SESSION_EXPIRED', `${locale}: ${expired.text}`);
  found.expired = expired.message;
  assert.match(found.expired, texts.expiredWord, `${locale}: expired message "${found.expired}"`);
  await page.locator('#new-session').click();
  await page.locator('#form-notice[data-state="renewed"]').waitFor();
  const again = await submitAndWait(page);
  assert.equal(again.kind, 'ok', `${locale}: ${again.text}`);
  return found;
}

test('English baseline', async () => {
  const { page, context, problems } = await openDemo(env.browser, env.sandbox.url, { locale: 'en' });
  Object.assign(english, await runFlows(page, 'en'));
  assertNoProblems(problems, { allowStatuses: [401] });
  await context.close();
});

for (const locale of ['es', 'pt']) {
  test(`${locale}: the switcher re-mounts the form with the same session, and every flow is translated`, async () => {
    const { page, context, problems } = await openDemo(env.browser, env.sandbox.url, { locale: 'en' });
    const session = await page.locator('#session-id').textContent();
    const englishLabel = await numberLabel(page);

    await page.getByRole('button', { name: LOCALES[locale].button }).click();
    await page.waitForFunction(
      ([selector, before]) => {
        const input = document.querySelector(selector);
        return input && input.labels?.[0] && input.labels[0].textContent.trim() !== before;
      },
      [SEL.number, englishLabel],
    );
    await page.locator('#form-state').waitFor({ state: 'visible' });
    assert.equal(await page.getByRole('button', { name: LOCALES[locale].button }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.locator('#session-id').textContent(), session, 'the session is kept across the re-mount');
    assert.equal(await page.locator(`${SEL.form} input[autocomplete="cc-number"]`).count(), 1, 'exactly one form');
    assert.match(page.url(), new RegExp(`lang=${locale}`));

    const found = await runFlows(page, locale);
    assert.notEqual(found.label, english.label);
    assert.notEqual(found.decline, english.decline, `${locale}: decline message translated`);
    assert.notEqual(found.expired, english.expired, `${locale}: expired message translated`);
    assertNoProblems(problems, { allowStatuses: [401] });
    await context.close();
  });
}
