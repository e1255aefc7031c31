// Cross-origin isolation from a service worker, for static hosts that cannot send headers (issue
// #10 §2): dist/webcodecs-wasm.isolation-sw.js copied to a site root whose server sends no
// COOP/COEP. The first load registers it and reloads once; the page is then isolated and the
// package runs its pthreads build; later loads are isolated at once. Chromium, natives hidden.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromiumPerFile } from './driver.mjs';
import { repoRoot, startServer } from '../../scripts/static_server.mjs';

const WEBCODECS_GLOBALS = ['VideoDecoder', 'VideoEncoder', 'AudioDecoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk',
  'VideoFrame', 'AudioData', 'VideoColorSpace', 'ImageDecoder', 'ImageTrack', 'ImageTrackList'];

const browser = chromiumPerFile();

/** The page's `window.result` once the page has one, across the service worker's reload. */
async function pageResult(page) {
  const end = Date.now() + 120_000;
  while (Date.now() < end) {
    const result = await page.evaluate(() => window.result).catch(() => undefined); // mid-reload
    if (result) return result;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no result');
}

test('a site without COOP/COEP headers becomes cross-origin isolated through the service worker; the pthreads build runs', async () => {
  const site = mkdtempSync(path.join(os.tmpdir(), 'wcw-sw-'));
  symlinkSync(path.join(repoRoot, 'dist'), path.join(site, 'dist'));
  copyFileSync(path.join(repoRoot, 'dist/webcodecs-wasm.isolation-sw.js'), path.join(site, 'webcodecs-wasm.isolation-sw.js'));
  for (const f of ['isolation_sw.html', 'vp8_round_trip.js']) copyFileSync(path.join(repoRoot, 'test/browser/pages', f), path.join(site, f));
  const server = await startServer({ isolated: false, root: site });
  const context = await browser().newContext();
  try {
    await context.addInitScript((names) => {
      for (const n of names) delete globalThis[n];
    }, WEBCODECS_GLOBALS);
    const page = await context.newPage();
    let navigations = 0;
    page.on('framenavigated', (frame) => {
      if (frame === page.mainFrame()) navigations++;
    });
    await page.goto(`${server.url}/isolation_sw.html`);
    const first = await pageResult(page);
    assert.deepEqual(first, { chunks: 3, frames: 3, isolated: true, build: 'pthreads', controlled: true });
    assert.equal(navigations, 2, 'one reload');
    // A later visit is isolated from its first load.
    const again = await context.newPage();
    await again.goto(`${server.url}/isolation_sw.html`);
    assert.deepEqual(await pageResult(again), first);
  } finally {
    await context.close();
    await server.close();
    rmSync(site, { recursive: true, force: true });
  }
});
