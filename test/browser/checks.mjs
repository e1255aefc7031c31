// Assertions on scenario results (test/browser/pages/scenarios.mjs), shared by the browser and Node
// runners. Expected values come from independent sources only: ffmpeg's oracles in the fixture
// index, and the WebCodecs spec (each also observed on native Chromium: see test/browser/README.md).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const fixturesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/generated');

/** The fixture manifest and indexes; fails with the command to run when they are missing. */
export function loadManifest() {
  const file = path.join(fixturesDir, 'manifest.json');
  if (!fs.existsSync(file)) throw new Error(`no fixtures: run \`node test/fixtures/make_fixtures.mjs\` first (${file})`);
  const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const f of manifest.fixtures) f.index = JSON.parse(fs.readFileSync(path.join(fixturesDir, `${f.name}.json`), 'utf8'));
  return manifest;
}

export const LOSSLESS = /^(flac|pcm-|ulaw|alaw)/;
export const isHevc = (codec) => /^(hvc1|hev1)/.test(codec);

function errorSummary(e) {
  return e ? `${e.name}: ${e.message}` : null;
}

/** Every frame equals ffmpeg's framehash; formats, sizes and timestamps as the stream says. */
export function assertVideoMatchesOracle(result, index, label = '') {
  const what = `${label}${index.name}`;
  assert.equal(errorSummary(result.error), null, `${what}: error callback`);
  assert.equal(errorSummary(result.flushError), null, `${what}: flush`);
  const { frames } = result;
  assert.equal(frames.length, index.oracle.frames.length, `${what}: number of frames`);
  const packetTimestamps = new Set(index.packets.map((p) => p.timestamp));
  frames.forEach((f, i) => {
    assert.equal(f.copyError ?? null, null, `${what}: copyTo of frame ${i}`);
    assert.equal(f.format, index.oracle.format, `${what}: format of frame ${i}`);
    assert.deepEqual(
      { width: f.visibleRect?.width, height: f.visibleRect?.height },
      { width: index.codedWidth, height: index.codedHeight },
      `${what}: visibleRect of frame ${i}`,
    );
    assert.deepEqual([f.displayWidth, f.displayHeight], [index.codedWidth, index.codedHeight], `${what}: display size of frame ${i}`);
    assert.ok(f.codedWidth >= index.codedWidth && f.codedHeight >= index.codedHeight, `${what}: coded size of frame ${i}`);
    assert.ok(packetTimestamps.has(f.timestamp), `${what}: frame ${i} timestamp ${f.timestamp} is no chunk's`);
    if (i > 0) assert.ok(f.timestamp > frames[i - 1].timestamp, `${what}: frame ${i} out of presentation order`);
    assert.equal(f.size, index.oracle.frames[i].size, `${what}: allocationSize of frame ${i}`);
    assert.equal(f.sha256, index.oracle.frames[i].sha256, `${what}: pixels of frame ${i} differ from ffmpeg's`);
  });
}

/**
 * The attributes a page can see on each output frame equal native Chromium's for the same chunks.
 * codedWidth/Height are left out: they are the decoder's buffer padding (Chromium pads H.264 to
 * 1920x1090, libvpx to 64-pixel widths), not a property of the stream.
 */
export function assertSameFrameAttributes(ours, native, name) {
  const pick = (f) => ({
    timestamp: f.timestamp, duration: f.duration, format: f.format, visibleRect: f.visibleRect,
    displayWidth: f.displayWidth, displayHeight: f.displayHeight, colorSpace: f.colorSpace,
  });
  assert.equal(errorSummary(native.error), null, `${name}: native error callback`);
  assert.equal(ours.frames.length, native.frames.length, `${name}: number of frames`);
  ours.frames.forEach((f, i) => assert.deepEqual(pick(f), pick(native.frames[i]), `${name}: frame ${i}`));
}

