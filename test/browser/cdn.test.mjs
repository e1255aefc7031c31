// The package imported from another origin, as from a CDN (issue #10 §1): a Worker's script
// must have the page's origin, so the package starts its Workers from a same-origin blob: module
// that imports its script (js/asset_url.ts assetWorker); the package's origin sends CORS headers
// (and Cross-Origin-Resource-Policy for an isolated page), as CDNs do. Chromium with its
// WebCodecs hidden, the pthreads build and the Worker build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumPerFile } from './driver.mjs';
import { repoRoot, startServer } from '../../scripts/static_server.mjs';

const WEBCODECS_GLOBALS = ['VideoDecoder', 'VideoEncoder', 'AudioDecoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk',
  'VideoFrame', 'AudioData', 'VideoColorSpace', 'ImageDecoder', 'ImageTrack', 'ImageTrackList'];
const CDN_HEADERS = { 'Access-Control-Allow-Origin': '*', 'Cross-Origin-Resource-Policy': 'cross-origin' };

const browser = chromiumPerFile();

for (const isolated of [true, false]) {
  test(`from another origin, ${isolated ? 'cross-origin isolated (pthreads build)' : 'not isolated (Worker build)'}: installs itself and round-trips VP8`, async () => {
    const cdn = await startServer({ isolated, root: repoRoot, headers: CDN_HEADERS });
    const site = await startServer({ isolated });
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      await page.addInitScript((names) => {
        for (const n of names) delete globalThis[n];
      }, WEBCODECS_GLOBALS);
      // localhost and 127.0.0.1: two origins.
      const cdnOrigin = cdn.url.replace('127.0.0.1', 'localhost');
      await page.goto(`${site.url}/test/browser/pages/cdn.html?cdn=${encodeURIComponent(cdnOrigin)}`);
      assert.deepEqual(await page.evaluate(() => window.result), { installed: true, chunks: 3, frames: 3, isolated });
    } finally {
      await context.close();
      await site.close();
      await cdn.close();
    }
  });
}
