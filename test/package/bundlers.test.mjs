// The package as users get it (issue #10 §1): `npm pack`'s tarball, installed into a fresh app
// and built by each bundler with no configuration and no plugin (test/package/app/main.js), then
// run in Chromium with its own WebCodecs hidden, on a cross-origin isolated page (the pthreads
// build) and on one that is not (the Worker build).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { build as viteBuild, createServer as viteServer } from 'vite';
import webpack from 'webpack';
import { build as esbuild } from 'esbuild';
import { CHROMIUM_ARGS, browserPaths } from '../browser/driver.mjs';
import { repoRoot, startServer } from '../../scripts/static_server.mjs';

const WEBCODECS_GLOBALS = ['VideoDecoder', 'VideoEncoder', 'AudioDecoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk',
  'VideoFrame', 'AudioData', 'VideoColorSpace', 'ImageDecoder', 'ImageTrack', 'ImageTrackList'];
const ISOLATION_HEADERS = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

let work;
let tarball;
let browser;

before(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'webcodecs-wasm-package-'));
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: repoRoot, encoding: 'utf8' }).trim().split('\n').pop();
  tarball = path.join(work, name);
  browser = await chromium.launch({ executablePath: browserPaths.chromium, args: CHROMIUM_ARGS });
});
after(async () => {
  await browser?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** A fresh app directory with the tarball installed (offline: the package has no dependencies). */
function makeApp(name) {
  const dir = path.join(work, name);
  cpSync(path.join(repoRoot, 'test/package/app'), dir, { recursive: true });
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  execFileSync('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--silent'], { cwd: dir });
  return dir;
}

/** Opens `url` with the browser's WebCodecs hidden and returns the app's result. */
async function runApp(url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.addInitScript((names) => {
      for (const n of names) delete globalThis[n];
    }, WEBCODECS_GLOBALS);
    await page.goto(url);
    const result = await page.evaluate(() => window.result);
    return { ...result, errors };
  } finally {
    await context.close();
  }
}

/** What the app must report: the package installed itself, and 3 frames made the round trip. */
function assertRoundTrip(result, isolated) {
  assert.deepEqual(result, { installed: true, chunks: 3, frames: ['I420 64x48', 'I420 64x48', 'I420 64x48'], isolated, errors: [] });
}

/** Serves a built app's output directory both ways and runs it. */
async function assertBuiltAppRuns(outDir) {
  for (const isolated of [true, false]) {
    const server = await startServer({ isolated, root: outDir });
    try {
      assertRoundTrip(await runApp(`${server.url}/`), isolated);
    } finally {
      await server.close();
    }
  }
}

test('the tarball: dist/ and the package files only', () => {
  const files = execFileSync('tar', ['tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((f) => f.replace(/^package\//, ''));
  const outside = files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f));
  assert.deepEqual(outside, []);
  for (const entry of ['dist/webcodecs-wasm.js', 'dist/webcodecs-wasm.auto.js', 'dist/webcodecs-wasm.global.js', 'dist/webcodecs-wasm.d.ts', 'dist/webcodecs-core-mt.wasm']) {
    assert.ok(files.includes(entry), entry);
  }
  console.log(`# tarball ${path.basename(tarball)}: ${(statSync(tarball).size / 1e6).toFixed(1)} MB, ${files.length} files`);
});

describe('Vite', () => {
  let app;
  before(() => {
    app = makeApp('vite-app');
  });
  test('production build', async () => {
    await viteBuild({ root: app, logLevel: 'silent' });
    await assertBuiltAppRuns(path.join(app, 'dist'));
  });
  test('dev server', async () => {
    for (const isolated of [true, false]) {
      const server = await viteServer({ root: app, logLevel: 'silent', server: { port: 0, host: '127.0.0.1', headers: isolated ? ISOLATION_HEADERS : {} } });
      await server.listen();
      try {
        const { port } = server.httpServer.address();
        assertRoundTrip(await runApp(`http://127.0.0.1:${port}/`), isolated);
      } finally {
        await server.close();
      }
    }
  });
});

test('webpack 5', async () => {
  const app = makeApp('webpack-app');
  const stats = await new Promise((resolve, reject) => {
    const compiler = webpack({ mode: 'production', context: app, entry: './main.js', output: { path: path.join(app, 'dist') }, performance: { hints: false } });
    compiler.run((error, result) => compiler.close(() => (error ? reject(error) : resolve(result))));
  });
  assert.deepEqual(stats.toJson({ all: false, errors: true, warnings: true }), { errors: [], warnings: [] }, 'no errors, no warnings');
  writeFileSync(path.join(app, 'dist/index.html'), '<!doctype html><meta charset="utf-8"><script src="main.js"></script>');
  await assertBuiltAppRuns(path.join(app, 'dist'));
});

test('TypeScript: the declarations are lib.dom\'s, both ways (tsc --strict, the package\'s .d.ts checked too)', () => {
  const app = makeApp('typescript-app');
  writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2022', 'dom'], strict: true, noEmit: true, skipLibCheck: false, types: [] },
    files: ['types_check.ts'],
  }));
  execFileSync(path.join(repoRoot, 'node_modules/.bin/tsc'), ['-p', app], { encoding: 'utf8' });
  // Every value the package exports is declared (but its test hooks).
  const declared = execFileSync(process.execPath, ['--input-type=module', '-e',
    "const m = await import('webcodecs-wasm'); console.log(JSON.stringify(Object.keys(m)))"], { cwd: app, encoding: 'utf8' });
  const dts = readFileSync(path.join(app, 'node_modules/webcodecs-wasm/dist/webcodecs-wasm.d.ts'), 'utf8');
  const values = [...dts.matchAll(/^export declare (?:const|function) (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual(JSON.parse(declared).filter((name) => !['__testHooks', 'webCodecsInterfaces'].includes(name)), [...new Set(values)].sort());
});

test('Node 20+: import \'webcodecs-wasm/auto\' installs the globals, and the round trip runs', () => {
  const app = makeApp('node-app');
  const out = execFileSync(process.execPath, ['node_main.js'], { cwd: app, encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), { installed: true, chunks: 3, frames: ['I420 64x48', 'I420 64x48', 'I420 64x48'], isolated: false });
});

test('esbuild: the bundle, with the package\'s dist/ files copied beside it (esbuild emits no `new URL()` assets)', async () => {
  const app = makeApp('esbuild-app');
  const out = path.join(app, 'dist');
  await esbuild({ entryPoints: [path.join(app, 'main.js')], bundle: true, format: 'esm', outfile: path.join(out, 'main.js'), logLevel: 'silent' });
  const packageDist = path.join(app, 'node_modules/webcodecs-wasm/dist');
  for (const f of readdirSync(packageDist)) if (/\.(wasm|mjs|js)$/.test(f)) cpSync(path.join(packageDist, f), path.join(out, f));
  writeFileSync(path.join(out, 'index.html'), '<!doctype html><meta charset="utf-8"><script type="module" src="main.js"></script>');
  await assertBuiltAppRuns(out);
});
