// isConfigSupported() and ImageDecoder.isTypeSupported() in Chromium, on a page with the pthreads
// build (COOP/COEP) and one with the Worker build: they fetch no core and start no Worker, and
// their answers equal the loaded core's over the whole matrix of pages/support_scenarios.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './driver.mjs';
import { assertSupportAnswersAgree, loadManifest } from './checks.mjs';
import { startServer } from '../../scripts/static_server.mjs';

const isCoreRequest = (url) => /webcodecs-core|st-worker|\.wasm$/.test(new URL(url).pathname);

describe('isConfigSupported() in Chromium', { skip: process.env.WEBCODECS_TEST_IMPL === 'native' && 'polyfill only' }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser('chromium');
  });
  after(() => browser?.close());

  for (const isolated of [true, false]) {
    describe(isolated ? 'COOP/COEP (pthreads build)' : 'not isolated (Worker build)', () => {
      let server;
      let page;
      before(async () => {
        server = await startServer({ isolated });
        page = await browser.openHarness(`${server.url}/test/browser/pages/index.html`);
      });
      after(async () => {
        await page?.close();
        await server?.close();
      });

      // First on this page: nothing has needed the core yet.
      test('answers without fetching the core or starting a Worker', async () => {
        assert.equal(page.info.loadError, null);
        assert.equal(page.info.crossOriginIsolated, isolated);
        const r = await page.run('supportWithoutCore');
        assert.deepEqual(r.answers, [true, true, true, true, true, true, false, false]);
        assert.deepEqual(page.requests.filter(isCoreRequest), [], 'core requests');
        assert.deepEqual(page.workers, [], 'workers started');
      });

      test('answers as the loaded core does, for every config of the matrix', async () => {
        const fixtures = loadManifest().fixtures.filter((f) => f.type === 'video' || f.type === 'audio').map((f) => f.name);
        assertSupportAnswersAgree(await page.run('supportAnswers', { fixtures }));
        // The check above sees a core load: asking the loaded core fetched it.
        assert.ok(page.requests.some(isCoreRequest) || page.workers.length > 0, 'the core was loaded for the comparison');
      });
    });
  }
});
