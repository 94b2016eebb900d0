// A small static file server for the browser tests: serves a release dist/ on 127.0.0.1
// under a subfolder path (the way a course site would host it), records every request it
// gets, and answers 404 to anything outside the subfolder or missing.
//
// Also runnable by hand: `node server.mjs ../dist /course/net101/wiretrace/ 8000`.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Starts the server. `prefix` must start and end with '/'. With `gzip`, every file goes
 * out gzipped (`gzip -9`, `content-encoding: gzip`), as most static hosts send them: for
 * timings over a throttled connection (./scripts/bench --load). Resolves to
 * `{ origin, base, requests, close }`: `base` is the page URL (origin + prefix), `requests`
 * the list of `{ method, path, status }` seen so far.
 */
export async function startServer({ root, prefix, port = 0, gzip = false }) {
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) {
    throw new Error(`prefix must start and end with '/': ${prefix}`);
  }
  const rootDir = resolve(root);
  const requests = [];

  const server = createServer(async (req, res) => {
    const entry = { method: req.method, path: req.url, status: 0 };
    requests.push(entry);
    const send = (status, body, headers = {}) => {
      entry.status = status;
      res.writeHead(status, { 'cache-control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        return send(405, 'method not allowed');
      }
      const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
      if (path === prefix.slice(0, -1)) {
        return send(301, '', { location: prefix });
      }
      if (!path.startsWith(prefix)) {
        return send(404, `outside ${prefix}`);
      }
      let file = resolve(join(rootDir, path.slice(prefix.length)));
      if (file !== rootDir && !file.startsWith(rootDir + sep)) {
        return send(404, 'outside the served folder');
      }
      let info = await stat(file).catch(() => null);
      if (info?.isDirectory()) {
        file = join(file, 'index.html');
        info = await stat(file).catch(() => null);
      }
      if (!info?.isFile()) {
        return send(404, 'not found');
      }
      const type = TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
      if (gzip) {
        return send(200, gzipSync(await readFile(file), { level: 9 }), { 'content-type': type, 'content-encoding': 'gzip' });
      }
      return send(200, await readFile(file), { 'content-type': type });
    } catch (err) {
      return send(500, String(err));
    }
  });

  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    base: origin + prefix,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections?.();
        server.close(() => ok());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [root = '../dist', prefix = '/course/net101/wiretrace/', port = '8000'] =
    process.argv.slice(2);
  const s = await startServer({ root, prefix, port: Number(port) });
  console.log(`serving ${resolve(root)} at ${s.base}`);
}
