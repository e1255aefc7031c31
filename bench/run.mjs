// Decode speed of webcodecs-wasm against the browser's native WebCodecs, side by side in one
// Chromium run (`make bench`). Prints a Markdown table and writes it to bench/results/.
//   node bench/run.mjs [--runs 3] [--no-isolation] [--only startup|decode|encode|audio|drawing]
// (startup: import + configure() to the first output, cold and warm; encode: the video
// encoders; audio: the audio encoders; drawing: a 1080p frame drawn by drawImage(),
// createImageBitmap() and texImage2D().) BENCH_CHROMIUM_FLAGS="…" adds Chromium
// switches, e.g. for a profiling run (`--js-flags=--prof`).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { startServer, repoRoot } from '../scripts/static_server.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(option('--runs', 3));
const isolated = !args.includes('--no-isolation');
const only = option('--only', null);
const STREAMS = ['h264-720p', 'h264-1080p', 'vp9-720p', 'vp9-1080p', 'av1-720p', 'av1-1080p'];
// Encoders at 720p (2 Mbit/s) and 1080p (4 Mbit/s), realtime (what recording a canvas or a
// camera asks for) and quality mode; levels that hold 1080p.
const SIZES = [{ width: 1280, height: 720, bitrate: 2_000_000, name: '720p' }, { width: 1920, height: 1080, bitrate: 4_000_000, name: '1080p' }];
const ENCODES = [
  { codec: 'avc1.640028', label: 'H.264 high' },
  { codec: 'vp8', label: 'VP8' },
  { codec: 'vp09.00.40.08', label: 'VP9' },
  { codec: 'av01.0.08M.08', label: 'AV1' },
].flatMap((c) => SIZES.flatMap((size) => ['realtime', 'quality'].map((latencyMode) => ({
  ...c, latencyMode, size: size.name,
  config: { codec: c.codec, width: size.width, height: size.height, bitrate: size.bitrate, framerate: 30, latencyMode },
}))));
const ENCODE_FRAMES = 60;
// Audio encoders: 20 s of stereo 48 kHz, as multiples of real time.
const AUDIO_ENCODES = [
  { label: 'Opus 128 kbit/s', config: { codec: 'opus', sampleRate: 48000, numberOfChannels: 2, bitrate: 128_000 } },
  { label: 'AAC-LC 128 kbit/s', config: { codec: 'mp4a.40.2', sampleRate: 48000, numberOfChannels: 2, bitrate: 128_000 } },
];
const AUDIO_SECONDS = 20;
// Start-up: import + configure() → first output in a fresh browser context (cold: nothing cached,
// nothing compiled), then configure() → first output of a second decoder in the same page (warm),
// each in bench/startup.html; at least 5 contexts per row, polyfill and native alternating.
const STARTUPS = [
  { label: 'VP9 720p', url: '/build/bench/fixtures/vp9-720p.json', target: 400 },
  { label: 'H.264 720p', url: '/build/bench/fixtures/h264-720p.json', target: 400 },
  { label: 'Opus', url: '/test/fixtures/generated/opus-stereo.json', target: 200 },
  { label: 'AAC', url: '/test/fixtures/generated/aac-lc-stereo-44100.json', target: 200 },
];
const STARTUP_RUNS = Math.max(runs, 5);
// Drawing: one 1080p frame, native and polyfilled from the same bytes (bench/drawing.html),
// median of DRAWING_REPEATS samples per operation; the polyfill as it chooses ('auto') and, in a
// pass of its own beside native again (so that its GPU work does not slow the other samples),
// with its WebGL2 path forced (which 'auto' takes only on a hardware renderer).
const DRAWINGS = ['I420', 'NV12'].flatMap((format) => ['drawImage', 'createImageBitmap', 'texImage2D'].map((operation) => ({ format, operation })));
const DRAWING_REPEATS = Math.max(runs * 7, 21);
const DRAWING_PATHS = ['auto', 'webgl2'];
const WARM_TARGET = 100;
/** The codec modules with a SIMD variant in dist/ (webcodecs-<module>-simd-<variant>.wasm). */
const moduleFilesWithSimd = () => [...new Set(readdirSync(path.join(repoRoot, 'dist'))
  .map((f) => /^webcodecs-(.+)-simd-(mt|st)\.wasm$/.exec(f)?.[1]).filter(Boolean))].join(', ') || 'none';
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const server = await startServer({ isolated });
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
    '--disable-sync', '--no-first-run', '--disable-quic', ...(process.env.BENCH_CHROMIUM_FLAGS ?? '').split(' ').filter(Boolean)],
});
const startupRows = [];
const rows = [];
const encodeRows = [];
const audioRows = [];
const drawingRows = [];
let drawingRenderer = null;
try {
  for (const st of only && only !== 'startup' ? [] : STARTUPS) {
    const times = { polyfill: [], native: [] };
    for (let i = 0; i < STARTUP_RUNS; i++) {
      for (const impl of ['polyfill', 'native']) {
        const context = await browser.newContext(); // its own HTTP cache and code cache: cold
        const page = await context.newPage();
        page.on('pageerror', (e) => console.error(e));
        await page.goto(`${server.url}/bench/startup.html`);
        await page.waitForFunction(() => typeof window.startup === 'function');
        await page.evaluate((u) => window.loadFixture(u), st.url); // the media is not start-up
        const cold = await page.evaluate(([u, m]) => window.startup(u, m), [st.url, impl]);
        const warm = await page.evaluate(([u, m]) => window.startup(u, m), [st.url, impl]);
        times[impl].push({ cold: cold.total, warm: warm.total });
        await context.close();
      }
    }
    const row = { name: st.label, target: st.target };
    for (const impl of ['polyfill', 'native']) {
      row[impl] = { cold: median(times[impl].map((t) => t.cold)), warm: median(times[impl].map((t) => t.warm)) };
    }
    row.coldRuns = times.polyfill.map((t) => t.cold);
    startupRows.push(row);
    console.error(`start-up ${st.label}: polyfill cold ${row.polyfill.cold.toFixed(0)} ms, warm ${row.polyfill.warm.toFixed(0)} ms; ` +
      `native cold ${row.native.cold.toFixed(0)} ms, warm ${row.native.warm.toFixed(0)} ms`);
  }
  const page = await browser.newPage();
  page.on('pageerror', (e) => console.error(e));
  await page.goto(`${server.url}/bench/page.html`);
  await page.waitForFunction(() => typeof window.bench === 'function');
  for (const name of only && only !== 'decode' ? [] : STREAMS) {
    const poly = await page.evaluate(([n, r]) => window.bench(n, 'polyfill', r), [name, runs]);
    const native = await page.evaluate(([n, r]) => window.bench(n, 'native', r), [name, runs]);
    const libav = await page.evaluate(([n, r]) => window.bench(n, 'libav', r), [name, runs])
      .catch((error) => ({ fps: null, error: String(error) }));
    rows.push({ name, frames: poly.frames, poly: poly.fps, native: native.fps, libav: libav.fps, polyTask: poly.longestTaskMs, nativeTask: native.longestTaskMs });
    console.error(`${name}: polyfill ${poly.fps.toFixed(0)} fps, native ${native.fps.toFixed(0)} fps, ` +
      `libavjs ${libav.fps?.toFixed(0) ?? libav.error ?? 'unsupported'}`);
  }
  // The codec modules' scalar variants, in a page of their own (one variant per core).
  let scalarPage = null;
  for (const e of only && only !== 'encode' ? [] : ENCODES) {
    if (!scalarPage) {
      scalarPage = await browser.newPage();
      scalarPage.on('pageerror', (e) => console.error(e));
      await scalarPage.goto(`${server.url}/bench/page.html?modules=scalar`);
      await scalarPage.waitForFunction(() => typeof window.benchEncode === 'function');
    }
    const poly = await page.evaluate(([c, r, n]) => window.benchEncode(c, 'polyfill', r, n), [e.config, runs, ENCODE_FRAMES]);
    const scalar = await scalarPage.evaluate(([c, r, n]) => window.benchEncode(c, 'polyfill', r, n), [e.config, runs, ENCODE_FRAMES]);
    const native = await page.evaluate(([c, r, n]) => window.benchEncode(c, 'native', r, n), [e.config, runs, ENCODE_FRAMES]);
    const libav = await page.evaluate(([c, r, n]) => window.benchEncode(c, 'libav', r, n), [e.config, runs, ENCODE_FRAMES])
      .catch((error) => ({ fps: null, error: String(error) }));
    encodeRows.push({ name: `${e.label} ${e.size} ${e.latencyMode}`, frames: poly.frames, poly: poly.fps, scalar: scalar.fps, native: native.fps,
      libav: libav.fps, libavFrames: libav.frames });
    console.error(`encode ${e.label} ${e.latencyMode}: polyfill ${poly.fps?.toFixed(1)} fps (scalar modules ${scalar.fps?.toFixed(1)}), native ${native.fps?.toFixed(1) ?? 'unsupported'}, ` +
      `libavjs ${libav.fps?.toFixed(1) ?? libav.error ?? 'unsupported'}`);
  }
  for (const a of only && only !== 'audio' ? [] : AUDIO_ENCODES) {
    const measure = (impl) => page.evaluate(([c, i, r, s]) => window.benchAudioEncode(c, i, r, s), [a.config, impl, runs, AUDIO_SECONDS])
      .catch((error) => ({ speed: null, error: String(error) }));
    const [poly, native, libav] = [await measure('polyfill'), await measure('native'), await measure('libav')];
    audioRows.push({ name: a.label, poly: poly.speed, native: native.speed, libav: libav.speed });
    console.error(`encode ${a.label}: polyfill ${poly.speed?.toFixed(0)}×, native ${native.speed?.toFixed(0) ?? 'unsupported'}×, ` +
      `libavjs ${libav.speed?.toFixed(0) ?? libav.error ?? 'unsupported'}×`);
  }
  if (!only || only === 'drawing') {
    const drawing = await browser.newPage();
    drawing.on('pageerror', (e) => console.error(e));
    await drawing.goto(`${server.url}/bench/drawing.html`);
    await drawing.waitForFunction(() => typeof window.benchDrawing === 'function');
    for (const d of DRAWINGS) {
      const passes = {};
      for (const path of DRAWING_PATHS) {
        const r = await drawing.evaluate(([f, o, n, p]) => window.benchDrawing(f, o, n, [p]), [d.format, d.operation, DRAWING_REPEATS, path]);
        drawingRenderer ??= r.renderer;
        passes[path] = r.unavailable ? r : { native: r.native, ...r.polyfill[path] };
        console.error(`drawing ${d.format} ${d.operation}, ${path}: ` +
          (r.unavailable ?? `native ${r.native.toFixed(1)} ms, polyfill ${r.polyfill[path].ms.toFixed(1)} ms (${r.polyfill[path].taken})`));
      }
      drawingRows.push({ ...d, ...passes });
    }
    await drawing.close();
  }
} finally {
  await browser.close();
  await server.close();
}

