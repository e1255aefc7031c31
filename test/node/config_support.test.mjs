// isConfigSupported() and ImageDecoder.isTypeSupported() in Node: they answer without loading the
// core, and their answers equal the loaded core's over the whole matrix of support_scenarios.mjs.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { supportScenarios } from '../browser/pages/support_scenarios.mjs';
import { assertSupportAnswersAgree, loadManifest } from '../browser/checks.mjs';
import { importPackage, nodeContext } from './context.mjs';

/** The core's module, once loaded: core_loader.ts requires the CommonJS build of the core. */
const coreLoaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.endsWith('webcodecs-core-mt-node.cjs'));

describe('isConfigSupported() in Node', () => {
  // First in this file (its own process): nothing has loaded the core yet.
  test('answers without loading the core', async () => {
    const ctx = nodeContext(await importPackage());
    assert.equal(coreLoaded(), false, 'importing the package loads no core');
    const r = await supportScenarios.supportWithoutCore(ctx);
    assert.deepEqual(r.answers, [true, true, true, true, true, true, false, false]);
    assert.equal(coreLoaded(), false, 'the core was loaded');
    // The check sees a load: configure() needs the core.
    const decoder = new ctx.api.AudioDecoder({ output: (d) => d.close(), error: () => {} });
    decoder.configure({ codec: 'opus', sampleRate: 48000, numberOfChannels: 2 });
    await decoder.flush();
    decoder.close();
    assert.equal(coreLoaded(), true, 'configure() loaded the core');
  });

  test('answers as the loaded core does, for every config of the matrix', async () => {
    const ctx = nodeContext(await importPackage());
    const fixtures = loadManifest().fixtures.filter((f) => f.type === 'video' || f.type === 'audio').map((f) => f.name);
    const r = await supportScenarios.supportAnswers(ctx, { fixtures });
    assertSupportAnswersAgree(r);
    console.log(`config support matrix: ${JSON.stringify(r.counts)}`);
  });
});
