// A tiny static file server on 127.0.0.1:0 for the bench pages, the built pkg/ and in-memory bundles.
import http from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
};

/**
 * Starts the server. `mounts` maps a URL prefix ("/pkg/") to a directory; `memory` maps an exact URL
 * path to `{ body, type }` (bundles built at run time, so nothing generated is committed).
 * Every response carries COOP + COEP: a cross-origin-isolated page gets a 5 µs performance.now()
 * instead of 100 µs, which the per-keystroke figures need.
 */
export async function startServer({ mounts, memory = new Map() }) {
  const server = http.createServer(async (req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cache-Control': 'no-store',
    };
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const inMemory = memory.get(url.pathname);
    if (inMemory) {
      res.writeHead(200, { ...headers, 'Content-Type': inMemory.type });
      res.end(inMemory.body);
      return;
    }
    for (const [prefix, dir] of Object.entries(mounts)) {
      if (!url.pathname.startsWith(prefix)) continue;
      const rel = decodeURIComponent(url.pathname.slice(prefix.length));
      const file = path.resolve(dir, rel);
      // Refuse anything that climbs out of the mounted directory.
      if (!file.startsWith(path.resolve(dir) + path.sep)) break;
      try {
        const body = await readFile(file);
        const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
        res.writeHead(200, { ...headers, 'Content-Type': type });
        res.end(body);
      } catch {
        res.writeHead(404, headers);
        res.end('not found');
      }
      return;
    }
    res.writeHead(404, headers);
    res.end('not found');
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
