// Codec modules loaded on demand (issue #11 §3; docs/ARCHITECTURE.md, "Codec modules"), in
// Chromium on both kinds of page: a page fetches the core and the modules its codecs need and
// nothing else (an audio page no picture library; an encoder's SIMD variant, not both), and a module that cannot be fetched fails
// only the codec that needed it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './driver.mjs';
import { startServer } from '../../scripts/static_server.mjs';

const HARNESS = '/test/browser/pages/index.html?impl=polyfill';

/** The .wasm files the page and its workers requested so far, by name, each once. */
const wasmFetched = (page) =>
  [...new Set(page.requests.filter((url) => new URL(url).pathname.endsWith('.wasm')).map((url) => new URL(url).pathname.split('/').pop()))].sort();

let browser;
before(async () => {
  browser = await launchBrowser('chromium');
});
after(async () => {
  await browser?.close();
});

for (const isolated of [true, false]) {
  const variant = isolated ? 'mt' : 'st';
  const file = (module) => `webcodecs-${module}-${variant}.wasm`;

  describe(isolated ? 'COOP/COEP (pthreads build)' : 'not isolated (Worker build)', () => {
    let server;
    let page;
    before(async () => {
      server = await startServer({ isolated });
      page = await browser.openHarness(`${server.url}${HARNESS}`);
    });
    after(async () => {
      await page?.close();
      await server?.close();
    });

    test('each codec fetches its own module, once, and nothing else', async () => {
      assert.deepEqual(wasmFetched(page), [], 'nothing before a codec is configured');

      const opus = await page.run('decodeAudio', { fixture: 'opus-stereo' });
      assert.equal(opus.error, null);
      assert.ok(opus.outputs > 0);
      assert.deepEqual(wasmFetched(page), [file('opus-dec'), file('core')].sort());

      // VP9 needs its decoder and swscale (the "video" module), which every picture path uses.
      const vp9 = await page.run('decodeVideo', { fixture: 'vp9-profile0', hash: false });
      assert.equal(vp9.error, null);
      assert.ok(vp9.frames.length > 0);
      assert.deepEqual(wasmFetched(page), [file('opus-dec'), file('core'), file('video'), file('vpx-dec')].sort());

      // JPEG is decoded by libjpeg-turbo (the "image" module, with FFmpeg's GIF decoder).
      const jpeg = await page.run('decodeImage', { file: '420.jpg', type: 'image/jpeg' });
      assert.ok(jpeg.frames.length === 1, JSON.stringify(jpeg).slice(0, 300));
      const gif = await page.run('decodeImage', { file: 'anim.gif', type: 'image/gif' });
      assert.ok(gif.frames.length > 1, JSON.stringify(gif).slice(0, 300));
      assert.deepEqual(wasmFetched(page), [file('opus-dec'), file('core'), file('image'), file('video'), file('vpx-dec')].sort());

      // Encoding VP9: Chromium has wasm SIMD, so the encoder module's SIMD variant (docs/SIMD.md),
      // never its scalar one.
      const vp9enc = await page.run('encodeVideo', {
        config: { codec: 'vp09.00.10.08', width: 160, height: 120, bitrate: 300_000, framerate: 30 }, frames: 4, format: 'I420', width: 160, height: 120, decodeWith: 'none',
      });
      assert.equal(vp9enc.error, null);
      assert.equal(vp9enc.chunks.length, 4);
      assert.deepEqual(wasmFetched(page), [file('opus-dec'), file('core'), file('image'), file('video'), file('vpx-dec'), file('vpx-enc-simd')].sort());

      // A second Opus decoder finds its module loaded.
      const before = page.requests.length;
      const again = await page.run('decodeAudio', { fixture: 'opus-stereo' });
      assert.equal(again.error, null);
      assert.equal(page.requests.slice(before).filter((url) => url.endsWith('.wasm')).length, 0);
    });
  });

  describe(`${isolated ? 'COOP/COEP' : 'not isolated'}, a module that cannot be fetched`, () => {
    let server;
    let page;
    before(async () => {
      server = await startServer({ isolated, missing: (pathname) => pathname.endsWith(file('h264-dec')) });
      page = await browser.openHarness(`${server.url}${HARNESS}`);
    });
    after(async () => {
      await page?.close();
      await server?.close();
    });

    test('fails that codec with NotSupportedError; other codecs go on', async () => {
      const h264 = await page.run('decodeVideo', { fixture: 'h264-high-bframes', hash: false });
      assert.equal(h264.error?.name, 'NotSupportedError', JSON.stringify(h264.error));
      assert.equal(h264.frames.length, 0);
      const vp9 = await page.run('decodeVideo', { fixture: 'vp9-profile0', hash: false });
      assert.equal(vp9.error, null);
      assert.ok(vp9.frames.length > 0);
    });
  });
}
