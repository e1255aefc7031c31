// A tiny static file server over the repository root, for the browser tests, the bench and the demo.
// `isolated: true` sends COOP/COEP (the page becomes crossOriginIsolated and the polyfill picks its
// pthreads build); `isolated: false` sends neither (the polyfill runs its single-threaded build in a
// Worker). Run it by hand with `node scripts/static_server.mjs [--isolated] [--port N]`.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const contentTypes = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.map': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.mp4': 'video/mp4',
  '.webm': 'video/webm',
  '.mkv': 'video/x-matroska',
  '.ogg': 'audio/ogg',
  '.svg': 'image/svg+xml',
};

/**
 * Starts the server on 127.0.0.1 with a free port.
 * @param {{isolated: boolean, root?: string, port?: number, missing?: (pathname: string) => boolean, headers?: Record<string, string>}} options
 *   `missing`: tests, paths answered 404 as if absent (a codec module that cannot be fetched);
 *   `headers`: sent with every response (tests: a Content-Security-Policy).
 * @returns {Promise<{url: string, close: () => Promise<void>}>} `url` ends without a slash.
 */
export async function startServer({ isolated, root = repoRoot, port = 0, missing = () => false, headers: extraHeaders = {} }) {
  const server = http.createServer((req, res) => {
    const headers = { 'Cache-Control': 'no-store', ...extraHeaders };
    if (isolated) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    }
    let pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (pathname.endsWith('/')) pathname += 'index.html';
    const file = path.join(root, path.normalize(pathname));
    if (!file.startsWith(root)) {
      res.writeHead(403, headers).end();
      return;
    }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile() || missing(pathname)) {
        res.writeHead(404, { ...headers, 'Content-Type': 'text/plain' }).end(`not found: ${pathname}`);
        return;
      }
      headers['Content-Type'] = contentTypes[path.extname(file)] ?? 'application/octet-stream';
      headers['Accept-Ranges'] = 'bytes';
      // One byte range, as static hosts serve: media players (mediabunny, <video>) seek with it.
      const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
      let start = 0;
      let end = st.size - 1;
      if (range && (range[1] || range[2])) {
        start = range[1] ? Number(range[1]) : Math.max(0, st.size - Number(range[2]));
        end = range[1] && range[2] ? Math.min(Number(range[2]), st.size - 1) : st.size - 1;
        if (start > end) {
          res.writeHead(416, { ...headers, 'Content-Range': `bytes */${st.size}` }).end();
          return;
        }
        headers['Content-Range'] = `bytes ${start}-${end}/${st.size}`;
      }
      headers['Content-Length'] = end - start + 1;
      res.writeHead(headers['Content-Range'] ? 206 : 200, headers);
      if (req.method === 'HEAD' || st.size === 0) res.end();
      else fs.createReadStream(file, { start, end }).pipe(res);
    });
  });
  // Browsers keep connections alive; without this, close() would wait for them.
  server.keepAliveTimeout = 1000;
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actualPort } = server.address();
  return {
    url: `http://127.0.0.1:${actualPort}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const isolated = process.argv.includes('--isolated');
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : 8081;
  const { url } = await startServer({ isolated, port });
  console.log(`serving ${repoRoot} at ${url}/ (${isolated ? 'COOP/COEP' : 'not isolated'})`);
}
