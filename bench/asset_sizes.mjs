// The bytes a page fetches from dist/, per kind of page (issue #11 §3: "report raw, gzip and
// brotli sizes per module"): each asset raw, gzip -9 and brotli 11 (what a static server with
// precompressed files sends), and the total each kind of page downloads before its first frame.
//   node bench/asset_sizes.mjs            a Markdown table on stdout
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { repoRoot } from '../scripts/static_server.mjs';

const dist = path.join(repoRoot, 'dist');

/** What each kind of page loads (js/core_loader.ts picks the build). */
const PAGES = {
  'cross-origin isolated (pthreads build)': ['webcodecs-wasm.js', 'webcodecs-core-mt.mjs', 'webcodecs-core-mt.worker.js', 'webcodecs-core-mt.wasm'],
  'not isolated (Worker build)': ['webcodecs-wasm.js', 'webcodecs-wasm.st-worker.js', 'webcodecs-core-st.mjs', 'webcodecs-core-st.wasm'],
  'classic script, isolated': ['webcodecs-wasm.global.js', 'webcodecs-core-mt.mjs', 'webcodecs-core-mt.worker.js', 'webcodecs-core-mt.wasm'],
};

function sizes(file) {
  const bytes = fs.readFileSync(path.join(dist, file));
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n) => `${(n / 1024).toFixed(0)} KiB`;
const files = [...new Set(Object.values(PAGES).flat())];
const measured = Object.fromEntries(files.map((f) => [f, sizes(f)]));

const lines = ['| asset | raw | gzip -9 | brotli 11 |', '|---|---|---|---|'];
for (const f of files) lines.push(`| \`${f}\` | ${kb(measured[f].raw)} | ${kb(measured[f].gzip)} | ${kb(measured[f].brotli)} |`);
for (const [page, assets] of Object.entries(PAGES)) {
  const total = (key) => assets.reduce((sum, f) => sum + measured[f][key], 0);
  lines.push(`| **${page}**, all of it | ${kb(total('raw'))} | ${kb(total('gzip'))} | ${kb(total('brotli'))} |`);
}
console.log(lines.join('\n'));
