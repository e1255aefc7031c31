// Scenarios of the hybrid codecs (issue #10 §2), on a page where install({hybrid: true}) put them
// over the browser's own WebCodecs (page.mjs ?hide=&install=hybrid). ctx.api holds the globals
// (hybrid codecs, the browser's media interfaces), ctx.native the browser's own classes and
// ctx.package the package module (its wasm classes and hybridImplementation()). Each returns
// observations; test/browser/hybrid.test.mjs asserts them.
import { describeError, hexToBytes, loadFixture, sha256, withTimeout } from './scenarios.mjs';
import { concat, psnr } from './encode_sources.mjs';
import { compareAudio } from './encode_scenarios.mjs';

const tag = (value) => Object.prototype.toString.call(value).slice(8, -1);

function configOf(index) {
  const config = index.type === 'video'
    ? { codec: index.codec, codedWidth: index.codedWidth, codedHeight: index.codedHeight }
    : { codec: index.codec, sampleRate: index.sampleRate, numberOfChannels: index.numberOfChannels };
  if (index.description) config.description = hexToBytes(index.description);
  return config;
}

function chunksOf(Chunk, { index, bytes }) {
  return index.packets.map((p) => new Chunk({
    type: p.key ? 'key' : 'delta',
    timestamp: p.timestamp,
    duration: p.duration,
    data: bytes.subarray(p.offset, p.offset + p.size),
  }));
}

/** The pixels of a frame as the browser draws them (RGBA, display size). */
function drawnPixels(frame) {
  const canvas = new OffscreenCanvas(frame.displayWidth, frame.displayHeight);
  const context = canvas.getContext('2d');
  context.drawImage(frame, 0, 0);
  return context.getImageData(0, 0, canvas.width, canvas.height).data;
}

/** A stable digest of an output: a frame's planes (copyTo defaults) or audio's f32-planar samples. */
async function digest(output) {
  if (tag(output) === 'VideoFrame') {
    const bytes = new Uint8Array(output.allocationSize());
    await output.copyTo(bytes);
    return sha256(bytes);
  }
  const parts = [];
  for (let c = 0; c < output.numberOfChannels; c++) {
    const samples = new Float32Array(output.numberOfFrames);
    output.copyTo(samples, { planeIndex: c, format: 'f32-planar' });
    parts.push(new Uint8Array(samples.buffer));
  }
  return sha256(new Uint8Array(await new Blob(parts).arrayBuffer()));
}

/**
 * Decodes a fixture with `Decoder`; chunks made by `Chunk`. Returns each output's digest, whether
 * it is the browser's own object, and (for hybrids) the implementation that ran.
 */
async function decodeWith(ctx, Decoder, Chunk, fixture) {
  const fx = await loadFixture(ctx, fixture);
  const outputs = [];
  const work = [];
  let error = null;
  const Platform = fx.index.type === 'video' ? ctx.native.VideoFrame : ctx.native.AudioData;
  const decoder = new Decoder({
    output(o) {
      const seen = { timestamp: o.timestamp, platform: o instanceof Platform, tag: tag(o) };
      outputs.push(seen);
      work.push(digest(o).then((d) => (seen.digest = d)).finally(() => o.close()));
    },
    error(e) {
      error = e;
    },
  });
  decoder.configure(configOf(fx.index));
  const choosing = ctx.package.hybridImplementation(decoder);
  for (const chunk of chunksOf(Chunk, fx)) decoder.decode(chunk);
  const queued = decoder.decodeQueueSize;
  await withTimeout(decoder.flush(), `flush of ${fixture}`);
  const implementation = ctx.package.hybridImplementation(decoder);
  await Promise.all(work);
  decoder.close();
  return { outputs, error: describeError(error), implementation, choosing, queued, packets: fx.index.packets.length };
}

/**
 * A fixture decoded by the hybrid decoder (chunks of the browser's or of the package's
 * EncodedVideoChunk/EncodedAudioChunk), and by the implementation the hybrid chose, directly.
 */
