// Bundles the TypeScript API layer into dist/ and copies the wasm cores beside it.
//   node scripts/build-dist.mjs <wasm-mt build dir> <wasm-st build dir>
import { build, transform } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';

const [mtDir, stDir] = process.argv.slice(2);
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const dist = path.join(root, 'dist');
rmSync(dist, { recursive: true, force: true });
mkdirSync(dist);


// js/color_convert.ts imports both builds of the colour conversion module, embedded (base64).
const colorConvertWasm = {
  name: 'color-convert-wasm',
  setup(build) {
    build.onResolve({ filter: /^wcw:color-convert-wasm$/ }, (args) => ({ path: args.path, namespace: 'wcw' }));
    build.onLoad({ filter: /^wcw:color-convert-wasm$/, namespace: 'wcw' }, () => {
      const base64 = (build) => readFileSync(path.join(mtDir, `color-convert-${build}.wasm`)).toString('base64');
      return {
        // Decoded on first use, not at import (drawing may never happen).
        contents: `const decode = (s) => Uint8Array.from(atob(s), (c) => c.charCodeAt(0));
const base64 = { simd: ${JSON.stringify(base64('simd'))}, scalar: ${JSON.stringify(base64('scalar'))} };
const bytes = {};
export const colorConvertWasm = {
  get simd() { return (bytes.simd ??= decode(base64.simd)); },
  get scalar() { return (bytes.scalar ??= decode(base64.scalar)); },
};`,
        loader: 'js',
      };
    });
  },
};

// js/core_support.ts imports what each core build supports, asked of the built cores themselves.
const coreSupportJson = execFileSync(process.execPath, [path.join(root, 'scripts/core-support.mjs'), mtDir, stDir], { encoding: 'utf8' });
const builtSupport = JSON.parse(coreSupportJson);
// One `new URL('./file', import.meta.url)` per codec module, written out so that bundlers see
// each file (js/codec_modules.ts).
// Keyed by file: a module with a SIMD variant has two.
const moduleFiles = (variant) => Object.values(builtSupport[variant].modules).flatMap(({ file, simdFile }) => (simdFile ? [file, simdFile] : [file]));
const codecModuleUrls = `export const codecModuleUrls = {\n${['mt', 'st'].map((variant) => `  ${variant}: {\n${
  moduleFiles(variant).map((file) => `    ${JSON.stringify(file)}: () => new URL(${JSON.stringify(`./${file}`)}, import.meta.url),\n`).join('')}  },\n`).join('')}};`;