/** A failed core fails its codec with EncodingError; the next codec decodes on a fresh core. */
export function assertCoreFailure(r, index) {
  assert.ok(r.supported, 'the package exposes __testHooks.breakCore');
  assertError(r.afterFailure.error, domError('EncodingError'), 'error callback of the codec on the failed core');
  assertError(r.afterFailure.flushRejection, domError('EncodingError'), 'its pending flush');
  assert.equal(r.afterFailure.state, 'closed');
  assert.equal(r.errorAfterwards, null, 'a codec created afterwards');
  assert.equal(r.framesAfterwards, index.oracle.frames.length, 'frames from a codec created afterwards');
}

function assertAudioComparison(cmp, index, against) {
  const what = `${index.name} vs ${against}`;
  assert.ok(cmp, `${what}: nothing decoded`);
  assert.equal(cmp.frames, cmp.refFrames, `${what}: number of sample frames`);
  if (LOSSLESS.test(index.codec)) {
    assert.ok(cmp.exact, `${what}: not bit-exact (formats ${cmp.formats}, first mismatch ${JSON.stringify(cmp.firstMismatch)})`);
  } else {
    // The same float decoders as ffmpeg and Chromium (Opus by opus_decode_float, MP3 by
    // mp3float): only float rounding differs, ≤ 1e-6 measured (it was 4e-5 through 16 bits).
    assert.ok(cmp.maxAbsDiff <= 2e-6, `${what}: max |diff| ${cmp.maxAbsDiff}, SNR ${cmp.snrDb.toFixed(1)} dB`);
  }
}

/** Samples equal ffmpeg's decode (bit-exact for lossless codecs, within 2e-6 otherwise), and native's, in native's sample format. */
export function assertAudioMatchesOracle(result, index) {
  const what = index.name;
  assert.equal(errorSummary(result.error), null, `${what}: error callback`);
  assert.equal(errorSummary(result.flushError), null, `${what}: flush`);
  assert.equal(errorSummary(result.readError), null, `${what}: copyTo`);
  assert.ok(result.outputs > 0, `${what}: no output`);
  assert.deepEqual(result.sampleRates, [index.sampleRate], `${what}: sampleRate`);
  assert.deepEqual(result.channels, [index.numberOfChannels], `${what}: numberOfChannels`);
  assert.ok(result.timestampsIncreasing, `${what}: output timestamps not increasing`);
  // Registry + native Chromium: 24-bit PCM comes out as s32.
  if (index.codec === 'pcm-s24') assert.deepEqual(result.formats.map((f) => f.replace('-planar', '')), ['s32'], `${what}: format`);
  assertAudioComparison(result.vsFfmpeg, index, 'ffmpeg');
  if (result.vsNative !== undefined) {
    assert.equal(errorSummary(result.nativeError), null, `${what}: native decoder failed`);
    assert.deepEqual(result.formats, result.nativeFormats, `${what}: sample format`);
    if (result.vsNative) assertAudioComparison(result.vsNative, index, 'native Chromium');
  }
}

const domError = (name) => ({ name, isDOMException: true });
function assertError(observed, expected, what) {
  assert.ok(observed, `${what}: expected ${expected.name}, nothing was thrown`);
  assert.equal(observed.name, expected.name, `${what}: ${observed.name}: ${observed.message}`);
  if (expected.isDOMException !== undefined) assert.equal(observed.isDOMException, expected.isDOMException, `${what}: DOMException`);
}

