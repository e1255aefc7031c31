// isConfigSupported() and ImageDecoder.isTypeSupported() in Chromium, on a page with the pthreads
// build (COOP/COEP) and one with the Worker build: they fetch no core and start no Worker, and
// their answers equal the loaded core's over the whole matrix of pages/support_scenarios.mjs.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './driver.mjs';
import { assertSupportAnswersAgree, loadManifest } from './checks.mjs';
import { describePageKinds } from './page_kinds.mjs';

const isCoreRequest = (url) => /webcodecs-core|st-worker|\.wasm$/.test(new URL(url).pathname);

describe('isConfigSupported() in Chromium', { skip: process.env.WEBCODECS_TEST_IMPL === 'native' && 'polyfill only' }, () => {
  let browser;
  before(async () => {
    browser = await launchBrowser('chromium');
  });
  after(() => browser?.close());

  describePageKinds(() => browser, `/test/browser/pages/index.html`, (kind) => {
    const { isolated } = kind;

    // First on this page: nothing has needed the core yet.
    test('answers without fetching the core or starting a Worker', async () => {
      assert.equal(kind.page.info.loadError, null);
      assert.equal(kind.page.info.crossOriginIsolated, isolated);
      const r = await kind.page.run('supportWithoutCore');
      assert.deepEqual(r.answers, [true, true, true, true, true, true, false, false]);
      assert.deepEqual(kind.page.requests.filter(isCoreRequest), [], 'core requests');
      assert.deepEqual(kind.page.workers, [], 'workers started');
    });

    test('answers as the loaded core does, for every config of the matrix', async () => {
      const fixtures = loadManifest().fixtures.filter((f) => f.type === 'video' || f.type === 'audio').map((f) => f.name);
      assertSupportAnswersAgree(await kind.page.run('supportAnswers', { fixtures }));
      // The check above sees a core load: asking the loaded core fetched it.
      assert.ok(kind.page.requests.some(isCoreRequest) || kind.page.workers.length > 0, 'the core was loaded for the comparison');
    });
  });
});
