// End to end, one-click payments (issue 9): a card enrolled through the demo's form pays a Checkout
// Session from the "Pay with a saved card" panel in one click, with its signed webhook; the radio
// group answers the keyboard; a declined card is never offered; and the sandbox refuses a vaulted
// token of another customer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  VISA, assertNoCardData, assertNoProblems, fillCard, openDemo, runAxe, submitAndWait, withSandboxAndBrowser,
} from './helpers.mjs';

const SECRET_KEY = 'sk_test_checkout_e2e';
const PANE = '#checkout-form';
const RADIOS = `${PANE} input[type="radio"]`;
const PAY = `${PANE} button.es-submit`;

const env = withSandboxAndBrowser(['--secret-key', SECRET_KEY]);

/** A JSON request to the sandbox from the test itself (the merchant's server, or a bare client). */
async function api(method, path, { body, bearer, key, merchant = false } = {}) {
  const headers = { 'content-type': 'application/json' };
  if (merchant) headers['private-secret-key'] = SECRET_KEY;
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (key) headers['x-idempotency-key'] = key;
  const response = await fetch(`${env.sandbox.url}${path}`, { method, headers, body: body && JSON.stringify(body) });
  return { status: response.status, body: await response.json().catch(() => null) };
}

/** The radios of the pane once it lists `count` cards. */
async function paneWithCards(page, count) {
  await page.waitForFunction(([selector, n]) => document.querySelectorAll(selector).length === n, [RADIOS, count]);
  return page.locator(RADIOS);
}

/** Clicks Pay and waits for the panel's outcome. */
async function payAndWait(page) {
  await page.locator(PAY).click();
  const result = page.locator('#checkout-result:not([hidden])');
  await result.waitFor();
  return {
    status: await result.getAttribute('data-status'),
    paymentId: (await result.locator('[data-field="payment-id"]').textContent().catch(() => ''))?.trim(),
    vaultedToken: (await result.locator('[data-field="vaulted-token"]').textContent().catch(() => ''))?.trim(),
    text: await result.textContent(),
  };
}

test('4507990000000002 enrolled in the form pays a checkout session in one click, with its signed webhook', async () => {
  const { page, context, problems, consoleLines } = await openDemo(env.browser, env.sandbox.url);
  // A fresh sandbox: the demo customer has no card yet.
  await page.locator(`${PANE} .es-empty`).waitFor();
  assert.equal(await page.locator(PAY).isDisabled(), true, 'nothing to pay with yet');

  const number = VISA('02');
  await fillCard(page, number);
  const enrolled = await submitAndWait(page);
  assert.equal(enrolled.kind, 'ok', enrolled.text);

  // The pane lists the new card, checked, with the amount of the session on its button.
  const radios = await paneWithCards(page, 1);
  assert.equal(await radios.first().isChecked(), true);
  assert.match(await page.locator(`${PANE} label`).first().textContent(), /Visa.*0002.*Expires 11\/28/);
  assert.equal((await page.locator(PAY).textContent()).trim(), 'Pay $49.90');

  const paid = await payAndWait(page);
  assert.equal(paid.status, 'SUCCEEDED', paid.text);
  assert.equal(paid.vaultedToken, enrolled.vaultedToken, 'paid with the card just enrolled');
  assert.match(paid.text, /\$49\.90/);
  assert.match(paid.text, /Visa •••• 0002/);
  assert.equal((await page.locator(`${PANE} .es-message`).textContent()).trim(), 'Payment successful');
  assert.equal(await page.locator('#checkout-status').getAttribute('data-status'), 'PAID');

  // The webhook of this payment reached the demo backend with a valid signature.
  const hook = page.locator('#checkout-webhook[data-signature]');
  await hook.waitFor();
  assert.equal(await hook.getAttribute('data-signature'), 'valid');
  assert.equal(await hook.getAttribute('data-type'), 'payment.succeeded');

  // The merchant's view of the same payment.
  const payment = await api('GET', `/v1/payments/${paid.paymentId}`, { merchant: true });
  assert.equal(payment.status, 200);
  assert.equal(payment.body.status, 'SUCCEEDED');
  assert.deepEqual(payment.body.amount, { value: 49.9, currency: 'USD' });
  assert.equal(payment.body.payment_method.vaulted_token, enrolled.vaultedToken);

  // Paid: the pane pays no more.
  assert.equal(await page.locator(`${PANE} fieldset`).evaluate((f) => f.disabled), true);
  assert.equal(await page.locator(PAY).isDisabled(), true);
  await assertNoCardData(page, consoleLines, number);
  assertNoProblems(problems);
  await context.close();
});

