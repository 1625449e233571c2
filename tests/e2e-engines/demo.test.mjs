// End to end in Firefox and WebKit: the demo page, served by the real sandbox, enrolls a test card
// typed with the keyboard and shows the vaulted token. (The Chromium suite is tests/e2e/.)
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { By, Key, until } from 'selenium-webdriver';
import { CARD, SEL, VISA, digits, startSandbox } from '../e2e/helpers.mjs';
import { ENGINES, startEngine } from './webdriver.mjs';

// Hang guard for the page and the sandbox's answer, not a speed assertion.
const GUARD_MS = 60_000;

let sandbox;

before(async () => {
  sandbox = await startSandbox();
});

after(async () => {
  await sandbox?.stop();
});

/** Opens the demo and waits until the SDK has drawn the form and called onReady. */
async function openDemo(driver) {
  await driver.get(`${sandbox.url}/?lang=en`);
  const number = await driver.wait(until.elementLocated(By.css(SEL.number)), GUARD_MS);
  await driver.wait(until.elementIsVisible(number), GUARD_MS);
  await driver.wait(until.elementIsVisible(await driver.findElement(By.css('#form-state'))), GUARD_MS);
}

const field = (driver, name) => driver.findElement(By.css(SEL[name]));
const value = async (driver, name) => (await field(driver, name)).getProperty('value');

/** Clicks a field as a person would and types into it with key presses. */
async function typeInto(driver, name, text) {
  const input = await field(driver, name);
  await input.click();
  await driver.actions().sendKeys(text).perform();
}

async function attemptCount(driver) {
  return Number((await driver.findElement(By.css('#attempts')).getDomAttribute('data-count')) ?? 0);
}

for (const key of Object.keys(ENGINES)) {
  describe(ENGINES[key].name, () => {
    let engine;

    before(async () => {
      engine = await startEngine(key);
    });

    after(async () => {
      await engine?.stop();
    });

    test('4507990000000002 typed with the keyboard is formatted as typed and enrolled: the vaulted token is shown', async () => {
      const { driver } = engine;
      await openDemo(driver);
      const number = VISA('02');

      await typeInto(driver, 'number', number);
      assert.equal(await value(driver, 'number'), '4507 9900 0000 0002', 'formatted with the Visa gaps');
      await typeInto(driver, 'expiry', CARD.expiry);
      assert.equal(digits(await value(driver, 'expiry')), CARD.expiry);
      await typeInto(driver, 'cvc', CARD.cvc);
      await typeInto(driver, 'holderName', CARD.holderName);
      assert.equal(await value(driver, 'holderName'), CARD.holderName);

      const before = await attemptCount(driver);
      await (await driver.findElement(By.css(SEL.submit))).click();
      await driver.wait(async () => (await attemptCount(driver)) > before, GUARD_MS, 'an outcome is shown');

      const attempt = await driver.findElement(By.css(SEL.newestAttempt));
      const text = await attempt.getText();
      assert.match(await attempt.getDomAttribute('class'), /\battempt--ok\b/, `enrolled, got: ${text}`);
      const token = await attempt.findElement(By.css('[data-field="vaulted-token"]')).getText();
      assert.match(token, /\S{8,}/, 'a vaulted token is shown');
      const card = await attempt.findElement(By.css('[data-field="card"]')).getText();
      assert.match(card, /Visa/);
      assert.match(card, /0002$/);
      assert.ok(!digits(text).includes(number), 'the full card number is not shown');

      // The saved-cards list is refreshed with the new card.
      await driver.wait(until.elementLocated(By.css(`#saved-cards > li[data-token="${token}"]`)), GUARD_MS);
      // After success the number and CVC are cleared.
      assert.equal(await value(driver, 'number'), '');
      assert.equal(await value(driver, 'cvc'), '');
    });

    test('a digit typed in the middle of the number keeps the caret right after it', async () => {
      const { driver } = engine;
      await openDemo(driver);
      await typeInto(driver, 'number', '45079900');
      assert.equal(await value(driver, 'number'), '4507 9900');
      // Home, then two Right presses: the caret sits after "45".
      await driver.actions().sendKeys(Key.HOME, Key.ARROW_RIGHT, Key.ARROW_RIGHT, '1').perform();
      assert.equal(await value(driver, 'number'), '4510 7990 0');
      const input = await field(driver, 'number');
      assert.equal(await input.getProperty('selectionStart'), 3, 'caret right after the typed 1');
      assert.equal(await input.getProperty('selectionEnd'), 3);
    });
  });
}
