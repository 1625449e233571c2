// End to end in Chromium, Firefox and WebKit through their WebDriver servers: the demo page, served
// by the real sandbox, enrolls a test card typed with the keyboard and shows the vaulted token (and
// the checkout pane, downloaded on demand, offers the card); and the form answers real key presses,
// clipboard pastes and Enter the same way in every engine.
// (tests/e2e/ is the fuller Chromium suite, through Playwright.)
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
  // The page reports a failed load (the SDK or the session) in #fatal.
  assert.equal(await driver.findElement(By.css('#fatal')).isDisplayed(), false, 'no fatal error on the page');
}

const field = (driver, name) => driver.findElement(By.css(SEL[name]));

/** A field's value and caret (selection start and end), read through WebDriver. */
async function state(driver, name) {
  const input = await field(driver, name);
  return {
    value: await input.getProperty('value'),
    caret: [await input.getProperty('selectionStart'), await input.getProperty('selectionEnd')],
  };
}

/** The `autocomplete` token of the focused element: which field has focus. */
async function focused(driver) {
  return (await driver.switchTo().activeElement()).getDomAttribute('autocomplete');
}

/** Clicks a field as a person would and types into it with key presses. */
async function typeInto(driver, name, text) {
  await (await field(driver, name)).click();
  await keys(driver, text);
}

const keys = (driver, ...sequence) => driver.actions().sendKeys(...sequence).perform();
const chord = (driver, key) => driver.actions().keyDown(Key.CONTROL).sendKeys(key).keyUp(Key.CONTROL).perform();

async function attemptCount(driver) {
  return Number((await driver.findElement(By.css('#attempts')).getDomAttribute('data-count')) ?? 0);
}

/** Waits for the page to record one more outcome and returns the newest. */
async function nextAttempt(driver, before) {
  await driver.wait(async () => (await attemptCount(driver)) > before, GUARD_MS, 'an outcome is shown');
  return driver.findElement(By.css(SEL.newestAttempt));
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

    test('4507990000000002 typed with the keyboard is enrolled and the vaulted token is shown', async () => {
      const { driver } = engine;
      await openDemo(driver);
      const number = VISA('02');

      await typeInto(driver, 'number', number);
      assert.equal((await state(driver, 'number')).value, '4507 9900 0000 0002', 'formatted with the Visa gaps');
      await typeInto(driver, 'expiry', CARD.expiry);
      assert.equal(digits((await state(driver, 'expiry')).value), CARD.expiry);
      await typeInto(driver, 'cvc', CARD.cvc);
      await typeInto(driver, 'holderName', CARD.holderName);
      assert.equal((await state(driver, 'holderName')).value, CARD.holderName);

      const before = await attemptCount(driver);
      await (await driver.findElement(By.css(SEL.submit))).click();
      const attempt = await nextAttempt(driver, before);
      const text = await attempt.getText();
      assert.match(await attempt.getDomAttribute('class'), /\battempt--ok\b/, `enrolled, got: ${text}`);
      const token = await attempt.findElement(By.css('[data-field="vaulted-token"]')).getText();
      assert.match(token, /\S{8,}/, 'a vaulted token is shown');
      const card = await attempt.findElement(By.css('[data-field="card"]')).getText();
      assert.match(card, /Visa/);
      assert.match(card, /0002$/);
      assert.ok(!digits(text).includes(number), 'the full card number is not shown');

      // The saved-cards list is refreshed with the new card; the number and CVC are cleared.
      await driver.wait(until.elementLocated(By.css(`#saved-cards > li[data-token="${token}"]`)), GUARD_MS);
      assert.equal((await state(driver, 'number')).value, '');
      assert.equal((await state(driver, 'cvc')).value, '');

      // The checkout pane offers it: the page's initCheckout downloaded the checkout chunk.
      await driver.wait(until.elementLocated(By.css('#checkout-form input[type="radio"]')), GUARD_MS);
    });

    test('the caret stays where the user typed or deleted, through the formatting', async () => {
      const { driver } = engine;
      await openDemo(driver);
      // [what, keys pressed in the number field, value, caret] in order, each after the last.
      const table = [
        ['typed at the end', ['45079900'], '4507 9900', 9],
        ['typed after "45"', [Key.HOME, Key.ARROW_RIGHT, Key.ARROW_RIGHT, '1'], '4510 7990 0', 3],
        ['Delete after the "1"', [Key.DELETE], '4517 9900', 3],
        ['Backspace over the "1"', [Key.BACK_SPACE], '4579 900', 2],
        ['Backspace at the end', [Key.END, Key.BACK_SPACE], '4579 90', 7],
        // The browser deletes the gap's space; the form removes the digit before it instead.
        ['Backspace just after a gap', [Key.ARROW_LEFT, Key.ARROW_LEFT, Key.BACK_SPACE], '4579 0', 3],
        ['a letter is refused', ['x'], '4579 0', 3],
      ];
      await (await field(driver, 'number')).click();
      for (const [what, pressed, value, caret] of table) {
        await keys(driver, ...pressed);
        assert.deepEqual(await state(driver, 'number'), { value, caret: [caret, caret] }, what);
      }
    });

    test('a number pasted from the clipboard is formatted and focus moves on to the expiry', async () => {
      const { driver } = engine;
      await openDemo(driver);
      // Into the clipboard through the page itself: typed in the name field, selected, copied.
      await typeInto(driver, 'holderName', '4507-9900 0000 0002');
      await chord(driver, 'a');
      await chord(driver, 'c');
      await (await field(driver, 'number')).click();
      await chord(driver, 'v');
      assert.equal((await state(driver, 'number')).value, '4507 9900 0000 0002');
      assert.equal(await focused(driver), 'cc-exp');
    });

    test('the expiry typed as "1/28" becomes "01 / 28" and focus moves on to the CVC', async () => {
      const { driver } = engine;
      await openDemo(driver);
      await typeInto(driver, 'expiry', '1/');
      assert.deepEqual(await state(driver, 'expiry'), { value: '01 / ', caret: [5, 5] });
      await keys(driver, '28');
      assert.equal((await state(driver, 'expiry')).value, '01 / 28');
      assert.equal(await focused(driver), 'cc-csc');
    });

    test('Enter in the name field submits, and a declined card shows its reason in the form', async () => {
      const { driver } = engine;
      await openDemo(driver);
      await typeInto(driver, 'number', VISA('10'));
      // Focus moved on by itself after each complete field: the keys go on without a click.
      assert.equal(await focused(driver), 'cc-exp');
      await keys(driver, CARD.expiry);
      assert.equal(await focused(driver), 'cc-csc');
      await keys(driver, CARD.cvc);
      assert.equal(await focused(driver), 'cc-name');
      await keys(driver, CARD.holderName);

      const before = await attemptCount(driver);
      await keys(driver, Key.ENTER);
      const attempt = await nextAttempt(driver, before);
      const text = await attempt.getText();
      assert.match(await attempt.getDomAttribute('class'), /\battempt--no\b/, `declined, got: ${text}`);
      assert.equal(await attempt.findElement(By.css('[data-field="decline-reason"]')).getText(), 'INSUFFICIENT_FUNDS');
    });
  });
}