/** The spec's behaviour (WebCodecs §4 VideoDecoder, §2 codec processing model). */
export function assertApiBehaviour(obs, { videoIndex }) {
  assert.equal(obs.initialState, 'unconfigured');
  assert.equal(obs.initialQueueSize, 0);
  assert.equal(obs.isEventTarget, true, 'VideoDecoder is an EventTarget');
  assert.equal(obs.ondequeueInitial, null);
  assertError(obs.decodeUnconfigured, domError('InvalidStateError'), 'decode() unconfigured');
  assertError(obs.flushUnconfigured, domError('InvalidStateError'), 'flush() unconfigured');
  assert.equal(obs.closedState, 'closed');
  for (const k of ['configureClosed', 'decodeClosed', 'resetClosed', 'closeClosed']) assertError(obs[k], domError('InvalidStateError'), k);
  for (const k of ['constructorNoInit', 'constructorNoOutput', 'audioConstructorNoError']) assertError(obs[k], { name: 'TypeError', isDOMException: false }, k);
  for (const [k, v] of Object.entries(obs.invalidConfigure)) {
    assertError(v.error, { name: 'TypeError', isDOMException: false }, `configure(${k})`);
    assert.equal(v.state, 'unconfigured', `state after configure(${k})`);
  }
  for (const [k, v] of Object.entries(obs.invalidIsConfigSupported)) assertError(v, { name: 'TypeError' }, `isConfigSupported(${k})`);
  for (const [k, v] of Object.entries(obs.invalidAudioConfigure)) assertError(v, { name: 'TypeError' }, `AudioDecoder.configure(${k})`);
  for (const [k, v] of Object.entries(obs.unsupportedVideo)) assert.equal(v, false, `VideoDecoder.isConfigSupported('${k}')`);
  for (const [k, v] of Object.entries(obs.unsupportedAudio)) assert.equal(v, false, `AudioDecoder.isConfigSupported('${k}')`);
  assert.deepEqual(obs.supportedResult, {
    supported: true,
    configIsNotInput: true,
    unknownDropped: true,
    codec: videoIndex.codec,
    codedWidth: videoIndex.codedWidth,
    descriptionCopied: true,
  });
  assert.deepEqual(obs.unsupportedResult, { supported: false, codec: 'bogus' });
  assert.equal(obs.unsupportedConfigureThrows, null, 'configure() of an unsupported codec does not throw');
  assertError(obs.unsupportedConfigureError, domError('NotSupportedError'), 'error callback for an unsupported codec');
  assert.equal(obs.unsupportedConfigureState, 'closed');
  assertError(obs.deltaFirst, domError('DataError'), 'delta chunk first');
  assert.equal(obs.deltaFirstState, 'configured');
  assertError(obs.deltaAfterFlush, domError('DataError'), 'delta chunk after flush()');
  assertError(obs.chunkBadType, { name: 'TypeError' }, 'EncodedVideoChunk type');
  assertError(obs.chunkNoData, { name: 'TypeError' }, 'EncodedVideoChunk without data');
  assert.equal(obs.dequeueEventType, 'dequeue');
  assert.ok(obs.dequeue.dequeueEvents >= 1, 'dequeue events fire');
  assert.equal(obs.dequeue.handlerCalls, obs.dequeue.dequeueEvents, 'ondequeue and addEventListener see the same events');
  assert.ok(obs.dequeue.maxQueue >= 1, 'decodeQueueSize counts queued chunks');
  assert.equal(obs.dequeue.finalQueue, 0, 'decodeQueueSize after flush');

  // Corrupt data: EncodingError through the error callback, the pending flush rejected first.
  assert.equal(obs.corrupt.thrown, null, `decode() of a corrupt key chunk throws nothing (${JSON.stringify(obs.corrupt.thrown)})`);
  const err = obs.corrupt.events.find((e) => e.what === 'error');
  assertError(err, domError('EncodingError'), 'error callback for corrupt data');
  assertError(obs.corrupt.events.find((e) => e.what === 'flush rejected'), domError('EncodingError'), 'pending flush with corrupt data');
  assert.deepEqual(obs.corrupt.events.find((e) => e.what === 'flush settled before error callback')?.value, true, 'flush rejected before the error callback');
  // "Close VideoDecoder" rejects the flushes and then calls the error callback in the same task,
  // so the rejection handler (a microtask) runs after the callback: native Chromium agrees.
  assert.equal(obs.corrupt.events.find((e) => e.what === 'flush rejected')?.errorCallbacksSoFar, 1, 'the error callback ran before the flush rejection handler');
  assert.equal(obs.corrupt.state, 'closed');
  // An empty chunk: DataError from decode(), or EncodingError through the callback.
  if (obs.empty.thrown) assertError(obs.empty.thrown, domError('DataError'), 'empty chunk');
  else assertError(obs.empty.events.find((e) => e.what === 'error'), domError('EncodingError'), 'empty chunk');

  for (const [k, state] of [['resetPendingFlush', 'unconfigured'], ['closePendingFlush', 'closed']]) {
    assertError(obs[k].rejection, domError('AbortError'), `${k}: flush rejection`);
    assert.equal(obs[k].state, state, `${k}: state`);
    assert.equal(obs[k].queue, 0, `${k}: decodeQueueSize`);
    assert.deepEqual(obs[k].errorCallbacks, [], `${k}: no error callback`);
  }
  assert.equal(obs.otherInstanceBad.state, 'closed');
  assertError(obs.otherInstanceBad.error, domError('EncodingError'), 'failing instance');
  assertVideoMatchesOracle(obs.otherInstance, videoIndex, 'instance beside a failing one: ');
}

