// Shared by the end-to-end tests: starts the real sandbox binary and headless Chromium, opens the
// demo page with watchers for console errors and CSP violations, and types like a person.
// Builds nothing: pkg/ and the sandbox binary must exist (scripts/test.sh builds them first).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const ARTIFACTS = join(ROOT, 'test-artifacts');

export const CHROMIUM_FLAGS = [
  '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
  '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run',
];

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

// Test cards of DESIGN §6: the last two digits pick the outcome.
export const VISA = (suffix) => `45079900000000${suffix}`;
export const CARD = { expiry: '1128', cvc: '123', holderName: 'Ada Lovelace' };

// Fields are found by their autocomplete tokens, which do not change with the locale.
export const SEL = {
  form: '#card-form',
  number: '#card-form input[autocomplete="cc-number"]',
  expiry: '#card-form input[autocomplete="cc-exp"]',
  cvc: '#card-form input[autocomplete="cc-csc"]',
  holderName: '#card-form input[autocomplete="cc-name"]',
  submit: '#card-form button.es-submit',
  newestAttempt: '#attempts > li:first-child',
};

// Hang guard for the sandbox's start, not a speed assertion.
const START_GUARD_MS = 60_000;

export function sandboxBinary() {
  if (process.env.SANDBOX_BIN) return resolve(process.env.SANDBOX_BIN);
  const targetDir = process.env.CARGO_TARGET_DIR ? resolve(ROOT, process.env.CARGO_TARGET_DIR) : join(ROOT, 'target');
  return join(targetDir, 'release', 'sandbox');
}

/**
 * This checkout's www/ and pkg/, always passed: the binary's defaults are the paths it was compiled
 * in, and a target directory shared by several checkouts (CI's clean clone, a developer's tree) may
 * hold a binary built in another one. SANDBOX_PKG serves another build of the package.
 */
export function servedDirs() {
  const pkg = process.env.SANDBOX_PKG ? resolve(process.env.SANDBOX_PKG) : join(ROOT, 'pkg');
  return ['--www', join(ROOT, 'www'), '--pkg', pkg];
}