test('the saved cards answer the keyboard: the arrows move the choice, Tab goes on to Pay, Enter pays; each card is named by its label', async () => {
  const { page, context, problems } = await openDemo(env.browser, env.sandbox.url);
  // One more card, so that there is a choice: Mastercard …0002 (newest first in the pane).
  await fillCard(page, '5252440000000002');
  const enrolled = await submitAndWait(page);
  assert.equal(enrolled.kind, 'ok');
  // The pane lists what the saved-cards panel lists, counted once it shows the new card (a count
  // taken at load could be read before that list arrived).
  await page.locator(`#saved-cards > li[data-token="${enrolled.vaultedToken}"]`).waitFor();
  const radios = await paneWithCards(page, await page.locator('#saved-cards > li').count());
  assert.equal(await radios.nth(0).isChecked(), true, 'the newest card is chosen');

  // Keyboard only: focus the group, then ArrowDown picks the next card.
  await radios.nth(0).focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await radios.nth(1).isChecked(), true);
  assert.equal(await radios.nth(0).isChecked(), false);
  assert.equal(await radios.nth(1).evaluate((r) => r === document.activeElement), true);
  await page.keyboard.press('ArrowUp');
  assert.equal(await radios.nth(0).isChecked(), true);
  await page.keyboard.press('ArrowDown');
  // Tab leaves the group for the Pay button; Enter on it pays with the card picked by keyboard.
  await page.keyboard.press('Tab');
  assert.equal(await page.locator(PAY).evaluate((b) => b === document.activeElement), true);

  // The accessible names: the group by its legend, each card by its label.
  const group = await page.locator(`${PANE} fieldset`).evaluate((f) => f.querySelector('legend')?.textContent);
  assert.equal(group, 'Your saved cards');
  const snapshot = await page.locator(PANE).ariaSnapshot();
  assert.match(snapshot, /radio "Mastercard 0002 Expires 11\/28"/);
  assert.match(snapshot, /radio "Visa 0002 Expires 11\/28"/);
  assert.deepEqual(await runAxe(page), [], 'axe WCAG 2.1 A/AA with the saved cards drawn');

  await page.keyboard.press('Enter');
  const result = page.locator('#checkout-result:not([hidden])');
  await result.waitFor();
  assert.equal(await result.getAttribute('data-status'), 'SUCCEEDED');
  assert.match(await result.textContent(), /Visa •••• 0002/, 'paid with the card picked by keyboard');
  assertNoProblems(problems);
  await context.close();
});

test('4507990000000036 is declined at enrollment and is never offered for payment', async () => {
  const { page, context, problems, consoleLines } = await openDemo(env.browser, env.sandbox.url);
  const session = await api('POST', '/demo/checkout-session', { body: {} });
  assert.equal(session.status, 201);
  const listed = async () => (await api('GET', '/v1/sdk/payment-methods', { bearer: session.body.sdk_token })).body.payment_methods;
  const before = await listed();
  await paneWithCards(page, before.length);

  const number = VISA('36');
  await fillCard(page, number);
  const declined = await submitAndWait(page);
  assert.equal(declined.kind, 'no', declined.text);
  assert.equal(declined.declineReason, 'DO_NOT_HONOR');

  const after = await listed();
  assert.deepEqual(after.map((pm) => pm.id), before.map((pm) => pm.id), 'no saved card was added');
  assert.ok(!after.some((pm) => pm.card_data.lfd === '0036'));
  // The pane still offers the same cards, none ending in 0036.
  await paneWithCards(page, before.length);
  assert.doesNotMatch(await page.locator(PANE).textContent(), /0036/);

  await assertNoCardData(page, consoleLines, number);
  assertNoProblems(problems);
  await context.close();
});

test('a vaulted token of another customer cannot pay, and the session stays unpaid', async () => {
  // Another customer, made through the merchant API, enrolls a card.
  const customer = await api('POST', '/v1/customers', { merchant: true, body: { merchant_customer_id: 'e2e-other' } });
  assert.equal(customer.status, 201);
  const theirs = await api('POST', `/v1/customers/${customer.body.id}/sessions`, { merchant: true, body: {} });
  const card = { number: VISA('02'), expiration_month: 11, expiration_year: 2030, security_code: '123', holder_name: 'Other' };
  const enrolled = await api('POST', '/v1/sdk/payment-methods', {
    bearer: theirs.body.sdk_token, key: 'e2e-other-1', body: { card },
  });
  assert.equal(enrolled.status, 201);
  assert.equal(enrolled.body.status, 'ENROLLED');

  // The demo customer's checkout session tries to pay with it.
  const session = await api('POST', '/demo/checkout-session', { body: {} });
  const refused = await api('POST', '/v1/sdk/payments', {
    bearer: session.body.sdk_token, key: 'e2e-steal-1', body: { vaulted_token: enrolled.body.vaulted_token },
  });
  assert.equal(refused.status, 404);
  assert.equal(refused.body.code, 'PAYMENT_METHOD_NOT_FOUND');
  const after = await api('GET', `/v1/checkout/sessions/${session.body.id}`, { merchant: true });
  assert.equal(after.body.status, 'ACTIVE');
  assert.equal(after.body.payment_id, null);

  // Nor can the other customer's own customer token pay anything.
  const wrongKind = await api('POST', '/v1/sdk/payments', {
    bearer: theirs.body.sdk_token, key: 'e2e-steal-2', body: { vaulted_token: enrolled.body.vaulted_token },
  });
  assert.equal(wrongKind.status, 401);
});
