// install() in a runtime without WebCodecs: defines the globals, as the module's exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { importPackage } from './context.mjs';

test('install() defines every missing global', async () => {
  const mod = await importPackage();
  const names = ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData', 'VideoColorSpace'];
  for (const k of names) assert.equal(globalThis[k], undefined, `${k} before install()`);
  mod.install();
  for (const k of names) assert.equal(globalThis[k], mod[k], `${k} after install()`);
  // A second install() keeps what is there.
  mod.install();
  for (const k of names) assert.equal(globalThis[k], mod[k], `${k} after a second install()`);
});

test('install({force: true}) replaces existing globals', async () => {
  const mod = await importPackage();
  const standIn = class {};
  globalThis.VideoDecoder = standIn;
  mod.install();
  assert.equal(globalThis.VideoDecoder, standIn, 'install() leaves an existing global alone');
  mod.install({ force: true });
  assert.equal(globalThis.VideoDecoder, mod.VideoDecoder, 'install({force: true}) replaces it');
});

test('runtimeInfo() reads without loading the core; after a codec: the core, its module, its thread', async () => {
  const mod = await importPackage();
  assert.deepEqual(await mod.runtimeInfo(), { build: 'pthreads', simd: true, coreLoaded: false, codecModules: [] });
  const decoder = new mod.AudioDecoder({ output: (data) => data.close(), error: (e) => assert.fail(e) });
  decoder.configure({ codec: 'opus', sampleRate: 48000, numberOfChannels: 2 });
  await decoder.flush();
  const info = await mod.runtimeInfo();
  decoder.close();
  assert.equal(info.coreLoaded, true);
  assert.deepEqual(info.codecModules, ['webcodecs-opus-dec-mt.wasm']);
  assert.ok(info.threads.runningPthreads >= 1 && info.threads.startedWorkers >= info.threads.runningPthreads, JSON.stringify(info.threads));
  assert.equal(info.threads.cores, 2, 'Node 20 has no navigator: the policy reads 2 cores');
});
