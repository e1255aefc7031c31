// Serves the demo on http://127.0.0.1:8080/demo/ (cross-origin isolated: the pthreads build) and
// http://127.0.0.1:8080/no-isolation/demo/ (no SharedArrayBuffer: the single-threaded build).
//   node demo/serve.mjs [--port 8080] [--build-only]
import { createServer } from 'node:http';
import { createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const args = process.argv.slice(2);
const port = Number(args[args.indexOf('--port') + 1] || 8080);

await build({
  entryPoints: [path.join(root, 'demo/app.ts')],
  bundle: true,
  format: 'esm',
  outfile: path.join(root, 'build/demo/app.js'),
  external: ['/dist/*'],
  logLevel: 'warning',
});
makeSampleMedia();
if (args.includes('--build-only')) process.exit(0);

const types = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.cjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.mp4': 'video/mp4', '.webm': 'video/webm',
  '.map': 'application/json', '.json': 'application/json', '.png': 'image/png',
};

createServer((req, res) => {
  let url = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  const isolated = !url.startsWith('/no-isolation/');
  if (!isolated) url = url.slice('/no-isolation'.length);
  if (url === '/') url = '/demo/';
  if (url.endsWith('/')) url += 'index.html';
  const file = path.join(root, path.normalize(url));
  if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404).end('not found');
    return;
  }
  const headers = { 'Content-Type': types[path.extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' };
  if (isolated) {
    headers['Cross-Origin-Opener-Policy'] = 'same-origin';
    headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
  }
  res.writeHead(200, headers);
  createReadStream(file).pipe(res);
}).listen(port, '127.0.0.1', () => {
  console.log(`webcodecs-wasm demo: http://127.0.0.1:${port}/demo/  (cross-origin isolated, pthreads build)`);
  console.log(`                     http://127.0.0.1:${port}/no-isolation/demo/  (single-threaded build in a Worker)`);
});

/** Small sample files made with Debian's ffmpeg, once. */
function makeSampleMedia() {
  const dir = path.join(root, 'build/demo/media');
  mkdirSync(dir, { recursive: true });
  const make = (name, args) => {
    const out = path.join(dir, name);
    if (!existsSync(out)) execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args, out]);
  };
  const picture = ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=6'];
  const sound = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=6,volume=0.3'];
  make('h264-aac.mp4', [...picture, ...sound, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-shortest']);
  make('vp9-opus.webm', [...picture, ...sound, '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M', '-c:a', 'libopus', '-shortest']);
  make('av1-flac.mkv', [...picture, ...sound, '-c:v', 'libsvtav1', '-preset', '10', '-pix_fmt', 'yuv420p', '-c:a', 'flac', '-shortest']);
}
