// End to end: every load of the demo page (each locale, phone and desktop) is free of console errors
// and CSP violations under the sandbox's strict CSP; the layout fits; screenshots go to test-artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DESKTOP, PHONE, VISA, artifactPath, assertNoProblems, fillCard, openDemo, submitAndWait,
  withSandboxAndBrowser,
} from './helpers.mjs';

const env = withSandboxAndBrowser();

test('the page is served with a strict Content-Security-Policy', async () => {
  const { context, response, problems } = await openDemo(env.browser, env.sandbox.url);
  const csp = response.headers()['content-security-policy'] ?? '';
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'/);
  assert.doesNotMatch(csp, /'unsafe-inline'|'unsafe-eval'|\*/, 'no inline script, no eval, no wildcard');
  assertNoProblems(problems);
  await context.close();
});

for (const locale of ['en', 'es', 'pt']) {
  for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`load ${locale} on ${name}: no console error, no CSP violation, nothing wider than the screen`, async () => {
      const { page, context, problems } = await openDemo(env.browser, env.sandbox.url, { locale, viewport });
      // Let the first webhook poll and the saved-cards request land before judging the load.
      await page.waitForResponse((r) => new URL(r.url()).pathname === '/demo/webhooks');
      await page.locator('#saved-empty, #saved-cards > li').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling (${overflow}px too wide)`);
      assert.equal(await page.locator('#fatal').isHidden(), true, 'no start-up error');
      assertNoProblems(problems);
      await context.close();
    });
  }
}

test('a .wasm served with another type than application/wasm still loads, with a short warning', async () => {
  let served = 0;
  const { page, context, problems, consoleLines } = await openDemo(env.browser, env.sandbox.url, {
    beforeGoto: (ctx) => ctx.route(/\/enrollment_sdk_bg\.wasm$/, async (route) => {
      const response = await route.fetch();
      served += 1;
      await route.fulfill({ response, headers: { ...response.headers(), 'content-type': 'application/octet-stream' } });
    }),
  });
  assert.equal(served, 1, 'the package .wasm went through the route');
  const warning = 'Serve the .wasm as application/wasm; falling back to WebAssembly.instantiate:';
  assert.ok(consoleLines.some((line) => line.startsWith(warning)), `warned: ${JSON.stringify(consoleLines)}`);
  await fillCard(page, VISA('02'));
  const enrolled = await submitAndWait(page);
  assert.equal(enrolled.kind, 'ok', enrolled.text);
  assertNoProblems(problems);
  await context.close();
});

for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
  test(`screenshot on ${name} after an enrollment and a decline`, async () => {
    const { page, context, problems } = await openDemo(env.browser, env.sandbox.url, { viewport });
    await fillCard(page, VISA('28'));
    await submitAndWait(page);
    await page.locator('#card-form input[autocomplete="cc-number"]').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.press('Backspace');
    await page.keyboard.type(VISA('02'));
    const enrolled = await submitAndWait(page);
    assert.equal(enrolled.kind, 'ok', enrolled.text);
    await page.locator(`#webhooks > li[data-token="${enrolled.vaultedToken}"]`).waitFor();
    await page.locator(`#saved-cards > li[data-token="${enrolled.vaultedToken}"]`).waitFor();
    await page.screenshot({ path: artifactPath(`demo-${name}.png`), fullPage: true });
    assertNoProblems(problems);
    await context.close();
  });
}