/**
 * §3 queue guarantees for a whole stream queued at once. Time is asserted only where the polyfill
 * alone decides it: each decode() call (a copy into the input ring or a postMessage). Whole-page
 * figures (long tasks, timer gaps) depend on the machine's load; `make bench` reports them.
 */
export function assertQueue(r, index, { decodeCallLimitMs = 50 } = {}) {
  assert.equal(errorSummary(r.error), null, 'error callback');
  assert.equal(errorSummary(r.flushError), null, 'flush');
  assert.equal(r.outputs, index.oracle.frames.length, 'every frame came out');
  assert.equal(r.outputsWhenAllQueued, 0, 'an output arrived before the whole stream was queued');
  assert.equal(r.outputInsideDecode, false, 'an output callback ran inside decode()');
  assert.equal(r.dequeueInsideDecode, false, 'a dequeue event fired inside decode()');
  assert.ok(r.timestampsInPresentationOrder, 'outputs in presentation order');
  assert.equal(r.queueSizeAfterFlush, 0, 'decodeQueueSize after flush');
  assert.ok(r.maxDecodeCallMs < decodeCallLimitMs, `one decode() call took ${r.maxDecodeCallMs.toFixed(1)} ms`);
}

export function assertFlushMidStream(r, index) {
  assert.equal(errorSummary(r.error), null, 'error callback');
  assert.equal(errorSummary(r.flushError), null, 'flush');
  assert.ok(r.split > 0, 'fixture has a second key frame');
  assert.equal(r.outputsAtFirstFlush, r.split, 'first flush resolves after exactly the frames before it');
  assert.deepEqual(r.hashes, index.oracle.frames.map((f) => f.sha256), 'frames across the flush match ffmpeg');
}

export function assertResetAndClose(r) {
  assert.equal(r.reset.state, 'unconfigured');
  assert.equal(r.reset.decodeQueueSize, 0);
  assertError(r.reset.flushRejection, domError('AbortError'), 'flush pending at reset()');
  assert.equal(r.reset.outputsAfter, 0, 'outputs after reset()');
  assert.equal(r.reset.errorAfter, null, 'error callback after reset()');
  assert.equal(r.reset.flushErrorAfterReconfigure, null, 'decoding again after reset()');
  assert.equal(r.reset.outputsAgain, r.expectedFrames, 'frames decoded after reset() and configure()');
  assert.equal(r.close.state, 'closed');
  assert.equal(r.close.decodeQueueSize, 0);
  assertError(r.close.flushRejection, domError('AbortError'), 'flush pending at close()');
  assert.equal(r.close.outputsAfter, 0, 'outputs after close()');
  assert.equal(r.close.errorAfter, null, 'close() calls no error callback');
}

