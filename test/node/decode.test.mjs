// The wasm build (pthreads) under Node, through the same scenarios and checks as the browser tests.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { scenarios } from '../browser/pages/scenarios.mjs';
import {
  assertApiBehaviour, assertAudioMatchesOracle, assertFlushMidStream, assertQueue, assertResetAndClose,
  assertCoreFailure, assertVideoMatchesOracle, concurrentJobs, loadManifest,
} from '../browser/checks.mjs';
import { importPackage, nodeContext } from './context.mjs';

const manifest = loadManifest();
const byName = Object.fromEntries(manifest.fixtures.map((f) => [f.name, f.index]));
let mod;
let ctx;
const run = (name, params) => scenarios[name](ctx, params);

describe('webcodecs-wasm in Node', () => {
  before(async () => {
    mod = await importPackage();
    ctx = nodeContext(mod);
  });

  test('the module is a ponyfill: it exports the classes and defines no globals', () => {
    for (const k of ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData', 'VideoColorSpace']) {
      assert.equal(typeof mod[k], 'function', `export ${k}`);
      assert.equal(globalThis[k], undefined, `global ${k}`);
    }
    assert.equal(typeof mod.install, 'function', 'export install');
  });

  for (const f of manifest.fixtures.filter((x) => x.type === 'video')) {
    test(`video ${f.name} (${f.codec}) matches ffmpeg`, async () => {
      assertVideoMatchesOracle(await run('decodeVideo', { fixture: f.name }), f.index);
    });
  }
  test('configure() mid-stream without flush() outputs every frame (as native Chromium does)', async () => {
    const r = await run('reconfigureWithoutFlush', { fixture: 'h264-high-bframes' });
    assert.deepEqual(r, { outputs: byName['h264-high-bframes'].oracle.frames.length, error: null });
  });
  test('a core that fails closes its codecs with EncodingError; new codecs get a fresh core', async () => {
    assertCoreFailure(await run('coreFailure', { fixture: 'vp8' }), byName['vp8']);
  });
  for (const f of manifest.fixtures.filter((x) => x.type === 'audio')) {
    test(`audio ${f.name} (${f.codec}) matches ffmpeg`, async () => {
      assertAudioMatchesOracle(await run('decodeAudio', { fixture: f.name }), f.index);
    });
  }

  test('queue: a whole 1080p stream queued before any output, event loop never blocked', async () => {
    assertQueue(await run('queueWholeStream', { fixture: 'h264-1080p' }), byName['h264-1080p']);
  });
  test('queue: several instances of different codecs and sizes at once', async () => {
    const jobs = concurrentJobs({ withHevc: true });
    const results = await run('concurrent', { jobs });
    results.forEach((r, i) => {
      const index = byName[jobs[i].params.fixture];
      if (jobs[i].kind === 'video') assertVideoMatchesOracle(r, index);
      else assertAudioMatchesOracle(r, index);
    });
  });
  test('queue: flush() while decoding', async () => {
    assertFlushMidStream(await run('flushMidStream', { fixture: 'h264-high-bframes' }), byName['h264-high-bframes']);
  });
  test('queue: reset() and close() without flush', async () => {
    assertResetAndClose(await run('resetAndCloseWithoutFlush', { fixture: 'h264-high-bframes' }));
  });
  test('queue: reset/close release every allocation in the core', async () => {
    const r = await run('leakCheck', { fixture: 'vp9-profile0' });
    assert.ok(r.supported, 'the package exposes __testHooks.liveCounts()');
    assert.deepEqual(r.after, r.before);
  });
  test('API behaviour: states, exceptions, error order, dequeue', async () => {
    const obs = await run('apiBehaviour', { videoFixture: 'h264-high-bframes', corruptFixture: 'vp9-profile0' });
    assertApiBehaviour(obs, { videoIndex: byName['h264-high-bframes'] });
  });
});