const coreSupport = {
  name: 'core-support',
  setup(build) {
    build.onResolve({ filter: /^wcw:core-support$/ }, (args) => ({ path: args.path, namespace: 'wcw' }));
    build.onLoad({ filter: /^wcw:core-support$/, namespace: 'wcw' }, () => ({
      contents: `export const coreSupport = ${coreSupportJson.trim()};\n${codecModuleUrls}`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  plugins: [colorConvertWasm, coreSupport],
  target: 'es2020',
  sourcemap: true,
  define: { WCW_CLASSIC_SCRIPT: 'false' },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: [path.join(root, 'js/index.ts')], format: 'esm', outfile: path.join(dist, 'webcodecs-wasm.js') });
await build({ ...common, entryPoints: [path.join(root, 'js/transport/st_worker.ts')], format: 'esm', outfile: path.join(dist, 'webcodecs-wasm.st-worker.js') });
await build({
  ...common,
  entryPoints: [path.join(root, 'js/global.ts')],
  format: 'iife',
  outfile: path.join(dist, 'webcodecs-wasm.global.js'),
  define: { WCW_CLASSIC_SCRIPT: 'true' },
  // The classic script resolves its assets from document.currentScript (js/asset_url.ts).
  logOverride: { 'empty-import-meta': 'silent' },
});

const copy = (dir, from, to = from) => copyFileSync(path.join(dir, from), path.join(dist, to));
for (const f of ['webcodecs-core-mt.wasm', 'webcodecs-core-mt-node.cjs']) copy(mtDir, f);
// The pthreads core is linked at -O1 (cmake/wasm.cmake: a start-function fix), which leaves its
// glue unminified; only whitespace is taken out (names stay: the glue looks some up by string).
writeFileSync(path.join(dist, 'webcodecs-core-mt.mjs'),
  (await transform(readFileSync(path.join(mtDir, 'webcodecs-core-mt.mjs'), 'utf8'), { minifyWhitespace: true, format: 'esm', target: 'es2020', logLevel: 'warning' })).code);
// Emscripten's pthread worker, edited:
// - it imports the glue only when the compiled module reaches it, after the main thread's
//   compile; js/transport/pthread_pool.ts sends each new Worker the glue's URL first
//   ("wcwPrefetch"), which starts the same import at once, so that "load" finds the module
//   loaded (one module map entry per URL: it is fetched and run once);
// - bundlers bundle this script as a worker entry (js/asset_url.ts): its imports of a URL known
//   only at run time must be left alone, and its fallback import of "./webcodecs-core-mt.mjs"
//   (the loader always sends the glue's URL) would make them bundle the glue in.
const pthreadWorkerEdits = [
  ['self.onmessage=(e=>{try{if(e.data.cmd==="load"){',
    'self.onmessage=(e=>{try{if(e.data.cmd==="wcwPrefetch"){import(/* webpackIgnore: true */ /* @vite-ignore */ e.data.url).catch(function(){})}else if(e.data.cmd==="load"){'],
  ['(e.data.urlOrBlob?import(e.data.urlOrBlob):import("./webcodecs-core-mt.mjs"))',
    'import(/* webpackIgnore: true */ /* @vite-ignore */ e.data.urlOrBlob)'],
];
let pthreadWorker = readFileSync(path.join(mtDir, 'webcodecs-core-mt.worker.js'), 'utf8');
for (const [from, to] of pthreadWorkerEdits) {
  if (pthreadWorker.split(from).length !== 2) throw new Error(`webcodecs-core-mt.worker.js: expected once: ${from}`);
  pthreadWorker = pthreadWorker.replace(from, to);
}
writeFileSync(path.join(dist, 'webcodecs-core-mt.worker.js'), pthreadWorker);
// "type": "module" makes Node read every .js here as ESM; Emscripten's Node pthread worker is CommonJS.
// The Node build's wasm is the same file as the browser build's (same objects, same flags; only
// the JS glue differs), so dist/ ships it once. Fail loudly if the builds ever diverge.
if (!readFileSync(path.join(mtDir, 'webcodecs-core-mt.wasm')).equals(readFileSync(path.join(mtDir, 'webcodecs-core-mt-node.wasm')))) {
  throw new Error('webcodecs-core-mt.wasm and webcodecs-core-mt-node.wasm differ: ship both');
}
copy(mtDir, 'webcodecs-core-mt-node.worker.js', 'webcodecs-core-mt-node.worker.cjs');
for (const f of ['webcodecs-core-st.mjs', 'webcodecs-core-st.wasm']) copy(stDir, f);
for (const [variant, dir] of [['mt', mtDir], ['st', stDir]]) {
  for (const file of moduleFiles(variant)) copy(path.join(dir, 'codec-modules'), file);
}

// The sources type-check; the package's declarations are js/webcodecs-wasm.d.ts, in lib.dom's terms.
execFileSync(path.join(root, 'node_modules/.bin/tsc'), ['-p', path.join(root, 'tsconfig.json'), '--noEmit'], { stdio: 'inherit' });
for (const f of ['webcodecs-wasm.d.ts', 'webcodecs-wasm.auto.js', 'webcodecs-wasm.auto.d.ts', 'webcodecs-wasm.isolation-sw.js']) copyFileSync(path.join(root, 'js', f), path.join(dist, f));
