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

for (const [isolated, sample, implementation] of [
  [true, 'h264-aac.mp4', 'webcodecs-wasm (pthreads)'],
  [false, 'vp9-opus.webm', 'webcodecs-wasm (single-threaded worker)'],
]) {
  test(`demo plays ${sample} ${isolated ? 'cross-origin isolated' : 'without isolation'}`, async () => {
    const server = await startServer({ isolated });
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await page.goto(`${server.url}/demo/`);
      await page.selectOption('#sample', `/build/demo/media/${sample}`);
      await page.click('#play');
      await page.waitForFunction(() => /^Done|Decoder error|Error/.test(document.getElementById('status').textContent), null, { timeout: 60_000 });
      assert.deepEqual(errors, []);
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
    } finally {
      await page.close();
      await server.close();
    }
  });
}
