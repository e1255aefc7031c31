// The thread policy (js/thread_policy.ts, docs/ARCHITECTURE.md "Thread policy"): its table for
// hardwareConcurrency 1, 2, 4, 8, 16 and 1..8 live codecs, and on the real core, with
// navigator.hardwareConcurrency overridden before the package loads, the pthreads it runs.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarios } from '../browser/pages/scenarios.mjs';
import { assertThreadUse, loadManifest } from '../browser/checks.mjs';
import { importPackage, nodeContext } from './context.mjs';

// Before the package loads, as a page would see it (Node 20 has no navigator).
Object.defineProperty(globalThis, 'navigator', { value: { hardwareConcurrency: 8 }, configurable: true, writable: true });

const byName = Object.fromEntries(loadManifest().fixtures.map((f) => [f.name, f.index]));
let mod;
let ctx;

// Threads per video decoder of a picture under 2560x1440 (worth 4), rows hardwareConcurrency,
// columns 1..8 live video codecs: min(4, floor(cores / codecs)), at least 1.
const DECODER_TABLE = {
  1: [1, 1, 1, 1, 1, 1, 1, 1],
  2: [2, 1, 1, 1, 1, 1, 1, 1],
  4: [4, 2, 1, 1, 1, 1, 1, 1],
  8: [4, 4, 2, 2, 1, 1, 1, 1],
  16: [4, 4, 4, 4, 3, 2, 2, 2],
};
// The same for a 3840x2160 decoder (worth 8).
const DECODER_4K_TABLE = {
  1: [1, 1, 1, 1, 1, 1, 1, 1],
  2: [2, 1, 1, 1, 1, 1, 1, 1],
  4: [4, 2, 1, 1, 1, 1, 1, 1],
  8: [8, 4, 2, 2, 1, 1, 1, 1],
  16: [8, 8, 5, 4, 3, 2, 2, 2],
};

describe('thread policy', () => {
  before(async () => {
    mod = await importPackage();
    ctx = nodeContext(mod);
  });
  const policy = (input) => mod.__testHooks.codecThreads({ codec: 'h264', width: 1280, height: 720, poolFree: 64, ...input });

  test('video decoders: min(4, an equal share of the cores), for 1, 2, 4, 8, 16 cores and 1..8 codecs', () => {
    for (const [table, size] of [[DECODER_TABLE, { width: 1280, height: 720 }], [DECODER_4K_TABLE, { width: 3840, height: 2160 }]]) {
      for (const [cores, row] of Object.entries(table)) {
        const got = row.map((_, i) => policy({ kind: 'video-decoder', cores: Number(cores), videoCodecs: i + 1, ...size }));
        assert.deepEqual(got, row, `${size.width}x${size.height}, hardwareConcurrency ${cores}`);
      }
    }
    assert.equal(policy({ kind: 'video-decoder', cores: 8, videoCodecs: 1, width: 0, height: 0 }), 4, 'size unknown: worth 4');
  });

  test('video encoders: what the picture is worth (1, 2, 4, 8), shared the same way', () => {
    const sizes = [[320, 240, 1], [640, 480, 2], [1280, 720, 4], [1920, 1080, 4], [2560, 1440, 8]];
    for (const [width, height, worth] of sizes) {
      for (const cores of [1, 2, 4, 8, 16]) {
        for (let codecs = 1; codecs <= 8; codecs++) {
          const expected = Math.max(1, Math.min(worth, Math.floor(cores / codecs)));
          assert.equal(policy({ kind: 'video-encoder', codec: 'libvpx-vp9', width, height, cores, videoCodecs: codecs }), expected, `${width}x${height}, ${cores} cores, ${codecs} codecs`);
        }
      }
    }
  });

  test('never more library threads than free pool Workers; openh264 also needs its dispatch thread', () => {
    const at = (codec, poolFree) => policy({ kind: 'video-decoder', codec, cores: 16, videoCodecs: 1, poolFree });
    assert.deepEqual([-3, 0, 1, 2, 3, 4, 5].map((free) => at('h264', free)), [1, 1, 1, 2, 3, 4, 4]);
    assert.deepEqual([-3, 0, 1, 2, 3, 4, 5].map((free) => at('libdav1d', free)), [1, 1, 1, 2, 3, 4, 4]);
    const enc = (poolFree) => policy({ kind: 'video-encoder', codec: 'libopenh264', cores: 16, videoCodecs: 1, poolFree });
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(enc), [1, 1, 1, 2, 3, 4]);
  });

  test('audio and image codecs: one thread (the codec thread does the work)', () => {
    for (const kind of ['audio-decoder', 'audio-encoder', 'image-decoder']) {
      assert.equal(policy({ kind, codec: 'aac', cores: 16, videoCodecs: 1 }), 1, kind);
    }
  });

  const h264 = 'h264-high-bframes';
  test('core: hardwareConcurrency 8 (set before load), one decoder runs the frame threads granted', async () => {
    const r = await scenarios.threadUse(ctx, { fixture: h264 });
    assertThreadUse(r, { cores: 8, decoders: 1, index: byName[h264] });
    // With the build's pool of 4: the codec thread and 3 frame threads.
    if (r.idle.poolWorkers === 4) assert.deepEqual(r.use.grants.map((g) => g.threads), [3]);
  });
  for (const cores of [1, 2, 16]) {
    test(`core: hardwareConcurrency ${cores}, one decoder`, async () => {
      assertThreadUse(await scenarios.threadUse(ctx, { fixture: h264, cores }), { cores, decoders: 1, index: byName[h264] });
    });
  }
  test('core: hardwareConcurrency 16, two decoders share the pool', async () => {
    const r = await scenarios.threadUse(ctx, { fixture: h264, cores: 16, decoders: 2 });
    assertThreadUse(r, { cores: 16, decoders: 2, index: byName[h264] });
  });
  test('core: 8 decoders at once, more than the pool holds, all decode every frame', async () => {
    const r = await scenarios.threadUse(ctx, { fixture: h264, cores: 16, decoders: 8 });
    assertThreadUse(r, { cores: 16, decoders: 8, index: byName[h264] });
    assert.ok(r.use.runningPthreads > r.idle.poolWorkers, 'more pthreads than the pool had: Workers were added');
  });
});
