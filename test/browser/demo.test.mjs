// The demo page (demo/), driven like a user in Debian's Chromium (playwright-core) and Firefox ESR
// without WebCodecs (puppeteer-core): the player's pictures equal the native path's, seeking and
// frame stepping land on the right frames, the transcoder's and the recorder's files (canvas, or
// fake camera and microphone) are valid per Debian's ffprobe and play in the browser, the images
// step, the build panel says what runs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import puppeteer from 'puppeteer-core';
import { startServer } from '../../scripts/static_server.mjs';
import { buildDemo } from '../../demo/serve.mjs';
import { browserPaths, FIREFOX_PREFS } from './driver.mjs';

const tmp = mkdtempSync(path.join(os.tmpdir(), 'wcw-demo-'));
const servers = {};
before(async () => {
  await buildDemo();
  servers.isolated = await startServer({ isolated: true });
  servers.plain = await startServer({ isolated: false });
});
after(async () => {
  await servers.isolated?.close();
  await servers.plain?.close();
  rmSync(tmp, { recursive: true, force: true });
});

// ---- driving the page: only goto/click/evaluate, which both drivers have in the same form.

/** Waits until `fn(arg)` returns a truthy value in the page; returns it. */
async function until(page, fn, arg, what, timeoutMs = 120_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await page.evaluate(fn, arg);
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
const text = (page, id) => page.evaluate((i) => document.getElementById(i).textContent, id);
const select = (page, id, value) =>
  page.evaluate(([i, v]) => {
    const s = document.getElementById(i);
    s.value = v;
    s.dispatchEvent(new Event('change'));
  }, [id, value]);
/** The stats list (dt/dd pairs) of element `id` as an object. */
const stats = (page, id) =>
  page.evaluate((i) => {
    const out = {};
    for (const dt of document.querySelectorAll(`#${i} dt`)) out[dt.textContent] = dt.nextElementSibling.textContent;
    return out;
  }, id);
/** Waits for the status line `id` to match `done` (or an error); returns it. */
async function status(page, id, done, timeoutMs) {
  const line = await until(
    page,
    ([i, source]) => {
      const t = document.getElementById(i).textContent;
      return new RegExp(source).test(t) || document.getElementById(i).className === 'error' ? t : null;
    },
    [id, done.source],
    `#${id} to match ${done}`,
    timeoutMs,
  );
  assert.match(line, done);
  return line;
}
/** The player canvas's RGBA pixels, base64. */
const screenPixels = (page) =>
  page.evaluate(() => {
    const source = document.getElementById('screen');
    const copy = document.createElement('canvas');
    copy.width = source.width;
    copy.height = source.height;
    const g = copy.getContext('2d');
    g.drawImage(source, 0, 0);
    const data = g.getImageData(0, 0, copy.width, copy.height).data;
    let s = '';
    for (let i = 0; i < data.length; i += 0x8000) s += String.fromCharCode(...data.subarray(i, i + 0x8000));
    return btoa(s);
  });
/** The largest and the mean channel difference of two screens. */
function difference(a, b) {
  const x = Buffer.from(a, 'base64');
  const y = Buffer.from(b, 'base64');
  assert.equal(x.length, y.length);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < x.length; i++) {
    const d = Math.abs(x[i] - y[i]);
    max = Math.max(max, d);
    sum += d;
  }
  return { max, mean: sum / x.length };
}
/** A file the page made (a blob: URL in element `id`'s src), written to disk for ffprobe. */
async function savedFile(page, id, name) {
  const base64 = await page.evaluate(async (i) => {
    const bytes = new Uint8Array(await (await fetch(document.getElementById(i).src)).arrayBuffer());
    let s = '';
    for (let k = 0; k < bytes.length; k += 0x8000) s += String.fromCharCode(...bytes.subarray(k, k + 0x8000));
    return btoa(s);
  }, id);
  const file = path.join(tmp, name);
  writeFileSync(file, Buffer.from(base64, 'base64'));
  return file;
}
/** Debian's ffprobe on a file: its streams (codec, size, frames counted) and duration. */
function probe(file) {
  const out = JSON.parse(
    execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', 'stream=codec_type,codec_name,width,height,nb_read_frames:format=duration', '-of', 'json', file]),
  );
  return { streams: out.streams, duration: Number(out.format.duration) };
}
/** The browser's own <video> element `id` reads the file: its size and duration. */
const playsBack = (page, id) =>
  page.evaluate(
    (i) =>
      new Promise((resolve) => {
        const v = document.getElementById(i);
        const done = () => resolve({ width: v.videoWidth, height: v.videoHeight, duration: v.duration, error: v.error?.message ?? null });
        if (v.readyState >= 1) done();
        v.addEventListener('loadedmetadata', done);
        v.addEventListener('error', done);
      }),
    id,
  );

