// Chromium, Firefox and WebKit through their own W3C WebDriver servers (chromedriver, geckodriver,
// WebKitWebDriver), started here from the installed binaries on a free loopback port;
// selenium-webdriver only speaks the protocol to them. Nothing is ever downloaded: Selenium Manager
// (which would fetch drivers and browsers) is pointed at a path that does not exist, so any call to
// it fails loudly instead.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { Capabilities, WebDriver } from 'selenium-webdriver';
import { Executor, HttpClient } from 'selenium-webdriver/http/index.js';
import { ROOT } from '../e2e/helpers.mjs';

process.env.SE_MANAGER_PATH = '/nonexistent/selenium-manager-is-not-used';
process.env.SE_OFFLINE = 'true';

// Hang guards for processes that start, not speed assertions.
const START_GUARD_MS = 60_000;

function which(name) {
  for (const dir of (process.env.PATH ?? '').split(':')) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

/** The engines, each with its driver binary and the capabilities of a new session. */
export const ENGINES = {
  // Chromium again (tests/e2e/ drives it through Playwright): the keyboard table below then
  // compares three engines through one protocol.
  chromium: {
    name: 'Chromium',
    driver: () => process.env.CHROMEDRIVER ?? '/usr/bin/chromedriver',
    driverArgs: (port) => [`--port=${port}`],
    capabilities: () => {
      const options = JSON.parse(readFileSync(join(ROOT, 'webdriver.json'), 'utf8'))['goog:chromeOptions'];
      return { browserName: 'chrome', 'goog:chromeOptions': options };
    },
    needsDisplay: false,
  },
  firefox: {
    name: 'Firefox',
    driver: () => process.env.GECKODRIVER ?? which('geckodriver') ?? join(process.env.HOME ?? '', '.cargo/bin/geckodriver'),
    driverArgs: (port) => ['--host', '127.0.0.1', '--port', String(port)],
    // The same browser options as the wasm-bindgen tests: one place for Firefox's binary and prefs.
    capabilities: () => {
      const options = JSON.parse(readFileSync(join(ROOT, 'webdriver.json'), 'utf8'))['moz:firefoxOptions'];
      return { browserName: 'firefox', 'moz:firefoxOptions': options };
    },
    needsDisplay: false,
  },
  webkit: {
    name: 'WebKit',
    driver: () => process.env.WEBKIT_WEBDRIVER ?? '/usr/bin/WebKitWebDriver',
    driverArgs: (port) => ['--host=local', `--port=${port}`],
    // WebKitWebDriver starts its own MiniBrowser in automation mode; no options needed.
    capabilities: () => ({}),
    // WebKitGTK's MiniBrowser has no headless mode: it needs an X display (a virtual one here).
    needsDisplay: true,
  },
};

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function stopChild(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGTERM');
  return exited;
}

/** A virtual X display (Xvfb picks a free display number and writes it to fd 3). */
async function startXvfb() {
  const child = spawn('Xvfb', ['-displayfd', '3', '-nolisten', 'tcp', '-screen', '0', '1280x1024x24'], {
    stdio: ['ignore', 'ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const display = await new Promise((resolveDisplay, reject) => {
    const guard = setTimeout(() => reject(new Error(`Xvfb did not start:\n${stderr}`)), START_GUARD_MS);
    let out = '';
    child.stdio[3].on('data', (chunk) => {
      out += chunk;
      if (out.includes('\n')) {
        clearTimeout(guard);
        resolveDisplay(`:${out.trim()}`);
      }
    });
    child.once('error', (error) => { clearTimeout(guard); reject(error); });
    child.once('exit', (code) => { clearTimeout(guard); reject(new Error(`Xvfb exited (${code}):\n${stderr}`)); });
  });
  return { display, stop: () => stopChild(child) };
}

/** Waits until the driver answers /status with ready: true. */
async function waitReady(url, child, output) {
  const deadline = Date.now() + START_GUARD_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`driver exited (${child.exitCode}):\n${output()}`);
    try {
      const reply = await fetch(`${url}/status`);
      if (reply.ok && (await reply.json()).value?.ready) return;
    } catch {
      // not listening yet
    }
    await new Promise((done) => setTimeout(done, 100));
  }
  throw new Error(`driver at ${url} never became ready:\n${output()}`);
}

/**
 * Starts the engine's WebDriver server and opens a browser session on it.
 * Returns { driver, stop }; stop() ends the session, the driver and any virtual display.
 */
export async function startEngine(key) {
  const engine = ENGINES[key];
  const bin = engine.driver();
  assert.ok(existsSync(bin), `${engine.name}'s WebDriver server not found at ${bin} (scripts/bootstrap.sh installs it)`);

  // Undone last first; one that fails (a session already gone) does not keep the rest running.
  const stops = [];
  const stopAll = async () => {
    const errors = [];
    while (stops.length) {
      try {
        await stops.pop()();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length) throw errors[0];
  };
  try {
    const env = { ...process.env };
    if (engine.needsDisplay && !env.DISPLAY) {
      const xvfb = await startXvfb();
      stops.push(xvfb.stop);
      env.DISPLAY = xvfb.display;
    }
    const port = await freePort();
    const child = spawn(bin, engine.driverArgs(port), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    stops.push(() => stopChild(child));
    const lines = [];
    const keep = (chunk) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      lines.splice(0, Math.max(0, lines.length - 200));
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const url = `http://127.0.0.1:${port}`;
    await waitReady(url, child, () => lines.join('\n'));

    const executor = new Executor(new HttpClient(url));
    const driver = await WebDriver.createSession(executor, new Capabilities(engine.capabilities()));
    stops.push(() => driver.quit());
    return { driver, name: engine.name, output: () => lines.join('\n'), stop: stopAll };
  } catch (error) {
    // The first failure is the one worth reading; a cleanup error after it would hide it.
    await stopAll().catch(() => {});
    throw error;
  }
}
