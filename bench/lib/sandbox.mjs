// Builds and starts the sandbox (`--port 0 --db :memory: --demo`) for the network rows, and stops it.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

function targetDir(root) {
  const meta = JSON.parse(execFileSync('cargo', ['metadata', '--format-version', '1', '--no-deps'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 }));
  return meta.target_directory;
}

/**
 * Returns `{ origin, stop }`. `release` picks the profile; SANDBOX_BIN overrides the binary.
 * Build output goes to our stderr so a long first build is visible.
 */
export async function startSandbox(root, { release, log, pkgDir }) {
  let bin = process.env.SANDBOX_BIN;
  if (!bin) {
    const profile = release ? 'release' : 'debug';
    log(`building the sandbox (cargo build${release ? ' --release' : ''} -p sandbox)`);
    const args = ['build', '-p', 'sandbox', '--quiet', ...(release ? ['--release'] : [])];
    await new Promise((resolve, reject) => {
      const p = spawn('cargo', args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
      p.on('error', reject);
      p.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cargo build -p sandbox exited ${code}`))));
    });
    bin = path.join(targetDir(root), profile, 'sandbox');
  }
  if (!existsSync(bin)) throw new Error(`sandbox binary not found at ${bin}`);

  const child = spawn(bin, ['--port', '0', '--db', ':memory:', '--demo', '--www', path.join(root, 'www'), '--pkg', pkgDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const origin = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not print its address within 30 s: ${output.slice(-500)}`)), 30000);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = output.match(/sandbox listening on (http:\/\/127\.0\.0\.1:\d+)/);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sandbox exited ${code} before listening: ${output.slice(-500)}`));
    });
  });
  // Keep draining its output so a chatty server never blocks on a full pipe.
  child.stdout.resume();
  child.stderr.resume();
  return {
    origin,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}