// ---- the parts, each a function of (page, browserName, serverKind).

/** Opens `sample` in the player and waits for its first frame. */
async function openSample(page, sample) {
  await select(page, 'sample', `/build/demo/media/${sample}`);
  await page.click('#open');
  await status(page, 'status', /^Paused\./);
}

async function playerStepsAndSeeks(page) {
  await openSample(page, 'h264-aac.mp4');
  const frameShown = async () => (await stats(page, 'stats'))['frame shown'];
  assert.equal(await frameShown(), '0.000 s');
  const first = await screenPixels(page);
  for (let i = 0; i < 3; i++) await page.click('#step');
  await until(page, () => document.querySelector('#stats dd:nth-of-type(4)').textContent === '0.100 s', null, 'frame 3');
  await page.click('#step-back');
  await until(page, () => document.querySelector('#stats dd:nth-of-type(4)').textContent === '0.067 s', null, 'frame 2');
  // Seeking to 3.02 s shows the frame that covers it (3.000 s at 30 fps), decoded from its key frame.
  await page.evaluate(() => {
    const seek = document.getElementById('seek');
    seek.value = '3.02';
    seek.dispatchEvent(new Event('change'));
  });
  await until(page, () => document.querySelector('#stats dd:nth-of-type(4)').textContent === '3.000 s', null, 'frame at 3 s');
  return { first, atThree: await screenPixels(page) };
}

async function playerPlaysThrough(page, sample) {
  await openSample(page, sample);
  await page.click('#play');
  const done = await status(page, 'status', /^Done: \d+ frames decoded/, 60_000);
  const s = await stats(page, 'stats');
  assert.equal(Number(s['frames shown']) + Number(s['frames dropped']), 180, JSON.stringify(s));
  assert.match(s['first frame'], /^\d+ ms after configure\(\)$/);
  assert.doesNotMatch(s.audio, /not supported|none/);
  return done;
}

async function transcodes(page, sample, target) {
  await select(page, 'transcode-sample', `/build/demo/media/${sample}`);
  await select(page, 'transcode-target', target);
  await page.click('#transcode');
  await status(page, 'transcode-status', /^Converted in/, 300_000);
  assert.equal(await page.evaluate(() => document.getElementById('transcode-progress').value), 1);
  const file = await savedFile(page, 'transcoded', `converted.${target}`);
  const { streams, duration } = probe(file);
  const [video, audio] = ['video', 'audio'].map((t) => streams.find((s) => s.codec_type === t));
  assert.equal(video.codec_name, target === 'mp4' ? 'h264' : 'vp9');
  assert.equal(audio.codec_name, target === 'mp4' ? 'aac' : 'opus');
  assert.deepEqual([video.width, video.height, Number(video.nb_read_frames)], [640, 360, 180]);
  assert.ok(Math.abs(duration - 6) < 0.1, `duration ${duration}`);
  const played = await playsBack(page, 'transcoded');
  assert.equal(played.error, null);
  assert.deepEqual([played.width, played.height], [640, 360]);
}