/** Jobs for the several-instances-at-once scenario; HEVC only where the implementation has it. */
export function concurrentJobs({ withHevc }) {
  const video = ['h264-high-bframes', 'h264-odd-318x178', 'vp9-profile2-10bit', 'av1-8bit', 'vp8', ...(withHevc ? ['hevc-main10'] : [])];
  const audio = ['aac-lc-stereo-44100', 'opus-stereo', 'flac-stereo-44100-s16'];
  return [
    ...video.map((fixture) => ({ kind: 'video', params: { fixture } })),
    ...audio.map((fixture) => ({ kind: 'audio', params: { fixture } })),
  ];
}

/**
 * The supportAnswers scenario (pages/support_scenarios.mjs): the answers from the build's
 * description equal the loaded core's, label by label, over a matrix with every verdict.
 */
export function assertSupportAnswersAgree({ build, core, counts }) {
  for (const [name, n] of Object.entries(counts)) {
    assert.ok(n > 20, `${name}: ${n} cases`);
    assert.equal(Object.keys(build[name]).length, n, `${name}: every label is distinct`);
    for (const label of Object.keys(build[name])) assert.deepEqual(build[name][label], core[name][label], `${name} ${label}`);
  }
  for (const name of ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder']) {
    const answers = Object.values(build[name]);
    assert.ok(answers.some((a) => a.supported === true), `${name}: some config supported`);
    assert.ok(answers.some((a) => a.supported === false), `${name}: some config unsupported`);
    assert.ok(answers.some((a) => a.error === 'TypeError'), `${name}: some config invalid`);
  }
  const types = Object.values(build.ImageDecoder);
  assert.ok(types.includes(true) && types.includes(false), 'ImageDecoder: both verdicts');
}

/**
 * The thread policy as docs/ARCHITECTURE.md "Thread policy" states it, for video decoders:
 * min(what the picture is worth, an equal share of the cores, what the free pool Workers carry).
 * `pool` is the pool's Workers, `held` those live codecs hold, this codec's own thread included.
 */
export function expectedDecoderThreads({ cores, videoCodecs, pool, held, width, height }) {
  const worth = width * height >= 2560 * 1440 ? 8 : 4;
  const share = Math.max(1, Math.floor(cores / videoCodecs));
  return Math.max(1, Math.min(worth, share, pool - held));
}

/**
 * A threadUse scenario: every decoder output every frame; the grants are the policy's for
 * decoders configured one after another (each sees the codecs before it); and the pthreads
 * running are exactly the codec threads plus the frame threads granted (FFmpeg starts N for N).
 */
export function assertThreadUse(r, { cores, decoders, index }) {
  assert.ok(r.supported, 'the package exposes __testHooks.threadUse() (pthreads build)');
  assert.deepEqual({ grants: r.idle.grants.length, running: r.idle.runningPthreads }, { grants: 0, running: 0 }, 'earlier codecs\' threads have ended');
  assert.deepEqual(r.errors, new Array(decoders).fill(null), 'error callbacks');
  assert.deepEqual(r.flushErrors, new Array(decoders).fill(null), 'flushes');
  assert.deepEqual(r.frames, new Array(decoders).fill(index.oracle.frames.length), 'every decoder output every frame');
  assert.equal(r.use.cores, cores, 'the policy read the overridden hardwareConcurrency');
  const expected = [];
  let held = 0;
  for (let k = 1; k <= decoders; k++) {
    const threads = expectedDecoderThreads({ cores, videoCodecs: k, pool: r.idle.poolWorkers, held: held + 1, width: index.codedWidth, height: index.codedHeight });
    expected.push(threads);
    held += 1 + (threads > 1 ? threads : 0);
  }
  assert.deepEqual(r.use.grants.map((g) => g.threads), expected, `threads granted (pool of ${r.idle.poolWorkers})`);
  assert.equal(r.use.runningPthreads, held, 'pthreads running: each codec thread and its frame threads');
}
