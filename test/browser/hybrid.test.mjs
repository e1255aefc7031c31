// Hybrid codecs (issue #10 §2): install({hybrid: true}) over the browser's own WebCodecs. Each
// configuration runs where the browser says it is supported (natively) or else on wasm; frames,
// audio and chunks cross between the two unnoticed. Natives present: Chromium 156 (no HEVC
// decoder, no AAC/FLAC encoder, no 10-bit AV1 encoder) in both page kinds, and Firefox ESR with
// its WebCodecs on (no HEVC decoder, no AAC encoder). Oracles: the implementation the hybrid
// chose, run directly (identical outputs), and the browser's own decoders of what was encoded.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './driver.mjs';
import { describePageKinds } from './page_kinds.mjs';
import { startServer } from '../../scripts/static_server.mjs';

const PAGE = '/test/browser/pages/index.html?hide=&install=hybrid';
const CODECS = ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder'];

/** The hybrid decoder gave what the implementation it chose gives directly, as the browser's objects. */
function assertDecodedLike(result, implementation) {
  const { hybrid, direct } = result;
  assert.equal(hybrid.error, null);
  assert.equal(hybrid.implementation, implementation);
  assert.equal(hybrid.choosing, null, 'no implementation is known before the choice');
  assert.equal(hybrid.queued, hybrid.packets, 'every decode() waits in the hybrid queue while it chooses');
  assert.equal(hybrid.outputs.length > 0, true);
  assert.ok(hybrid.outputs.every((o) => o.platform), 'every output is the browser\'s own object');
  assert.deepEqual(hybrid.outputs.map((o) => [o.timestamp, o.digest]), direct.outputs.map((o) => [o.timestamp, o.digest]));
}

