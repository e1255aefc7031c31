// The bytes a page fetches from dist/ (issue #11 §3: "report raw, gzip and brotli sizes per
// module"): each asset raw, gzip -9 and brotli 11 (what a static server with precompressed files
// sends), and what each kind of page downloads for what it does: the script, the core and the
// codec modules its codecs need (js/codec_modules.ts; wasm-build/codec-modules.txt).
//   node bench/asset_sizes.mjs            Markdown tables on stdout
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { repoRoot } from '../scripts/static_server.mjs';

const dist = path.join(repoRoot, 'dist');

/** The scripts and the core each kind of page loads (js/core_loader.ts picks the build). */
const BASE = {
  mt: ['webcodecs-wasm.js', 'webcodecs-core-mt.mjs', 'webcodecs-core-mt.worker.js', 'webcodecs-core-mt.wasm'],
  st: ['webcodecs-wasm.js', 'webcodecs-wasm.st-worker.js', 'webcodecs-core-st.mjs', 'webcodecs-core-st.wasm'],
};
/** What a page does → the codec modules it needs, with issue #11's target for its wasm (gzip). */
const USES = [
  { use: 'Opus decoding (audio only)', modules: ['opus-dec'], targetKB: 400 },
  { use: 'AAC decoding (audio only)', modules: ['aac-dec'], targetKB: 400 },
  { use: 'every audio decoder', modules: ['opus-dec', 'aac-dec', 'audio-dec-more'] },
  { use: 'H.264 decoding', modules: ['h264-dec', 'video'], targetKB: 1200 },
  { use: 'VP9 decoding', modules: ['vpx-dec', 'video'], targetKB: 1200 },
  { use: 'AV1 decoding', modules: ['av1-dec', 'video'], targetKB: 1200 },
  { use: 'HEVC decoding', modules: ['hevc-dec', 'video'], targetKB: 1200 },
  { use: 'VP9 + Opus transcoding (decode and encode)', modules: ['vpx-dec', 'vpx-enc', 'opus-dec', 'audio-enc', 'video'] },
  { use: 'images (every container but AVIF, which adds av1-dec)', modules: ['image', 'video'] },
  { use: 'everything', modules: 'all', targetKB: 3000 },
];

function sizes(file) {
  const bytes = fs.readFileSync(path.join(dist, file));
  return {
    raw: bytes.length,
    gzip: zlib.gzipSync(bytes, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(bytes, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kB = (n) => `${(n / 1000).toFixed(0)} KB`;
const moduleFile = (variant, module) => `webcodecs-${module}-${variant}.wasm`;
const simdFile = (variant, module) => `webcodecs-${module}-simd-${variant}.wasm`;
/** The file an engine with wasm SIMD fetches for a module: its SIMD variant where it has one (docs/SIMD.md). */
const pageFile = (variant, module) => (fs.existsSync(path.join(dist, simdFile(variant, module))) ? simdFile(variant, module) : moduleFile(variant, module));
const modulesOf = (variant) =>
  fs.readdirSync(dist).flatMap((f) => {
    const m = new RegExp(`^webcodecs-(.+)-${variant}\\.wasm$`).exec(f);
    return m && m[1] !== 'core' && !m[1].endsWith('-simd') ? [m[1]] : [];
  }).sort();

const out = [];
for (const variant of ['mt', 'st']) {
  const modules = modulesOf(variant);
  const files = [...BASE[variant], ...modules.flatMap((m) => [...new Set([moduleFile(variant, m), pageFile(variant, m)])])];
  const measured = Object.fromEntries(files.map((f) => [f, sizes(f)]));
  out.push(`\n**${variant === 'mt' ? 'cross-origin isolated (pthreads build)' : 'not isolated (Worker build)'}**: each asset\n`);
  out.push('| asset | raw | gzip -9 | brotli 11 |', '|---|---|---|---|');
  for (const f of files) out.push(`| \`${f}\` | ${kB(measured[f].raw)} | ${kB(measured[f].gzip)} | ${kB(measured[f].brotli)} |`);
  out.push(`\nwhat a page fetches, by what it does (wasm only, then with the scripts), in an engine with wasm SIMD (a module's SIMD variant where it has one; without SIMD the scalar files above)\n`);
  out.push('| page | wasm raw | wasm gzip | wasm brotli | target (gzip) | all files gzip |', '|---|---|---|---|---|---|');
  for (const { use, modules: needed, targetKB } of USES) {
    const wasm = ['webcodecs-core-' + variant + '.wasm', ...(needed === 'all' ? modules : needed).map((m) => pageFile(variant, m))];
    const all = [...BASE[variant].filter((f) => !f.endsWith('.wasm')), ...wasm];
    const total = (list, key) => list.reduce((sum, f) => sum + measured[f][key], 0);
    const gzip = total(wasm, 'gzip');
    const target = targetKB ? `≤ ${targetKB} KB ${gzip <= targetKB * 1000 ? 'met' : '**not met**'}` : '';
    out.push(`| ${use} | ${kB(total(wasm, 'raw'))} | ${kB(gzip)} | ${kB(total(wasm, 'brotli'))} | ${target} | ${kB(total(all, 'gzip'))} |`);
  }
}
console.log(out.join('\n'));
