// The classic-script build inside a classic dedicated Worker (issue #10 §1): importScripts()
// leaves no currentScript to find the package's assets from, so the script reads its own URL
// from a stack trace (js/asset_url.ts). Chromium, isolated (pthreads build) and not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumPerFile } from './driver.mjs';
import { startServer } from '../../scripts/static_server.mjs';

const browser = chromiumPerFile();

for (const isolated of [true, false]) {
  test(`a classic worker with importScripts('webcodecs-wasm.global.js'), ${isolated ? 'isolated' : 'not isolated'}: installs itself, round-trips VP8`, async () => {
    const server = await startServer({ isolated });
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      await page.goto(`${server.url}/test/browser/pages/blank.html`);
      const result = await page.evaluate(() => new Promise((resolve) => {
        const worker = new Worker('/test/browser/pages/classic_worker.js');
        worker.onmessage = (e) => resolve(e.data);
        worker.onerror = (e) => resolve({ error: e.message });
      }));
      assert.deepEqual(result, { installed: true, chunks: 3, frames: 3, isolated });
    } finally {
      await context.close();
      await server.close();
    }
  });
}