function hybridCases(page, browser) {
  test('install({hybrid: true}) replaces the codec interfaces only', () => {
    assert.equal(page().info.loadError, null);
    assert.deepEqual(page().info.polyfilledGlobals, CODECS);
  });

  test('HEVC decodes on wasm, its frames are the browser\'s VideoFrames, byte for byte the wasm decoder\'s', async () => {
    assertDecodedLike(await page().run('hybridDecode', { fixture: 'hevc-main' }), 'wasm');
    assertDecodedLike(await page().run('hybridDecode', { fixture: 'hevc-main', chunks: 'package' }), 'wasm');
  });

  test('H.264 and Opus decode on the browser\'s decoders, from its chunks and the package\'s', async () => {
    assertDecodedLike(await page().run('hybridDecode', { fixture: 'h264-baseline' }), 'native');
    assertDecodedLike(await page().run('hybridDecode', { fixture: 'h264-baseline', chunks: 'package' }), 'native');
    assertDecodedLike(await page().run('hybridDecode', { fixture: 'opus-stereo' }), 'native');
  });

  test('AAC encoding runs on wasm: the browser\'s Opus decoder\'s audio in, chunks its AAC decoder plays', async () => {
    const r = await page().run('hybridTranscode', { fixture: 'opus-stereo', encoderConfig: { codec: 'mp4a.40.2', sampleRate: 48000, numberOfChannels: 2, bitrate: 128000 } });
    assert.deepEqual(r.errors, []);
    assert.deepEqual(r.implementations, { decoder: 'native', encoder: 'wasm', redecoder: 'native' });
    assert.ok(r.seen.chunks.length > 0 && r.seen.chunks.every((c) => c === 'EncodedAudioChunk:platform'), r.seen.chunks[0]);
    assert.ok(r.seen.redecoded.every((k) => k === 'platform'));
    assert.ok(r.quality > 15, `SNR ${r.quality} dB`);
  });

  if (browser === 'chromium') {
    test('a wasm decoder\'s frames go to the browser\'s VP9 encoder, the package\'s own frames too', async () => {
      for (const packageFrames of [false, true]) {
        const fixture = packageFrames ? 'h264-baseline' : 'hevc-main';
        const r = await page().run('hybridTranscode', { fixture, packageFrames, encoderConfig: { codec: 'vp09.00.10.08', width: 320, height: 180, bitrate: 1_000_000 } });
        assert.deepEqual(r.errors, []);
        assert.equal(r.implementations.encoder, 'native');
        assert.equal(r.implementations.redecoder, 'native');
        assert.equal(r.counts.outputs, r.counts.originals);
        assert.ok(r.quality > 28, `${fixture}: PSNR ${r.quality} dB`);
      }
    });

    test('the browser\'s decoded frames go to a wasm encoder (10-bit AV1) and back to its AV1 decoder', async () => {
      const r = await page().run('hybridTranscode', { fixture: 'h264-baseline', encoderConfig: { codec: 'av01.0.04M.10', width: 320, height: 180, bitrate: 1_000_000 } });
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.implementations, { decoder: 'native', encoder: 'wasm', redecoder: 'native' });
      assert.ok(r.seen.chunks.every((c) => c === 'EncodedVideoChunk:platform'));
      assert.equal(r.counts.outputs, r.counts.originals);
      assert.ok(r.quality > 28, `PSNR ${r.quality} dB`);
    });

    test('FLAC encoding on wasm is lossless to the browser\'s FLAC decoder (within 16-bit samples)', async () => {
      const r = await page().run('hybridTranscode', { fixture: 'opus-stereo', encoderConfig: { codec: 'flac', sampleRate: 48000, numberOfChannels: 2 } });
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.implementations, { decoder: 'native', encoder: 'wasm', redecoder: 'native' });
      assert.ok(r.quality > 60, `SNR ${r.quality} dB`);
    });

    test('one state machine over both implementations (WebCodecs §2.2, §4.5, §4.6)', async () => {
      const r = await page().run('hybridStateMachine', { nativeFixture: 'h264-baseline', wasmFixture: 'hevc-main' });
      assert.equal(r.tag, 'VideoDecoder');
      assert.equal(r.isEventTarget, true);
      assert.equal(r.decodeUnconfigured, 'InvalidStateError');
      assert.equal(r.flushUnconfigured, 'InvalidStateError');
      assert.equal(r.notAChunk, 'TypeError');
      assert.equal(r.deltaFirst, 'DataError');
      assert.ok(r.queuedWhileChoosing > 0);
      assert.deepEqual(r.afterReset, { state: 'unconfigured', queue: 0, flush: 'AbortError' });
      assert.equal(r.outputsAfterReset, 0);
      assert.equal(r.afterSwitch.implementation, 'wasm');
      assert.equal(r.afterSwitch.outputs, r.afterSwitch.expected);
      assert.equal(r.afterSwitch.queue, 0);
      assert.ok(r.afterSwitch.dequeueEvents > 0);
      // The first configuration's frames all come before the second's.
      assert.deepEqual(r.timestamps.outputs, r.timestamps.expected);
      assert.deepEqual(r.keyMarkedDelta, { threw: 'DataError', state: 'configured' });
      assert.deepEqual(r.unsupported.state, 'closed');
      assert.deepEqual(r.unsupported.errors.map((e) => e.name), ['NotSupportedError']);
      assert.equal(r.configureClosed, 'InvalidStateError');
      assert.equal(r.closeClosed, 'InvalidStateError');
      assert.deepEqual(r.support, { wasmOnly: true, invalid: 'TypeError' });
      assert.deepEqual(r.closeDuringChoice, { state: 'closed', flush: 'AbortError' });
      // The native codec's queue and the hybrid's (the switch being chosen), one event for both.
      assert.equal(r.resetBothQueues.before.implementation, null);
      assert.ok(r.resetBothQueues.before.queue > 1, `queue before reset ${r.resetBothQueues.before.queue}`);
      assert.deepEqual({ queue: r.resetBothQueues.queueAfter, dequeues: r.resetBothQueues.dequeues }, { queue: 0, dequeues: 1 });
      assert.deepEqual(r.mutatedConfig, { frames: r.mutatedConfig.expected, expected: 30, error: null });
    });
  }
}

describe('Chromium with its own WebCodecs', () => {
  let browser;
  before(async () => {
    browser = await launchBrowser('chromium');
  });
  after(() => browser?.close());
  describePageKinds(() => browser, PAGE, (kind) => hybridCases(() => kind.page, 'chromium'));
});

describe('Firefox with its own WebCodecs', () => {
  let browser;
  let server;
  let page;
  before(async () => {
    browser = await launchBrowser('firefox', { webCodecs: true });
    server = await startServer({ isolated: false });
    page = await browser.openHarness(`${server.url}${PAGE}`);
  });
  after(async () => {
    await page?.close();
    await server?.close();
    await browser?.close();
  });
  hybridCases(() => page, 'firefox');
});