/** Starts the sandbox on a free loopback port with an in-memory database and the demo endpoints. */
export async function startSandbox(extraArgs = []) {
  const bin = sandboxBinary();
  assert.ok(existsSync(join(ROOT, 'pkg', 'enrollment_sdk.js')),
    'pkg/ is missing: build the SDK first (bash scripts/build.sh)');
  assert.ok(existsSync(bin), `sandbox binary not found at ${bin}: cargo build --release -p sandbox, or set SANDBOX_BIN`);

  const child = spawn(bin, ['--host', '127.0.0.1', '--port', '0', '--db', ':memory:', '--demo', ...servedDirs(), ...extraArgs], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines = [];
  // Everything the server wrote, for tests that search its logs (hygiene.test.mjs).
  const chunks = [];
  const url = await new Promise((resolveUrl, reject) => {
    const guard = setTimeout(() => reject(new Error(`sandbox did not start:\n${lines.join('\n')}`)), START_GUARD_MS);
    const onData = (chunk) => {
      chunks.push(String(chunk));
      for (const line of String(chunk).split('\n')) {
        if (!line) continue;
        lines.push(line);
        if (lines.length > 200) lines.shift();
        const match = /sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
        if (match) {
          clearTimeout(guard);
          resolveUrl(match[1]);
        }
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      reject(new Error(`sandbox exited (${code ?? signal}) before listening:\n${lines.join('\n')}`));
    });
  });

  return {
    url,
    output: () => lines.join('\n'),
    fullOutput: () => chunks.join(''),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((done) => child.once('exit', done));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_BIN ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}


/**
 * The hooks every test file shares: before its tests, a sandbox (started with `sandboxArgs`, or with
 * what that function returns, for arguments an earlier hook makes) and Chromium; after, both closed.
 * Returns the object whose `sandbox` and `browser` are set once the tests run.
 */
export function withSandboxAndBrowser(sandboxArgs = []) {
  const env = { sandbox: null, browser: null };
  before(async () => {
    env.sandbox = await startSandbox(typeof sandboxArgs === 'function' ? sandboxArgs() : sandboxArgs);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.sandbox?.stop();
  });
  return env;
}

/**
 * Opens the demo page in a fresh context and waits until the form is ready (onReady ran).
 * `problems` collects every console error, uncaught page error and CSP violation; `console`
 * every console line, to prove no card number or CVC is ever logged. `beforeGoto(context)` may
 * set up routes before the page loads.
 */
export async function openDemo(browser, baseUrl, { locale = 'en', viewport = DESKTOP, bypassCSP = false, beforeGoto } = {}) {
  const context = await browser.newContext({ viewport, locale: 'en-US', bypassCSP });
  const problems = [];
  const consoleLines = [];
  await context.exposeBinding('__reportCspViolation', (_source, text) => problems.push(`CSP violation: ${text}`));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__reportCspViolation(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    consoleLines.push(message.text());
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await beforeGoto?.(context);

  const response = await page.goto(`${baseUrl}/?lang=${locale}`);
  assert.equal(response.status(), 200);
  await waitForForm(page);
  return { context, page, problems, consoleLines, response };
}

/** The form is drawn and the SDK called onReady. */
export async function waitForForm(page) {
  await page.locator(SEL.number).waitFor({ state: 'visible' });
  await page.locator('#form-state').waitFor({ state: 'visible' });
}

/**
 * Asserts nothing went wrong in the page. A request answered with an error status is logged by
 * Chromium as a console error; a test that provokes one on purpose lists its status in `allowStatuses`.
 */
export function assertNoProblems(problems, { allowStatuses = [] } = {}) {
  const unexpected = problems.filter((text) => {
    const status = /Failed to load resource: the server responded with a status of (\d+)/.exec(text);
    return !(status && allowStatuses.includes(Number(status[1])));
  });
  assert.deepEqual(unexpected, [], 'no console error, page error or CSP violation');
}

/** Types into one field with real key presses (the field gets focus first, as after a click). */
export async function typeInto(page, field, text) {
  const input = page.locator(SEL[field]);
  await input.click();
  await input.pressSequentially(text);
}

/** Selects a field's content with the keyboard, deletes it and types the new text. */
export async function retype(page, field, text) {
  const input = page.locator(SEL[field]);
  await input.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Backspace');
  assert.equal(await input.inputValue(), '', `${field} cleared with the keyboard`);
  await input.pressSequentially(text);
}

export async function fillCard(page, number, card = CARD) {
  await typeInto(page, 'number', number);
  await typeInto(page, 'expiry', card.expiry);
  await typeInto(page, 'cvc', card.cvc);
  await typeInto(page, 'holderName', card.holderName);
}

export function attemptCount(page) {
  return page.locator('#attempts').evaluate((list) => Number(list.dataset.count ?? 0));
}

/** Clicks the form's submit button and waits for the page to record the outcome; returns it. */
export async function submitAndWait(page) {
  const before = await attemptCount(page);
  await page.locator(SEL.submit).click();
  await page.waitForFunction((n) => Number(document.querySelector('#attempts').dataset.count ?? 0) > n, before);
  return readNewestAttempt(page);
}

export async function readNewestAttempt(page) {
  return page.locator(SEL.newestAttempt).evaluate((item) => {
    const field = (name) => item.querySelector(`[data-field="${name}"]`)?.textContent.trim() ?? null;
    return {
      kind: ['ok', 'no', 'error'].find((kind) => item.classList.contains(`attempt--${kind}`)) ?? null,
      title: item.querySelector('.attempt__title')?.textContent.trim() ?? '',
      code: item.dataset.code ?? null,
      message: item.querySelector('.attempt__message')?.textContent.trim() ?? null,
      vaultedToken: field('vaulted-token'),
      card: field('card'),
      declineReason: field('decline-reason'),
      retryable: field('retryable'),
      text: item.textContent,
    };
  });
}

/**
 * Whether the form shows `text` where eyes can see it: an element whose own text it is, with a real
 * box (a screen-reader-only live region is 1px and does not count).
 */
export function formShows(page, text) {
  return page.locator(SEL.form).evaluate((form, wanted) => [...form.querySelectorAll('*')].some((node) => {
    if (node.textContent.trim() !== wanted) return false;
    const box = node.getBoundingClientRect();
    return box.width > 10 && box.height > 5 && node.checkVisibility();
  }), text);
}

export function digits(text) {
  return String(text).replace(/\D/g, '');
}

/** The visible text of the page outside the static test-cards table. */
export function dynamicText(page) {
  return page.evaluate(() => ['#card-form', '#attempts', '#saved-cards', '#webhooks', '#fatal']
    .map((selector) => document.querySelector(selector)?.textContent ?? '')
    .join('\n'));
}

/** Asserts a full card number (with or without spaces) or the CVC appears nowhere it must not. */
export async function assertNoCardData(page, consoleLines, number) {
  const shown = await dynamicText(page);
  const squeezed = shown.replace(/[\s-]/g, '');
  assert.ok(!squeezed.includes(number), 'the full card number is not shown outside its input');
  for (const line of consoleLines) {
    assert.ok(!line.replace(/[\s-]/g, '').includes(number), `console line leaks the card number: ${line}`);
  }
}

export async function runAxe(page) {
  const source = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: a <script> tag would (rightly) be refused by the CSP.
  await page.evaluate(source);
  return page.evaluate(async () => {
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary}`),
    }));
  });
}

export function artifactPath(name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