async function records(page, format, source = 'canvas') {
  await select(page, 'record-format', format);
  await select(page, 'record-source', source);
  await page.click('#record');
  await status(page, 'record-status', /^Recorded/, 120_000);
  assert.equal((await stats(page, 'record-stats'))['frames encoded'], '90');
  const file = await savedFile(page, 'recording', `recording-${format}`);
  const { streams, duration } = probe(file);
  const video = streams.find((s) => s.codec_type === 'video');
  assert.equal(video.codec_name, { 'vp9-opus': 'vp9', 'h264-aac': 'h264' }[format]);
  assert.equal(Number(video.nb_read_frames), 90);
  assert.ok(duration > 2.8 && duration < 3.3, `duration ${duration}`);
  const audio = streams.find((s) => s.codec_type === 'audio');
  assert.equal(audio.codec_name, { 'vp9-opus': 'opus', 'h264-aac': 'aac' }[format]);
  const played = await playsBack(page, 'recording');
  assert.equal(played.error, null);
  assert.deepEqual([played.width, played.height], [640, 360]);
}

async function stepsImages(page) {
  await page.click('#image-open');
  assert.equal(await status(page, 'image-status', /^frame/), 'frame 1/10: BGRX 160×90, at 0 ms for 200 ms');
  await page.click('#image-next');
  await status(page, 'image-status', /^frame 2\//);
  await page.click('#image-prev');
  await page.click('#image-prev');
  assert.equal(await status(page, 'image-status', /^frame 10\//), 'frame 10/10: BGRX 160×90, at 1800 ms for 200 ms');
}

async function buildPanel(page) {
  return until(page, () => {
    const rows = {};
    for (const dt of document.querySelectorAll('#build dt')) rows[dt.textContent] = dt.nextElementSibling.textContent;
    return rows.core === 'loaded' ? rows : null;
  }, null, 'the build panel to show the loaded core');
}

// ---- Chromium (playwright-core): the polyfill and, as the oracle, the browser's own WebCodecs.
describe('Chromium', () => {
  let browser;
  before(async () => {
    browser = await chromium.launch({ executablePath: browserPaths.chromium, args: [
      '--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required',
      // A camera and a microphone that are test patterns, granted without asking.
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
    ] });
  });
  after(() => browser?.close());
  async function withPage(kind, impl, fn) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${servers[kind].url}/demo/?impl=${impl}`);
      await fn(page);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }

  test('player: first frame, frame steps and a seek show the pictures native WebCodecs shows', async () => {
    let native;
    await withPage('plain', 'native', async (page) => {
      native = await playerStepsAndSeeks(page);
    });
    for (const kind of ['isolated', 'plain']) {
      await withPage(kind, 'polyfill', async (page) => {
        const ours = await playerStepsAndSeeks(page);
        // Same H.264 decoder (FFmpeg's) on both sides; drawing within ±2 per channel.
        for (const at of ['first', 'atThree']) {
          const d = difference(ours[at], native[at]);
          assert.ok(d.max <= 2 && d.mean < 0.5, `${kind} ${at}: ${JSON.stringify(d)}`);
        }
        assert.notEqual(ours.first, ours.atThree);
      });
    }
  });

  test('player plays H.264 + AAC through (isolated: pthreads, the build panel says so, the chart has its rates)', () =>
    withPage('isolated', 'polyfill', async (page) => {
      await playerPlaysThrough(page, 'h264-aac.mp4');
      const rows = await buildPanel(page);
      assert.match(rows.implementation, /^webcodecs-wasm for every interface/);
      assert.match(rows.build, /^threaded \(pthreads/);
      assert.match(rows.SIMD, /^yes/);
      assert.match(rows['codec modules'], /h264/);
      assert.match(rows['wasm fetched'], /^\d+ files, \d+ KiB/);
      assert.match(rows.threads, /^\d+ running, \d+ pool Workers started, \d+ cores$/);
      const series = await page.evaluate(() => Object.keys(globalThis.demoChart.latest()));
      assert.ok(series.includes('frames decoded per second') && series.includes('decode queue'), series.join());
    }));

  test('player plays VP9 + Opus through and Vorbis in Ogg (not isolated: the Worker build)', () =>
    withPage('plain', 'polyfill', async (page) => {
      await playerPlaysThrough(page, 'vp9-opus.webm');
      assert.match((await buildPanel(page)).build, /^single-threaded, in one Worker/);
      await select(page, 'sample', '/build/demo/media/vorbis.ogg');
      await page.click('#open');
      await status(page, 'status', /^Paused\./);
      assert.equal((await stats(page, 'stats')).audio, 'vorbis');
      await page.click('#play');
      await status(page, 'status', /^Done: 0 frames decoded/, 60_000);
    }));

  test('transcoder: mediabunny converts VP9 + Opus WebM to H.264 + AAC MP4 (isolated); ffprobe and <video> read it', () =>
    withPage('isolated', 'polyfill', (page) => transcodes(page, 'vp9-opus.webm', 'mp4')));

  test('transcoder: H.264 + AAC MP4 to VP9 + Opus WebM (not isolated)', () =>
    withPage('plain', 'polyfill', (page) => transcodes(page, 'h264-aac.mp4', 'webm')));

  test('recorder: VP9 + Opus WebM (isolated) and H.264 + AAC MP4 (not isolated); ffprobe and <video> read them', async () => {
    await withPage('isolated', 'polyfill', (page) => records(page, 'vp9-opus'));
    await withPage('plain', 'polyfill', (page) => records(page, 'h264-aac'));
  });

  test('recorder: the camera and the microphone (fake devices) to VP9 + Opus', () =>
    withPage('plain', 'polyfill', (page) => records(page, 'vp9-opus', 'camera')));

  test('images: the sample GIF stepped frame by frame', () => withPage('plain', 'polyfill', stepsImages));

  test('the switch: ?impl=native runs the browser\'s own WebCodecs and says so', () =>
    withPage('plain', 'native', async (page) => {
      await page.waitForFunction(() => document.querySelector('#build dd')?.textContent);
      assert.equal((await stats(page, 'build')).implementation, 'native WebCodecs of this browser');
      assert.equal(await page.evaluate(() => document.getElementById('implementation').value), 'native');
    }));
});

// ---- Firefox ESR with WebCodecs off (puppeteer-core): the polyfill is all there is.
describe('Firefox without WebCodecs', () => {
  let browser;
  before(async () => {
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: browserPaths.firefox, headless: true, extraPrefsFirefox: {
      ...FIREFOX_PREFS,
      'media.autoplay.default': 0,
      // A camera and a microphone that are test patterns, granted without asking.
      'media.navigator.streams.fake': true,
      'media.navigator.permission.disabled': true,
    }, protocolTimeout: 300_000 });
  });
  after(() => browser?.close());
  async function withPage(kind, fn) {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${servers[kind].url}/demo/?impl=native`);
      await fn(page);
      assert.deepEqual(errors, []);
    } finally {
      await page.close();
    }
  }

  test('player (isolated): steps, seeks and plays through; native mode fills every interface', () =>
    withPage('isolated', async (page) => {
      assert.equal((await stats(page, 'build')).implementation.startsWith('native, webcodecs-wasm for'), true);
      await playerStepsAndSeeks(page);
      await page.click('#play');
      await status(page, 'status', /^Done: \d+ frames decoded/, 60_000);
      assert.match((await buildPanel(page)).build, /^threaded/);
    }));

  test('player (not isolated) plays VP9 + Opus through', () => withPage('plain', (page) => playerPlaysThrough(page, 'vp9-opus.webm')));

  test('transcoder to MP4 and recorder (VP9 + Opus)', () =>
    withPage('plain', async (page) => {
      await transcodes(page, 'vp9-opus.webm', 'mp4');
      await records(page, 'vp9-opus');
    }));

  test('recorder: the camera and the microphone (fake devices) to VP9 + Opus', () =>
    withPage('plain', (page) => records(page, 'vp9-opus', 'camera')));

  test('images', () => withPage('isolated', stepsImages));
});
