// The pthreads build's Worker pool on a page (js/transport/pthread_pool.ts; docs/ARCHITECTURE.md,
// "Start-up"): nothing starts before a codec, then each codec's Workers start when it is
// configured (its codec thread, and the library threads the policy grants), with one spare, and
// never more. A fresh page of its own, so that no earlier codec has grown the pool.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './driver.mjs';
import { startServer } from '../../scripts/static_server.mjs';

let browser;
let server;
let page;
before(async () => {
  browser = await launchBrowser('chromium');
  server = await startServer({ isolated: true });
  page = await browser.openHarness(`${server.url}/test/browser/pages/index.html?impl=polyfill`);
});
after(async () => {
  await page?.close();
  await server?.close();
  await browser?.close();
});

test('a page starts the Workers its codecs hold, and one spare', async () => {
  const r = await page.run('pthreadPool', { audioFixture: 'opus-stereo', videoFixture: 'h264-high-bframes', cores: 2 });
  assert.ok(r.supported, 'the package exposes __testHooks.threadUse() (pthreads build)');
  assert.deepEqual(r.errors, []);
  const [idle, audio, video] = r.steps;
  const held = (step) => step.grants.reduce((sum, grant) => sum + grant.workers, 0);
  assert.equal(idle.startedWorkers, 0, 'nothing before a codec');
  assert.ok(audio.outputs > 0 && video.outputs > 0, 'both decoders output');
  // Opus: its codec thread only.
  assert.deepEqual(audio.grants.map((g) => [g.kind, g.workers]), [['audio-decoder', 1]]);
  assert.equal(audio.startedWorkers, 2, 'the Opus decoder\'s codec thread and a spare');
  assert.equal(audio.runningPthreads, 1);
  // H.264 beside it on 2 cores: 2 frame threads (the policy's share), so 3 Workers more.
  assert.deepEqual(video.grants.map((g) => [g.kind, g.threads, g.workers]), [['audio-decoder', 1, 1], ['video-decoder', 2, 3]]);
  assert.equal(video.startedWorkers, held(video) + 1, 'what both hold, and a spare');
  assert.equal(video.runningPthreads, held(video));
  assert.equal(video.poolWorkers, Math.max(4, video.startedWorkers), 'the policy shares out 4 Workers, or all started');
});
