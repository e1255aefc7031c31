// Encoder scenarios, run in pages (Chromium, Firefox) and in Node with the same context as
// scenarios.mjs. The source pictures and sounds are synthetic and deterministic (test/encode_sources.mjs
// makes the same ones in Node for the ffmpeg oracle); a scenario returns what the encoder produced
// (chunk bytes as base64, attributes, metadata) and what a decoder made of it, never a verdict.
import { concat, makeFrame, makeSamples, psnr } from './encode_sources.mjs';

const TIMEOUT_MS = 120_000;

function withTimeout(promise, what) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${TIMEOUT_MS} ms: ${what}`)), TIMEOUT_MS);
    }),
  ]).finally(() => clearTimeout(timer));
}

function describeError(e) {
  if (e == null) return null;
  return { name: e.name, message: String(e.message) };
}

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(text) {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

function plainDecoderConfig(config) {
  if (!config) return null;
  const out = { ...config };
  if (config.description) out.description = toBase64(new Uint8Array(config.description.buffer ?? config.description));
  if (config.colorSpace) out.colorSpace = { ...config.colorSpace };
  return out;
}

/** Encodes `frames` synthetic frames; returns the chunks, their metadata and the errors. */
async function runVideoEncoder(api, { config, frames, format = 'I420', width, height, keyFrames = [], frameWidth, frameHeight, orientation, frameOptions, reconfigure = {}, frameApi = api }) {
  const chunks = [];
  const metadata = [];
  let error = null;
  const encoder = new api.VideoEncoder({
    output: (chunk, meta) => {
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      chunks.push({ type: chunk.type, timestamp: chunk.timestamp, duration: chunk.duration, data });
      metadata.push({ decoderConfig: plainDecoderConfig(meta?.decoderConfig), svc: meta?.svc ?? null, keys: Object.keys(meta ?? {}) });
    },
    error: (e) => {
      error = describeError(e);
    },
  });
  encoder.configure(config);
  const maxQueue = [];
  for (let i = 0; i < frames; i++) {
    // configure() again before frame i: { [i]: config }.
    if (reconfigure[i]) encoder.configure(reconfigure[i]);
    const frame = makeFrame(frameApi, { format, width: frameWidth ?? width, height: frameHeight ?? height, index: i, orientation });
    encoder.encode(frame, { keyFrame: keyFrames.includes(i), ...(frameOptions?.[i] ?? {}) });
    // encode() took its own reference: the caller may close at once.
    frame.close();
    maxQueue.push(encoder.encodeQueueSize);
  }
  await withTimeout(encoder.flush(), 'VideoEncoder.flush()').catch((e) => {
    error ??= describeError(e);
  });
  const state = encoder.state;
  if (state !== 'closed') encoder.close();
  return { chunks, metadata, error, state };
}

/** Decodes chunks with `api.VideoDecoder`; returns each frame's PSNR against its source and its attributes. */
async function decodeAndCompare(api, { chunks, decoderConfig, sourceFormat, width, height }) {
  const frames = [];
  let error = null;
  const decoder = new api.VideoDecoder({
    output: (frame) => frames.push(frame),
    error: (e) => {
      error = describeError(e);
    },
  });
  const config = { ...decoderConfig };
  if (config.description) config.description = fromBase64(config.description);
  decoder.configure(config);
  for (const c of chunks) decoder.decode(new api.EncodedVideoChunk({ type: c.type, timestamp: c.timestamp, duration: c.duration ?? undefined, data: c.data }));
  await withTimeout(decoder.flush(), 'VideoDecoder.flush()').catch((e) => {
    error ??= describeError(e);
  });
  if (decoder.state !== 'closed') decoder.close();
  const results = [];
  for (const frame of frames) {
    const index = Math.round(frame.timestamp / 33333);
    const rgb = sourceFormat.startsWith('RGB') || sourceFormat.startsWith('BGR');
    // Compare luma for YUV sources, RGB for RGB sources (decoded with the config's colour space).
    const options = rgb ? { format: 'RGBA' } : {};
    const size = frame.allocationSize(options);
    const decoded = new Uint8Array(size);
    await frame.copyTo(decoded, options);
    const source = makeFrame(null, { format: rgb ? 'RGBA' : 'I420', width, height, index, bytesOnly: true });
    const planeBytes = rgb ? width * height * 4 : width * height;
    // The decoded picture itself (tight I420 planes), to compare with other decoders' output.
    let sha256 = null;
    if (frame.format === 'I420') {
      const i420 = new Uint8Array(frame.allocationSize());
      await frame.copyTo(i420);
      sha256 = [...new Uint8Array(await crypto.subtle.digest('SHA-256', i420))].map((b) => b.toString(16).padStart(2, '0')).join('');
    }
    results.push({
      sha256,
      timestamp: frame.timestamp,
      duration: frame.duration,
      codedWidth: frame.codedWidth,
      displayWidth: frame.displayWidth,
      displayHeight: frame.displayHeight,
      rotation: frame.rotation,
      flip: frame.flip,
      format: frame.format,
      psnr: frame.format === 'I420' || rgb ? psnr(decoded.subarray(0, planeBytes), source.subarray(0, planeBytes), rgb ? 4 : 1) : null,
    });
    frame.close();
  }
  return { frames: results, error };
}

/**
 * Encodes synthetic video with `impl` (this implementation or native), decodes it back with
 * `decodeWith`, and returns both sides' observations plus the stream for the ffmpeg oracle.
 */
export async function encodeVideo(ctx, { impl = 'polyfill', decodeWith = 'polyfill', frameImpl = impl, ...params }) {
  const encApi = impl === 'native' ? ctx.native : ctx.api;
  // frameImpl 'native': the browser's own VideoFrames given to this package's encoder.
  params.frameApi = frameImpl === 'native' ? ctx.native : ctx.api;
  const decApi = decodeWith === 'native' ? ctx.native : ctx.api;
  const { width, height } = params;
  const encoded = await runVideoEncoder(encApi, params);
  const decoderConfig = encoded.metadata.find((m) => m.decoderConfig)?.decoderConfig ?? null;
  const decoded = decoderConfig && decodeWith !== 'none'
    ? await decodeAndCompare(decApi, { chunks: encoded.chunks, decoderConfig, sourceFormat: params.format ?? 'I420', width, height })
    : null;
  return {
    error: encoded.error,
    state: encoded.state,
    chunks: encoded.chunks.map((c) => ({ type: c.type, timestamp: c.timestamp, duration: c.duration, size: c.data.byteLength })),
    stream: toBase64(concat(encoded.chunks.map((c) => c.data))),
    metadata: encoded.metadata,
    decoderConfig,
    decoded,
  };
}


/** Encodes synthetic audio and decodes it back; returns the stream and how close the round trip is. */
export async function encodeAudio(ctx, { impl = 'polyfill', decodeWith = 'polyfill', config, seconds = 1, chunkFrames = 960, dataRate, dataChannels }) {
  const encApi = impl === 'native' ? ctx.native : ctx.api;
  const decApi = decodeWith === 'native' ? ctx.native : ctx.api;
  const chunks = [];
  const metadata = [];
  let error = null;
  const encoder = new encApi.AudioEncoder({
    output: (chunk, meta) => {
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      chunks.push({ type: chunk.type, timestamp: chunk.timestamp, duration: chunk.duration, data });
      metadata.push({ decoderConfig: plainDecoderConfig(meta?.decoderConfig) });
    },
    error: (e) => {
      error = describeError(e);
    },
  });
  encoder.configure(config);
  const rate = dataRate ?? config.sampleRate;
  const channels = dataChannels ?? config.numberOfChannels;
  const total = Math.round(seconds * rate);
  const source = makeSamples({ sampleRate: rate, channels, frames: total });
  for (let at = 0; at < total; at += chunkFrames) {
    const frames = Math.min(chunkFrames, total - at);
    const planar = new Float32Array(frames * channels);
    for (let c = 0; c < channels; c++) planar.set(source[c].subarray(at, at + frames), c * frames);
    const data = new encApi.AudioData({ format: 'f32-planar', sampleRate: rate, numberOfFrames: frames, numberOfChannels: channels, timestamp: Math.round((at * 1e6) / rate), data: planar });
    encoder.encode(data);
    data.close();
  }
  await withTimeout(encoder.flush(), 'AudioEncoder.flush()').catch((e) => {
    error ??= describeError(e);
  });
  if (encoder.state !== 'closed') encoder.close();

  const decoderConfig = metadata.find((m) => m.decoderConfig)?.decoderConfig ?? null;
  let decoded = null;
  if (decoderConfig && !error && decodeWith !== 'none') {
    const out = Array.from({ length: config.numberOfChannels }, () => []);
    let decodeError = null;
    let firstTimestamp = null;
    let frames = 0;
    const decoder = new decApi.AudioDecoder({
      output: (data) => {
        firstTimestamp ??= data.timestamp;
        frames += data.numberOfFrames;
        for (let c = 0; c < data.numberOfChannels; c++) {
          const plane = new Float32Array(data.numberOfFrames);
          data.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
          out[c].push(plane);
        }
        data.close();
      },
      error: (e) => {
        decodeError = describeError(e);
      },
    });
    const dc = { ...decoderConfig };
    if (dc.description) dc.description = fromBase64(dc.description);
    decoder.configure(dc);
    for (const c of chunks) decoder.decode(new decApi.EncodedAudioChunk({ type: c.type, timestamp: c.timestamp, duration: c.duration ?? undefined, data: c.data }));
    await withTimeout(decoder.flush(), 'AudioDecoder.flush()').catch((e) => {
      decodeError ??= describeError(e);
    });
    if (decoder.state !== 'closed') decoder.close();
    const channelsOut = out.map((parts) => (parts.length ? concat(parts) : new Float32Array(0)));
    decoded = { error: decodeError, frames, firstTimestamp, ...compareAudio(source, channelsOut, rate === config.sampleRate) };
  }
  return {
    error,
    chunks: chunks.map((c) => ({ type: c.type, timestamp: c.timestamp, duration: c.duration, size: c.data.byteLength })),
    streamParts: chunks.map((c) => toBase64(c.data)),
    metadata,
    decoderConfig,
    decoded,
    sourceFrames: total,
  };
}

/**
 * How close decoded audio is to the source: the largest sample error at the best alignment
 * (encoders add priming and delay), and the signal-to-noise ratio there, over channel 0.
 */
export function compareAudio(source, decoded, sameRate) {
  if (!sameRate || decoded.length === 0 || decoded[0].length === 0) return { lag: null, snr: null, maxError: null };
  const a = source[0];
  const b = decoded[0];
  const n = Math.min(a.length, b.length) - 4096;
  let best = { lag: 0, err: Infinity };
  // Smallest shifts first, so that equal errors keep the smaller shift.
  const lags = Array.from({ length: 6145 }, (_, k) => k - 2048).sort((x, y) => Math.abs(x) - Math.abs(y));
  for (const lag of lags) {
    let err = 0;
    for (let i = 4096; i < n; i += 7) {
      const j = i + lag;
      if (j < 0 || j >= b.length) continue;
      const d = a[i] - b[j];
      err += d * d;
    }
    if (err < best.err) best = { lag, err };
  }
  let signal = 0;
  let noise = 0;
  let maxError = 0;
  for (let i = 4096; i < n; i++) {
    const j = i + best.lag;
    if (j < 0 || j >= b.length) continue;
    const d = a[i] - b[j];
    signal += a[i] * a[i];
    noise += d * d;
    maxError = Math.max(maxError, Math.abs(d));
  }
  return { lag: best.lag, snr: noise === 0 ? Infinity : 10 * Math.log10(signal / noise), maxError };
}

/** The encoder API's answers to misuse and to configs: exception names, support verdicts, events. */
export async function encoderApiBehaviour(ctx, { impl = 'polyfill' } = {}) {
  const api = impl === 'native' ? ctx.native : ctx.api;
  const r = {};
  const name = (fn) => {
    try {
      fn();
      return null;
    } catch (e) {
      return e.name;
    }
  };
  const supported = async (Encoder, config) => {
    try {
      return (await Encoder.isConfigSupported(config)).supported;
    } catch (e) {
      return e.name;
    }
  };
  const video = { codec: 'vp8', width: 64, height: 48 };
  r.videoSupport = {};
  for (const [label, config] of Object.entries({
    empty: { ...video, codec: '' },
    width0: { ...video, width: 0 },
    display0: { ...video, displayWidth: 0, displayHeight: 10 },
    bitrate0: { ...video, bitrate: 0 },
    missingHeight: { codec: 'vp8', width: 64 },
    vp8: video,
    vp9: { ...video, codec: 'vp09.00.10.08' },
    vp9p2: { ...video, codec: 'vp09.02.10.10' },
    av1: { ...video, codec: 'av01.0.04M.08' },
    av1_10: { ...video, codec: 'av01.0.04M.10' },
    avcBaseline: { ...video, codec: 'avc1.42001f' },
    avcMain: { ...video, codec: 'avc1.4d001f' },
    avcHigh: { ...video, codec: 'avc1.64001f' },
    avcLevelTooSmall: { codec: 'avc1.42000a', width: 1920, height: 1080 },
    avcOdd: { codec: 'avc1.42001f', width: 63, height: 48 },
    hevc: { ...video, codec: 'hvc1.1.6.L93.B0' },
    bogus: { ...video, codec: 'bogus' },
    badScalability: { ...video, scalabilityMode: 'ABC' },
    preferHardware: { ...video, hardwareAcceleration: 'prefer-hardware' },
    vp8L1T2: { ...video, scalabilityMode: 'L1T2' },
    vp9L1T3: { ...video, codec: 'vp09.00.10.08', scalabilityMode: 'L1T3' },
    vp9Quantizer: { ...video, codec: 'vp09.00.10.08', bitrateMode: 'quantizer' },
    av1Quantizer: { ...video, codec: 'av01.0.04M.08', bitrateMode: 'quantizer' },
    avcQuantizer: { ...video, codec: 'avc1.42001f', bitrateMode: 'quantizer' },
    av1L1T2: { ...video, codec: 'av01.0.04M.08', scalabilityMode: 'L1T2' },
    av1L1T3: { ...video, codec: 'av01.0.04M.08', scalabilityMode: 'L1T3' },
    avcL1T2: { ...video, codec: 'avc1.42001f', scalabilityMode: 'L1T2' },
    avcL1T3: { ...video, codec: 'avc1.42001f', scalabilityMode: 'L1T3' },
    vp8AlphaKeep: { ...video, alpha: 'keep' },
    vp9AlphaKeep: { ...video, codec: 'vp09.00.10.08', alpha: 'keep' },
  })) {
    r.videoSupport[label] = await supported(api.VideoEncoder, config);
  }
  const audio = { codec: 'opus', sampleRate: 48000, numberOfChannels: 2 };
  r.audioSupport = {};
  for (const [label, config] of Object.entries({
    empty: { ...audio, codec: '' },
    rate0: { ...audio, sampleRate: 0 },
    channels0: { ...audio, numberOfChannels: 0 },
    opus: audio,
    opusComplexity11: { ...audio, opus: { complexity: 11 } },
    opusBadFrameDuration: { ...audio, opus: { frameDuration: 12345 } },
    aac: { ...audio, codec: 'mp4a.40.2' },
    flac: { ...audio, codec: 'flac' },
    vorbis: { ...audio, codec: 'vorbis' },
    mp3: { ...audio, codec: 'mp3' },
    pcm: { ...audio, codec: 'pcm-s16' },
    ulaw: { codec: 'ulaw', sampleRate: 8000, numberOfChannels: 1 },
    bogus: { ...audio, codec: 'bogus' },
  })) {
    r.audioSupport[label] = await supported(api.AudioEncoder, config);
  }

  // The returned config is a clone with the recognised members only.
  const clone = (await api.VideoEncoder.isConfigSupported({ ...video, bitrate: 100000, framerate: 30, avc: { format: 'annexb' }, futureMember: 1 })).config;
  r.configClone = { keys: Object.keys(clone).sort(), avc: clone.avc ?? null };

  const errors = [];
  const encoder = new api.VideoEncoder({ output: () => {}, error: (e) => errors.push(e.name) });
  r.initialState = encoder.state;
  const frame = makeFrame(api, { format: 'I420', width: 64, height: 48, index: 0 });
  r.encodeUnconfigured = name(() => encoder.encode(frame));
  r.flushUnconfigured = await encoder.flush().then(() => null, (e) => e.name);
  r.configureInvalid = name(() => encoder.configure({ ...video, width: 0 }));
  encoder.configure(video);
  r.stateAfterConfigure = encoder.state;
  const closed = frame.clone();
  closed.close();
  r.encodeClosedFrame = name(() => encoder.encode(closed));
  r.encodeNotAFrame = name(() => encoder.encode({}));
  let dequeues = 0;
  encoder.addEventListener('dequeue', () => dequeues++);
  encoder.encode(frame);
  r.queueAfterEncode = encoder.encodeQueueSize;
  const rotated = makeFrame(api, { format: 'I420', width: 64, height: 48, index: 1, orientation: { rotation: 90 } });
  r.encodeOtherOrientation = name(() => encoder.encode(rotated));
  rotated.close();
  await encoder.flush();
  r.dequeueEvents = dequeues > 0;
  r.queueAfterFlush = encoder.encodeQueueSize;
  encoder.encode(frame);
  const pending = encoder.flush().then(() => null, (e) => e.name);
  encoder.reset();
  r.flushAfterReset = await pending;
  r.stateAfterReset = encoder.state;
  encoder.close();
  r.stateAfterClose = encoder.state;
  r.configureClosed = name(() => encoder.configure(video));
  r.errorsCalled = errors;
  frame.close();

  // An unsupported config closes with NotSupportedError through the error callback.
  const unsupported = await new Promise((resolve) => {
    const e2 = new api.VideoEncoder({ output: () => {}, error: (e) => resolve({ name: e.name, state: e2.state }) });
    e2.configure({ ...video, codec: 'hvc1.1.6.L93.B0' });
  });
  r.unsupportedConfigure = unsupported;

  // Audio whose channel count differs from the config: an EncodingError, as Chromium reports it.
  r.audioMismatch = await new Promise((resolve) => {
    const a = new api.AudioEncoder({ output: () => {}, error: (e) => resolve(e.name) });
    a.configure(audio);
    const data = new api.AudioData({ format: 'f32-planar', sampleRate: 48000, numberOfFrames: 960, numberOfChannels: 1, timestamp: 0, data: new Float32Array(960) });
    a.encode(data);
    data.close();
    a.flush().catch(() => {});
  });
  return r;
}

/**
 * Several encoders at once (video and audio, each codec family), then encoders reset and closed
 * with work queued: every run's chunks, and the core's live sessions and buffers before and after.
 */
export async function encodersAtOnce(ctx) {
  // Sessions of earlier work may still be tearing down (teardown is asynchronous): the baseline
  // is taken once the counts stop falling.
  let before = ctx.testHooks?.liveCounts ? await ctx.testHooks.liveCounts() : null;
  for (let i = 0; i < 60 && before; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    const now = await ctx.testHooks.liveCounts();
    if (JSON.stringify(now) === JSON.stringify(before)) break;
    before = now;
  }
  const video = (codec) => encodeVideo(ctx, { config: { codec, width: 96, height: 64 }, frames: 6, width: 96, height: 64, decodeWith: 'none' });
  const audio = (codec) => encodeAudio(ctx, { config: { codec, sampleRate: 48000, numberOfChannels: 2 }, seconds: 0.3, decodeWith: 'none' });
  const runs = await Promise.all([video('vp8'), video('vp09.00.10.08'), video('av01.0.04M.08'), video('avc1.42001e'), audio('opus'), audio('mp4a.40.2'), audio('flac')]);
  // Reset and close with frames queued: the clones and the core's sessions must all go.
  const abandoned = [];
  for (const codec of ['vp8', 'avc1.42001e']) {
    const encoder = new ctx.api.VideoEncoder({ output: () => {}, error: () => {} });
    encoder.configure({ codec, width: 96, height: 64 });
    for (let i = 0; i < 8; i++) {
      const frame = makeFrame(ctx.api, { format: 'I420', width: 96, height: 64, index: i });
      encoder.encode(frame);
      frame.close();
    }
    const flushed = encoder.flush().then(() => 'resolved', (e) => e.name);
    encoder.reset();
    encoder.close();
    abandoned.push(await flushed);
  }
  let after = before && (await ctx.testHooks.liveCounts());
  for (let i = 0; i < 60 && before && JSON.stringify(after) !== JSON.stringify(before); i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    after = await ctx.testHooks.liveCounts();
  }
  return {
    runs: runs.map((r) => ({ error: r.error, chunks: r.chunks.length, keys: r.chunks.filter((c) => c.type === 'key').length })),
    abandoned,
    before,
    after,
  };
}

/**
 * Transcoding as an app does it: synthetic frames encoded with `from`, decoded by this package,
 * each decoded frame (or a `crop` of it, a VideoFrame sharing its pixels) encoded with `to` and
 * closed at once; the result decoded again and compared with the source's luma. Also returns how
 * many frames the encoder took from the core by handle (no pixel copy through JavaScript).
 */
export async function transcodeDecodedFrames(ctx, { from, to, width, height, frames, crop = null }) {
  const { api } = ctx;
  const first = await runVideoEncoder(api, { config: { codec: from, width, height, bitrate: 2_000_000 }, frames, width, height });
  const out = crop ?? { x: 0, y: 0, width, height };
  const takenBefore = ctx.testHooks ? await ctx.testHooks.framesTakenByEncoders() : null;
  const chunks = [];
  let decoderConfig = null;
  let error = first.error;
  const encoder = new api.VideoEncoder({
    output: (chunk, meta) => {
      const data = new Uint8Array(chunk.byteLength);
      chunk.copyTo(data);
      chunks.push({ type: chunk.type, timestamp: chunk.timestamp, duration: chunk.duration, data });
      if (meta?.decoderConfig) decoderConfig = meta.decoderConfig;
    },
    error: (e) => {
      error ??= describeError(e);
    },
  });
  encoder.configure({ codec: to, width: out.width, height: out.height, bitrate: 2_000_000 });
  const decoder = new api.VideoDecoder({
    output: (frame) => {
      const input = crop ? new api.VideoFrame(frame, { visibleRect: crop }) : frame;
      encoder.encode(input);
      input.close();
      if (input !== frame) frame.close();
    },
    error: (e) => {
      error ??= describeError(e);
    },
  });
  const firstConfig = { ...first.metadata[0].decoderConfig };
  if (firstConfig.description) firstConfig.description = fromBase64(firstConfig.description);
  decoder.configure(firstConfig);
  for (const c of first.chunks) decoder.decode(new api.EncodedVideoChunk({ type: c.type, timestamp: c.timestamp, duration: c.duration ?? undefined, data: c.data }));
  await withTimeout(decoder.flush(), 'VideoDecoder.flush()').catch((e) => {
    error ??= describeError(e);
  });
  await withTimeout(encoder.flush(), 'VideoEncoder.flush()').catch((e) => {
    error ??= describeError(e);
  });
  decoder.close();
  encoder.close();
  const takenAfter = ctx.testHooks ? await ctx.testHooks.framesTakenByEncoders() : null;

  const decodedBack = [];
  const back = new api.VideoDecoder({
    output: (frame) => decodedBack.push(frame),
    error: (e) => {
      error ??= describeError(e);
    },
  });
  if (decoderConfig) {
    back.configure(decoderConfig);
    for (const c of chunks) back.decode(new api.EncodedVideoChunk(c));
    await withTimeout(back.flush(), 'VideoDecoder.flush()').catch((e) => {
      error ??= describeError(e);
    });
  }
  const psnrs = [];
  for (const frame of decodedBack) {
    const bytes = new Uint8Array(frame.allocationSize());
    await frame.copyTo(bytes);
    const source = makeFrame(null, { format: 'I420', width, height, index: Math.round(frame.timestamp / 33333), bytesOnly: true });
    const luma = new Uint8Array(out.width * out.height);
    for (let y = 0; y < out.height; y++) luma.set(source.subarray((out.y + y) * width + out.x, (out.y + y) * width + out.x + out.width), y * out.width);
    psnrs.push(psnr(bytes.subarray(0, luma.length), luma));
    frame.close();
  }
  back.close();
  return { error, chunks: chunks.length, keys: chunks.filter((c) => c.type === 'key').length, psnrs, taken: takenAfter === null ? null : takenAfter - takenBefore };
}

export const encodeScenarios = { encodeVideo, encodeAudio, encoderApiBehaviour, encodersAtOnce, transcodeDecodedFrames };