export async function hybridDecode(ctx, { fixture, chunks = 'platform' }) {
  const video = (await ctx.loadJson(`${fixture}.json`)).type === 'video';
  const name = video ? 'VideoDecoder' : 'AudioDecoder';
  const chunkName = video ? 'EncodedVideoChunk' : 'EncodedAudioChunk';
  const Chunk = (chunks === 'platform' ? ctx.native : ctx.package)[chunkName];
  const hybrid = await decodeWith(ctx, ctx.api[name], Chunk, fixture);
  // The chosen implementation directly (the browser's decoder takes only its own chunks).
  const direct = hybrid.implementation === 'native'
    ? await decodeWith(ctx, ctx.native[name], ctx.native[chunkName], fixture)
    : await decodeWith(ctx, ctx.package[name], Chunk, fixture);
  return { hybrid, direct, isHybridGlobal: ctx.api[name] === ctx.package[`Hybrid${name}`] };
}

/**
 * Decode → encode → decode, all through the hybrid globals: a fixture's frames (or audio) go to
 * an encoder of `encoderConfig`, its chunks to a decoder of the encoder's decoderConfig. Returns
 * which implementation ran each step, the kinds of object each step saw, and the quality of the
 * round trip against the first decode (PSNR of drawn frames, or SNR of the samples).
 */
export async function hybridTranscode(ctx, { fixture, encoderConfig, packageFrames = false }) {
  const fx = await loadFixture(ctx, fixture);
  const video = fx.index.type === 'video';
  const api = ctx.api;
  const Platform = video ? ctx.native.VideoFrame : ctx.native.AudioData;
  const originals = [];
  const errors = [];
  const seen = { decoded: [], chunks: [], redecoded: [] };
  const chunks = [];
  let decoderConfig = null;
  const encoder = new (video ? api.VideoEncoder : api.AudioEncoder)({
    output(chunk, metadata) {
      seen.chunks.push(tag(chunk) + (chunk instanceof (video ? ctx.native.EncodedVideoChunk : ctx.native.EncodedAudioChunk) ? ':platform' : ':package'));
      if (metadata?.decoderConfig) decoderConfig = metadata.decoderConfig;
      chunks.push(chunk);
    },
    error: (e) => errors.push(['encoder', describeError(e)]),
  });
  encoder.configure(encoderConfig);
  const decoded = [];
  const decoder = new (video ? api.VideoDecoder : api.AudioDecoder)({
    output(o) {
      seen.decoded.push(o instanceof Platform ? 'platform' : 'package');
      decoded.push(o);
    },
    error: (e) => errors.push(['decoder', describeError(e)]),
  });
  decoder.configure(configOf(fx.index));
  for (const chunk of chunksOf(ctx.native[video ? 'EncodedVideoChunk' : 'EncodedAudioChunk'], fx)) decoder.decode(chunk);
  await withTimeout(decoder.flush(), 'first decode');
  for (const o of decoded) {
    let input = o;
    if (packageFrames) {
      // The package's own frame (as a ponyfill user has one), given to the hybrid encoder.
      const copy = new Uint8Array(o.allocationSize());
      await o.copyTo(copy);
      input = new ctx.package.VideoFrame(copy, { format: o.format, codedWidth: o.visibleRect.width, codedHeight: o.visibleRect.height, timestamp: o.timestamp });
    }
    originals.push(video ? drawnPixels(o) : samplesOf(o));
    encoder.encode(input);
    if (input !== o) input.close();
    o.close();
  }
  await withTimeout(encoder.flush(), 'encode');
  const implementations = { decoder: ctx.package.hybridImplementation(decoder), encoder: ctx.package.hybridImplementation(encoder) };
  const outputs = [];
  const redecoder = new (video ? api.VideoDecoder : api.AudioDecoder)({
    output(o) {
      seen.redecoded.push(o instanceof Platform ? 'platform' : 'package');
      outputs.push(video ? drawnPixels(o) : samplesOf(o));
      o.close();
    },
    error: (e) => errors.push(['redecoder', describeError(e)]),
  });
  if (decoderConfig) {
    redecoder.configure(decoderConfig);
    for (const chunk of chunks) redecoder.decode(chunk);
    await withTimeout(redecoder.flush(), 'second decode');
    implementations.redecoder = ctx.package.hybridImplementation(redecoder);
  }
  let quality = null;
  if (video) {
    const n = Math.min(originals.length, outputs.length);
    quality = n ? Math.min(...Array.from({ length: n }, (_, i) => psnr(originals[i], outputs[i], 4))) : null;
  } else {
    // Channel 0 at the best alignment (encoders add priming); Infinity (lossless) as psnr's 99.
    const { snr } = compareAudio([concat(originals)], [concat(outputs)], true);
    quality = snr === Infinity ? 99 : snr;
  }
  for (const c of [decoder, encoder, redecoder]) if (c.state !== 'closed') c.close();
  return { implementations, seen, errors, counts: { originals: originals.length, chunks: chunks.length, outputs: outputs.length }, quality, decoderConfigCodec: decoderConfig?.codec ?? null };
}

