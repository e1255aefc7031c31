// The demo page (demo/), driven like a user would in Debian's Chromium: pick a sample, press
// play, and check that the polyfill decoded every frame and drew real pictures.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { startServer } from '../../scripts/static_server.mjs';
import { buildDemo } from '../../demo/serve.mjs';
import { browserPaths } from './driver.mjs';

let browser;
before(async () => {
  await buildDemo();
  browser = await chromium.launch({ executablePath: browserPaths.chromium, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] });
});
after(() => browser?.close());

/** Opens the demo on a server (isolated or not), runs `fn(page)`, and checks no page error was thrown. */
async function withDemoPage(isolated, fn) {
  const server = await startServer({ isolated });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    await page.goto(`${server.url}/demo/`);
    await fn(page);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await server.close();
  }
}

for (const [isolated, sample, implementation] of [
  [true, 'h264-aac.mp4', 'webcodecs-wasm (pthreads)'],
  [false, 'vp9-opus.webm', 'webcodecs-wasm (single-threaded worker)'],
]) {
  test(`demo plays ${sample} ${isolated ? 'cross-origin isolated' : 'without isolation'}`, () =>
    withDemoPage(isolated, async (page) => {
      await page.selectOption('#sample', `/build/demo/media/${sample}`);
      await page.click('#play');
      await page.waitForFunction(() => /^Done|Decoder error|Error/.test(document.getElementById('status').textContent), null, { timeout: 60_000 });
      assert.match(await page.textContent('#status'), /^Done: 180 frames decoded/);
      const stats = await page.textContent('#stats');
      assert.ok(stats.includes(implementation), stats);
      assert.match(stats, /audio decode6\.0 s/);
      // testsrc2's left bar is red: the WebGL picture must show it.
      const [r, g, b] = await page.evaluate(() => {
        const source = document.getElementById('screen');
        const canvas = document.createElement('canvas');
        canvas.width = source.width;
        canvas.height = source.height;
        const ctx = canvas.getContext('2d');
        ctx.drawImage(source, 0, 0);
        return Array.from(ctx.getImageData(40, source.height / 2, 1, 1).data);
      });
      assert.ok(r > 180 && g < 80 && b < 80, `expected red, got ${r},${g},${b}`);
    }));
}

// The recorder: the polyfill's encoders write a file that the browser's own <video> plays.
for (const [isolated, format] of [[true, 'vp9-opus'], [false, 'h264-aac']]) {
  test(`demo records ${format} ${isolated ? 'cross-origin isolated' : 'without isolation'}; Chromium's own player plays it`, () =>
    withDemoPage(isolated, async (page) => {
      await page.selectOption('#record-format', format);
      await page.click('#record');
      await page.waitForFunction(() => /^Recorded|failed/.test(document.getElementById('record-status').textContent), null, { timeout: 120_000 });
      assert.match(await page.textContent('#record-status'), /^Recorded/);
      assert.match(await page.textContent('#record-stats'), /frames encoded90/);
      const video = await page.evaluate(() => new Promise((resolve) => {
        const v = document.getElementById('recording');
        const done = () => resolve({ width: v.videoWidth, height: v.videoHeight, duration: v.duration, error: v.error?.message ?? null });
        if (v.readyState >= 1) done();
        v.addEventListener('loadedmetadata', done);
        v.addEventListener('error', done);
      }));
      assert.equal(video.error, null);
      assert.deepEqual([video.width, video.height], [640, 360]);
      assert.ok(video.duration > 2.8 && video.duration < 3.3, `duration ${video.duration}`);
    }));
}

// The image section: the sample GIF stepped frame by frame through the polyfill's ImageDecoder.
test('demo steps through the sample GIF with the polyfill ImageDecoder', () =>
  withDemoPage(false, async (page) => {
    await page.click('#image-open');
    await page.waitForFunction(() => /^frame|Error/.test(document.getElementById('image-status').textContent), null, { timeout: 60_000 });
    assert.equal(await page.textContent('#image-status'), 'frame 1/10: BGRX 160×90, at 0 ms for 200 ms');
    await page.click('#image-next');
    await page.waitForFunction(() => /^frame 2/.test(document.getElementById('image-status').textContent), null, { timeout: 30_000 });
    await page.click('#image-prev');
    await page.click('#image-prev');
    await page.waitForFunction(() => /^frame 10/.test(document.getElementById('image-status').textContent), null, { timeout: 30_000 });
    assert.equal(await page.textContent('#image-status'), 'frame 10/10: BGRX 160×90, at 1800 ms for 200 ms');
  }));