const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
const setting = `${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores (${cpu}), Chromium ${browser.version()}, ` +
  `${isolated ? 'cross-origin isolated (pthreads build)' : 'not isolated (single-threaded build)'}, median of ${runs} runs`;
const load = os.loadavg().map((l) => l.toFixed(1)).join(' / ');
const ms = (v) => `${v.toFixed(0)} ms`;
const meets = (v, target) => (v <= target ? 'yes' : 'no');
const ratio = (a, b) => `${(a / b).toFixed(a / b < 10 ? 2 : 0)}×`;
const tables = {
  startup: [
    `Start-up, import + configure() → first output (cold: a fresh browser context, nothing cached or compiled) and ` +
      `configure() → first output of a second decoder in the same page (warm), every chunk queued at once, ` +
      `${setting.replace(`median of ${runs} runs`, `median of ${STARTUP_RUNS} contexts`)}, load average ${load} (1 / 5 / 15 min) after the run:`,
    '',
    '| stream | cold webcodecs-wasm | cold native | ratio | target (met) | warm webcodecs-wasm | warm native | ratio | target (met) | cold runs, webcodecs-wasm (ms) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...startupRows.map((r) => `| ${r.name} | ${ms(r.polyfill.cold)} | ${ms(r.native.cold)} | ${(r.polyfill.cold / r.native.cold).toFixed(0)}× | ` +
      `${r.target} ms (${meets(r.polyfill.cold, r.target)}) | ${ms(r.polyfill.warm)} | ${ms(r.native.warm)} | ` +
      `${(r.polyfill.warm / r.native.warm).toFixed(0)}× | ${WARM_TARGET} ms (${meets(r.polyfill.warm, WARM_TARGET)}) | ` +
      `${r.coldRuns.map((v) => v.toFixed(0)).join(' ')} |`),
  ],
  decode: [
    `Decode speed, ${setting}:`,
    '',
    '(libavjs-webcodecs-polyfill 0.5.5 over libav.js 6.10.9: VP9 with the webm-vp9 variant, AV1 with av1-opus (libaom); none of its variants tried has an H.264 decoder (h264-aac is not on npm). ' +
      'No decoder has a SIMD variant, docs/SIMD.md: one column serves both kinds of engine.)',
    '',
    '| stream | frames | webcodecs-wasm fps | native fps | ratio to native | libavjs-webcodecs-polyfill fps | ratio to libavjs | longest main-thread task, webcodecs-wasm / native (ms; 0: none over 50) |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.frames} | ${r.poly.toFixed(0)} | ${r.native.toFixed(0)} | ${(r.poly / r.native).toFixed(2)}× | ` +
      `${r.libav?.toFixed(0) ?? 'unsupported'} | ${r.libav ? `${(r.poly / r.libav).toFixed(2)}×` : '–'} | ` +
      `${r.polyTask.toFixed(0)} / ${r.nativeTask.toFixed(0)} |`),
  ],
  encode: [
    `Encode speed (synthetic I420 frames, 720p at 2 Mbit/s and 1080p at 4 Mbit/s, 30 fps, all ${ENCODE_FRAMES} frames queued at once; ` +
      `an encoder that would need more than 90 s for its timed runs encodes fewer frames per run, their number in brackets; ` +
      `one too slow for 5 frames a run is given as its 5-frame warm-up run), ${setting}:`,
    '',
    `("scalar": the codec modules' scalar variants; only ${moduleFilesWithSimd()} have SIMD ones, docs/SIMD.md; the others are the same files)`,
    '',
    '| encoder | frames | webcodecs-wasm fps | scalar modules fps | native fps | ratio to native | libavjs-webcodecs-polyfill fps | ratio to libavjs |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
    ...encodeRows.map((r) => `| ${r.name} | ${r.frames} | ${r.poly?.toFixed(1) ?? 'unsupported'} | ${r.scalar?.toFixed(1) ?? 'unsupported'} | ${r.native?.toFixed(1) ?? 'unsupported'} | ` +
      `${r.poly && r.native ? `${(r.poly / r.native).toFixed(2)}×` : '–'} | ` +
      `${r.libav ? `${r.libav.toFixed(1)}${r.libavFrames < r.frames ? ` (${r.libavFrames} frames)` : ''}` : 'unsupported'} | ` +
      `${r.poly && r.libav ? `${(r.poly / r.libav).toFixed(2)}×` : '–'} |`),
  ],
  audio: [
    `Audio encode speed (${AUDIO_SECONDS} s of stereo 48 kHz in 20 ms AudioData, all queued at once), as multiples of real time, ${setting}:`,
    '',
    '| encoder | webcodecs-wasm | native | ratio to native | libavjs-webcodecs-polyfill |',
    '|---|---:|---:|---:|---:|',
    ...audioRows.map((r) => `| ${r.name} | ${r.poly ? `${r.poly.toFixed(0)}×` : 'unsupported'} | ${r.native ? `${r.native.toFixed(0)}×` : 'unsupported'} | ` +
      `${r.poly && r.native ? `${(r.poly / r.native).toFixed(2)}×` : '–'} | ${r.libav ? `${r.libav.toFixed(0)}×` : 'unsupported'} |`),
  ],
  drawing: [
    `Drawing one 1920×1080 frame (the bench's H.264 1080p first frame, BT.709 limited range; native and polyfilled ` +
      `VideoFrames from the same bytes, alternating; the forced WebGL2 path in a second pass), milliseconds per call including what makes the work happen ` +
      `(drawImage + getImageData of 1 pixel; await createImageBitmap; WebGL2 texImage2D + readPixels of 1 pixel), ` +
      `${setting.replace(`median of ${runs} runs`, `median of ${DRAWING_REPEATS} calls`)}, WebGL: ${drawingRenderer}, ` +
      `load average ${load} (1 / 5 / 15 min) after the run:`,
    '',
    '| format | operation | native | webcodecs-wasm (path taken) | ratio | native, 2nd pass | webcodecs-wasm, WebGL2 forced | ratio |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...drawingRows.map((r) => `| ${r.format} | ${r.operation} | ` + DRAWING_PATHS.map((path) => (r[path].unavailable ? `${r[path].unavailable} | – | –` :
      `${r[path].native.toFixed(1)} ms | ${r[path].ms.toFixed(1)} ms (${r[path].taken}) | ${ratio(r[path].ms, r[path].native)}`)).join(' | ') + ' |'),
  ],
};
mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
for (const [kind, lines] of Object.entries(tables)) {
  if (only && only !== kind) continue;
  const table = lines.join('\n');
  console.log(`${table}\n`);
  writeFileSync(path.join(repoRoot, 'bench/results', `${kind}-${isolated ? 'mt' : 'st'}.md`), `${table}\n`);
}