function samplesOf(data) {
  // The first channel, as f32.
  const samples = new Float32Array(data.numberOfFrames);
  data.copyTo(samples, { planeIndex: 0, format: 'f32-planar' });
  return samples;
}

/** The hybrid decoder's state machine against the WebCodecs algorithms, across both implementations. */
export async function hybridStateMachine(ctx, { nativeFixture, wasmFixture }) {
  const r = {};
  const native = await loadFixture(ctx, nativeFixture);
  const wasm = await loadFixture(ctx, wasmFixture);
  const Chunk = ctx.native.EncodedVideoChunk;
  const outputs = [];
  const errors = [];
  const decoder = new ctx.api.VideoDecoder({ output: (f) => (outputs.push(f.timestamp), f.close()), error: (e) => errors.push(describeError(e)) });
  const attempt = (f) => {
    try {
      f();
      return 'ok';
    } catch (e) {
      return e.name;
    }
  };
  r.tag = tag(decoder);
  r.isEventTarget = decoder instanceof EventTarget;
  r.decodeUnconfigured = attempt(() => decoder.decode(chunksOf(Chunk, native)[0]));
  r.flushUnconfigured = await decoder.flush().then(() => 'resolved', (e) => e.name);
  r.notAChunk = attempt(() => decoder.configure(configOf(native.index)) ?? decoder.decode({ type: 'key' }));
  r.deltaFirst = attempt(() => decoder.decode(chunksOf(Chunk, native)[1]));

  // Reset while the implementation is being chosen: nothing of that configuration comes out.
  decoder.configure(configOf(wasm.index));
  for (const chunk of chunksOf(Chunk, wasm)) decoder.decode(chunk);
  r.queuedWhileChoosing = decoder.decodeQueueSize;
  const aborted = decoder.flush().then(() => 'resolved', (e) => e.name);
  decoder.reset();
  r.afterReset = { state: decoder.state, queue: decoder.decodeQueueSize, flush: await aborted };
  await new Promise((resolve) => setTimeout(resolve, 500));
  r.outputsAfterReset = outputs.length;

  // One configuration on each implementation, without a flush between them: every output, in order.
  decoder.configure(configOf(native.index));
  for (const chunk of chunksOf(Chunk, native)) decoder.decode(chunk);
  decoder.configure(configOf(wasm.index));
  for (const chunk of chunksOf(Chunk, wasm)) decoder.decode(chunk);
  const dequeues = [];
  decoder.ondequeue = () => dequeues.push(decoder.decodeQueueSize);
  await withTimeout(decoder.flush(), 'flush after the switch');
  r.afterSwitch = {
    implementation: ctx.package.hybridImplementation(decoder),
    outputs: outputs.length,
    expected: native.index.packets.length + wasm.index.packets.length,
    queue: decoder.decodeQueueSize,
    dequeueEvents: dequeues.length,
  };
  // In presentation order: the first configuration's, then the second's.
  const sorted = (fx) => fx.index.packets.map((p) => p.timestamp).sort((a, b) => a - b);
  r.timestamps = { outputs: outputs.slice(), expected: [...sorted(native), ...sorted(wasm)] };

  // A chunk marked key whose bitstream is a delta frame: the inner codec's DataError, thrown by
  // decode() itself; the codec stays configured (and no error reaches the callback).
  const delta = wasm.index.packets.find((p) => !p.key);
  const fakeKey = new Chunk({ type: 'key', timestamp: delta.timestamp, data: wasm.bytes.subarray(delta.offset, delta.offset + delta.size) });
  r.keyMarkedDelta = { threw: attempt(() => decoder.decode(fakeKey)), state: decoder.state };

  // Neither implementation supports it: NotSupportedError through the error callback, closed.
  decoder.configure({ codec: 'bogus' });
  await new Promise((resolve) => setTimeout(resolve, 500));
  r.unsupported = { state: decoder.state, errors: errors.slice() };
  r.configureClosed = attempt(() => decoder.configure(configOf(native.index)));
  r.closeClosed = attempt(() => decoder.close());
  r.support = {
    wasmOnly: (await ctx.api.VideoDecoder.isConfigSupported(configOf(wasm.index))).supported,
    invalid: await ctx.api.VideoDecoder.isConfigSupported({ codec: '' }).then(() => 'resolved', (e) => e.name),
  };
  r.closeDuringChoice = await (async () => {
    const d = new ctx.api.VideoDecoder({ output: (f) => f.close(), error: (e) => errors.push(['late', describeError(e)]) });
    d.configure(configOf(wasm.index));
    d.decode(chunksOf(Chunk, wasm)[0]);
    const flush = d.flush().then(() => 'resolved', (e) => e.name);
    d.close();
    return { state: d.state, flush: await flush };
  })();
  // reset() with inputs queued in the hybrid (a switch being chosen) and in the native codec
  // under it: one dequeue event (§4.6 Reset VideoDecoder: one Schedule Dequeue Event), queue 0.
  r.resetBothQueues = await (async () => {
    const d = new ctx.api.VideoDecoder({ output: (f) => f.close(), error: (e) => errors.push(['reset', describeError(e)]) });
    d.configure(configOf(native.index));
    await withTimeout(d.flush(), 'flush of the native configuration');
    let dequeues = 0;
    d.ondequeue = () => dequeues++;
    for (const chunk of chunksOf(Chunk, native)) d.decode(chunk);
    d.configure(configOf(wasm.index));
    d.decode(chunksOf(Chunk, wasm)[0]);
    const before = { queue: d.decodeQueueSize, implementation: ctx.package.hybridImplementation(d) };
    dequeues = 0;
    d.reset();
    await new Promise((resolve) => setTimeout(resolve, 300));
    d.close();
    return { before, queueAfter: d.decodeQueueSize, dequeues };
  })();
  // configure() keeps a copy: the caller's config changed right after does not matter.
  r.mutatedConfig = await (async () => {
    let frames = 0;
    let error = null;
    const d = new ctx.api.VideoDecoder({ output: (f) => (frames++, f.close()), error: (e) => (error = describeError(e)) });
    const config = configOf(native.index);
    d.configure(config);
    config.codec = 'bogus';
    for (const chunk of chunksOf(Chunk, native)) d.decode(chunk);
    await withTimeout(d.flush(), 'flush after a changed config');
    d.close();
    return { frames, expected: native.index.packets.length, error };
  })();
  return r;
}

export const hybridScenarios = { hybridDecode, hybridTranscode, hybridStateMachine };
