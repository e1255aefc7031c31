// Scenarios run inside a page (Chromium, Firefox) or in Node. Each takes a context
//   { api, load, loadJson, env }
// where `api` holds the WebCodecs classes under test (the polyfill, or Chromium's native ones),
// `load(path)` returns an ArrayBuffer of a file under test/fixtures/generated/, `loadJson(path)` its
// parsed JSON, and `env` names the runtime ({name}). A scenario returns plain
// JSON: measurements and observations, never verdicts against our own earlier output. The runners
// (test/browser/*.test.mjs, test/node/*.test.mjs) assert them against ffmpeg's oracles and the spec.

const TIMEOUT_MS = 60_000;

export function withTimeout(promise, what, ms = TIMEOUT_MS) {
  let timer;
  return Promise.race([
    promise,
    new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms: ${what}`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export function hexToBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

export async function sha256(bytes) {
  const digest = await crypto.subtle.digest('SHA-256', bytes);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export function describeError(e) {
  if (e == null) return null;
  return { name: e.name, message: String(e.message), isDOMException: typeof DOMException !== 'undefined' && e instanceof DOMException };
}

/** Loads a fixture: its index and its packet bytes. */
export async function loadFixture(ctx, name) {
  const index = await ctx.loadJson(`${name}.json`);
  const bytes = new Uint8Array(await ctx.load(index.data));
  return { index, bytes };
}

function videoConfig(index, extra = {}) {
  const config = { codec: index.codec, codedWidth: index.codedWidth, codedHeight: index.codedHeight, ...extra };
  if (index.description) config.description = hexToBytes(index.description);
  return config;
}

function audioConfig(index, extra = {}) {
  const config = { codec: index.codec, sampleRate: index.sampleRate, numberOfChannels: index.numberOfChannels, ...extra };
  if (index.description) config.description = hexToBytes(index.description);
  return config;
}

function makeChunks(api, { index, bytes }) {
  const Chunk = index.type === 'video' ? api.EncodedVideoChunk : api.EncodedAudioChunk;
  return index.packets.map(
    (p) =>
      new Chunk({
        type: p.key ? 'key' : 'delta',
        timestamp: p.timestamp,
        duration: p.duration,
        data: bytes.subarray(p.offset, p.offset + p.size),
      }),
  );
}

/**
 * Decodes a whole video fixture and hashes each frame's copyTo() output (default options: visible
 * rect, planes tightly packed), as ffmpeg's framehash does.
 */
export async function decodeVideo(ctx, { fixture, config = {}, hash = true }) {
  const fx = await loadFixture(ctx, fixture);
  const frames = [];
  const work = [];
  let error = null;
  const decoder = new ctx.api.VideoDecoder({
    output(frame) {
      const meta = {
        timestamp: frame.timestamp,
        duration: frame.duration,
        format: frame.format,
        codedWidth: frame.codedWidth,
        codedHeight: frame.codedHeight,
        visibleRect: frame.visibleRect && {
          x: frame.visibleRect.x, y: frame.visibleRect.y, width: frame.visibleRect.width, height: frame.visibleRect.height,
        },
        displayWidth: frame.displayWidth,
        displayHeight: frame.displayHeight,
        colorSpace: frame.colorSpace.toJSON(),
      };
      frames.push(meta);
      if (!hash) {
        frame.close();
        return;
      }
      work.push(
        (async () => {
          try {
            const size = frame.allocationSize();
            const buf = new Uint8Array(size);
            await frame.copyTo(buf);
            meta.size = size;
            meta.sha256 = await sha256(buf);
          } catch (e) {
            meta.copyError = describeError(e);
          } finally {
            frame.close();
          }
        })(),
      );
    },
    error(e) {
      error = e;
    },
  });
  const started = performance.now();
  let flushError = null;
  try {
    decoder.configure(videoConfig(fx.index, { hardwareAcceleration: 'prefer-software', ...config }));
    for (const chunk of makeChunks(ctx.api, fx)) decoder.decode(chunk);
    await withTimeout(decoder.flush(), `flush of ${fixture}`);
  } catch (e) {
    flushError = e;
  }
  await Promise.all(work);
  const elapsedMs = performance.now() - started;
  if (decoder.state !== 'closed') decoder.close();
  return {
    fixture,
    frames,
    error: describeError(error),
    flushError: describeError(flushError),
    elapsedMs,
  };
}

function bytesPerSample(base) {
  return { u8: 1, s16: 2, s32: 4, f32: 4 }[base];
}

const TYPED_ARRAYS = { u8: Uint8Array, s16: Int16Array, s32: Int32Array, f32: Float32Array };

function typedView(base, buffer) {
  return new TYPED_ARRAYS[base](buffer);
}

function toFloat(base, value) {
  switch (base) {
    case 'u8': return (value - 128) / 128;
    case 's16': return value / 32768;
    case 's32': return value / 2147483648;
    default: return value;
  }
}

/** Reads an AudioData in its own format, one typed array per channel, plus an f32-planar copy. */
function readAudioData(data) {
  const base = data.format.replace('-planar', '');
  const planar = data.format.endsWith('-planar');
  const channels = data.numberOfChannels;
  const n = data.numberOfFrames;
  const native = [];
  if (planar) {
    for (let c = 0; c < channels; c++) {
      const buf = new ArrayBuffer(data.allocationSize({ planeIndex: c }));
      data.copyTo(buf, { planeIndex: c });
      native.push(typedView(base, buf));
    }
  } else {
    const buf = new ArrayBuffer(data.allocationSize({ planeIndex: 0 }));
    data.copyTo(buf, { planeIndex: 0 });
    const all = typedView(base, buf);
    for (let c = 0; c < channels; c++) {
      const ch = new all.constructor(n);
      for (let i = 0; i < n; i++) ch[i] = all[i * channels + c];
      native.push(ch);
    }
  }
  const float = [];
  for (let c = 0; c < channels; c++) {
    const f = new Float32Array(n);
    data.copyTo(f, { planeIndex: c, format: 'f32-planar' });
    float.push(f);
  }
  return { base, native, float };
}

function concatChannels(pieces, channels, Type) {
  const out = [];
  for (let c = 0; c < channels; c++) {
    const total = pieces.reduce((s, p) => s + p[c].length, 0);
    const ch = new Type(total);
    let pos = 0;
    for (const p of pieces) {
      ch.set(p[c], pos);
      pos += p[c].length;
    }
    out.push(ch);
  }
  return out;
}

/** Decodes a whole audio fixture; returns per-channel samples (own format and f32) and metadata. */
async function decodeAudioSamples(ctx, api, fixture, config = {}, readSamples = true) {
  const fx = await loadFixture(ctx, fixture);
  const outputs = [];
  const pieces = [];
  let error = null;
  let readError = null;
  const decoder = new api.AudioDecoder({
    output(data) {
      outputs.push({
        format: data.format,
        sampleRate: data.sampleRate,
        numberOfFrames: data.numberOfFrames,
        numberOfChannels: data.numberOfChannels,
        timestamp: data.timestamp,
        duration: data.duration,
      });
      try {
        if (readSamples) pieces.push(readAudioData(data));
      } catch (e) {
        readError ??= e;
      }
      data.close();
    },
    error(e) {
      error = e;
    },
  });
  let flushError = null;
  try {
    decoder.configure(audioConfig(fx.index, config));
    for (const chunk of makeChunks(api, fx)) decoder.decode(chunk);
    await withTimeout(decoder.flush(), `flush of ${fixture}`);
  } catch (e) {
    flushError = e;
  }
  if (decoder.state !== 'closed') decoder.close();
  const channels = fx.index.numberOfChannels;
  const base = pieces[0]?.base ?? null;
  const sameBase = pieces.every((p) => p.base === base);
  return {
    index: fx.index,
    outputs,
    base: sameBase ? base : 'mixed',
    native: base && sameBase ? concatChannels(pieces.map((p) => p.native), channels, pieces[0].native[0].constructor) : null,
    float: pieces.length ? concatChannels(pieces.map((p) => p.float), channels, Float32Array) : null,
    error: describeError(error),
    flushError: describeError(flushError),
    readError: describeError(readError),
  };
}

// Integer samples widened to 32 bits, so that e.g. s16 and s32 output of a 16-bit stream compare exactly.
function widen(base, value) {
  switch (base) {
    case 'u8': return (value - 128) * 2 ** 24;
    case 's16': return value * 2 ** 16;
    default: return value;
  }
}

/** Compares decoded channels to a reference: exactness (integer formats, widened), and in f32. */
function compareAudio(test, ref) {
  const result = { frames: test.float?.[0]?.length ?? 0, refFrames: ref.float[0].length, formats: [test.base, ref.base] };
  if (!test.float) return { ...result, exact: false, maxAbsDiff: 1e9, snrDb: -999 };
  const n = Math.min(result.frames, result.refFrames);
  let maxAbsDiff = 0;
  let signal = 0;
  let noise = 0;
  for (let c = 0; c < ref.float.length; c++) {
    const a = test.float[c];
    const b = ref.float[c];
    if (!a) return { ...result, exact: false, maxAbsDiff: 1e9, snrDb: -999, missingChannel: c };
    for (let i = 0; i < n; i++) {
      const d = Math.abs(a[i] - b[i]);
      if (d > maxAbsDiff) maxAbsDiff = d;
      signal += b[i] * b[i];
      noise += d * d;
    }
  }
  const ints = (base) => base === 'u8' || base === 's16' || base === 's32';
  let exact = result.frames === result.refFrames && Boolean(test.native) &&
    (test.base === ref.base || (ints(test.base) && ints(ref.base)));
  let firstMismatch = null;
  if (exact) {
    outer: for (let c = 0; c < ref.native.length; c++) {
      for (let i = 0; i < n; i++) {
        const got = widen(test.base, test.native[c][i]);
        const expected = widen(ref.base, ref.native[c][i]);
        if (got !== expected && !(Number.isNaN(got) && Number.isNaN(expected))) {
          exact = false;
          firstMismatch = { channel: c, frame: i, got: test.native[c][i], expected: ref.native[c][i] };
          break outer;
        }
      }
    }
  }
  // JSON has no Infinity: 999 dB stands for identical.
  const snrDb = noise === 0 ? 999 : 10 * Math.log10(signal / noise);
  return { ...result, exact, firstMismatch, maxAbsDiff, snrDb };
}

/** ffmpeg's decode of the fixture (the .pcm oracle), as channels in its format and in f32. */
async function loadAudioOracle(ctx, index) {
  const { file, sampleFormat, numberOfChannels: channels, skipFrames = 0 } = index.oracle;
  const all = typedView(sampleFormat, await ctx.load(file));
  const n = all.length / channels - skipFrames;
  const native = [];
  const float = [];
  for (let c = 0; c < channels; c++) {
    const ch = new all.constructor(n);
    const f = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      ch[i] = all[(i + skipFrames) * channels + c];
      f[i] = toFloat(sampleFormat, ch[i]);
    }
    native.push(ch);
    float.push(f);
  }
  return { base: sampleFormat, native, float };
}

const sampleFormatBytes = (format) => bytesPerSample(format.replace('-planar', ''));

/**
 * Decodes an audio fixture with `api` and compares to ffmpeg's decode of the same packets; with
 * `againstNative`, also to Chromium's native decoder (ctx.native) on the same chunks.
 */
export async function decodeAudio(ctx, { fixture, config = {}, againstNative = false }) {
  // againstNative: true, or false, or 'formatOnly' (decode natively but read no samples).
  const test = await decodeAudioSamples(ctx, ctx.api, fixture, config);
  const oracle = await loadAudioOracle(ctx, test.index);
  const result = {
    fixture,
    outputs: test.outputs.length,
    formats: [...new Set(test.outputs.map((o) => o.format))],
    sampleRates: [...new Set(test.outputs.map((o) => o.sampleRate))],
    channels: [...new Set(test.outputs.map((o) => o.numberOfChannels))],
    firstTimestamp: test.outputs[0]?.timestamp ?? null,
    timestampsIncreasing: test.outputs.every((o, i, a) => i === 0 || o.timestamp > a[i - 1].timestamp),
    bytesPerSample: test.outputs[0] ? sampleFormatBytes(test.outputs[0].format) : null,
    error: test.error,
    flushError: test.flushError,
    readError: test.readError,
    vsFfmpeg: compareAudio(test, oracle),
  };
  if (againstNative && ctx.native?.AudioDecoder) {
    const nat = await decodeAudioSamples(ctx, ctx.native, fixture, config, againstNative !== 'formatOnly');
    result.nativeFormats = [...new Set(nat.outputs.map((o) => o.format))];
    result.nativeError = nat.error ?? nat.flushError;
    result.vsNative = nat.float ? compareAudio(test, nat) : null;
  }
  return result;
}

/** Runs several decodes at once, as independent instances. */
export async function concurrent(ctx, { jobs }) {
  return Promise.all(
    jobs.map((job) => (job.kind === 'video' ? decodeVideo(ctx, job.params) : decodeAudio(ctx, job.params))),
  );
}

/**
 * The queue guarantees: a whole stream is handed to decode() before any output; no output or dequeue
 * callback runs inside decode(); outputs in presentation order; the owner thread stays responsive.
 */
export async function queueWholeStream(ctx, { fixture }) {
  const fx = await loadFixture(ctx, fixture);
  const chunks = makeChunks(ctx.api, fx);
  // The core loads before the measurement: this scenario is about decoding. Loading it blocks
  // the owner for a while (measured 2026-12-02 in Node: ~235 ms for the 10 MB module with the
  // encoders), which is start-up's business (make bench, issue #11).
  await ctx.api.VideoDecoder.isConfigSupported(videoConfig(fx.index));
  const timestamps = [];
  let inDecode = false;
  let outputInsideDecode = false;
  let dequeueInsideDecode = false;
  let dequeues = 0;
  let error = null;
  const decoder = new ctx.api.VideoDecoder({
    output(frame) {
      if (inDecode) outputInsideDecode = true;
      timestamps.push(frame.timestamp);
      frame.close();
    },
    error(e) {
      error = e;
    },
  });
  decoder.ondequeue = () => {
    if (inDecode) dequeueInsideDecode = true;
    dequeues++;
  };
  decoder.configure(videoConfig(fx.index, { hardwareAcceleration: 'prefer-software' }));

  const started = performance.now();
  let maxDecodeCallMs = 0;
  for (const chunk of chunks) {
    inDecode = true;
    const t = performance.now();
    decoder.decode(chunk);
    maxDecodeCallMs = Math.max(maxDecodeCallMs, performance.now() - t);
    inDecode = false;
  }
  const enqueueMs = performance.now() - started;
  const outputsWhenAllQueued = timestamps.length;
  const queueSizeWhenAllQueued = decoder.decodeQueueSize;
  let flushError = null;
  try {
    await withTimeout(decoder.flush(), `flush of ${fixture}`);
  } catch (e) {
    flushError = e;
  }
  const totalMs = performance.now() - started;
  const queueSizeAfterFlush = decoder.decodeQueueSize;
  decoder.close();
  const expected = fx.index.packets.map((p) => p.timestamp).sort((a, b) => a - b);
  return {
    chunks: chunks.length,
    outputs: timestamps.length,
    timestampsInPresentationOrder: JSON.stringify(timestamps) === JSON.stringify(expected),
    outputsWhenAllQueued,
    queueSizeWhenAllQueued,
    queueSizeAfterFlush,
    outputInsideDecode,
    dequeueInsideDecode,
    dequeues,
    enqueueMs,
    maxDecodeCallMs,
    totalMs,
    error: describeError(error),
    flushError: describeError(flushError),
  };
}

/**
 * flush() in the middle of a stream: the first flush resolves after exactly the first part's frames,
 * then decoding goes on from the next key chunk; every frame still matches the oracle.
 */
export async function flushMidStream(ctx, { fixture }) {
  const fx = await loadFixture(ctx, fixture);
  const chunks = makeChunks(ctx.api, fx);
  const split = fx.index.packets.findIndex((p, i) => i > 0 && p.key);
  const hashes = [];
  const work = [];
  let error = null;
  const decoder = new ctx.api.VideoDecoder({
    output(frame) {
      const slot = hashes.length;
      hashes.push(null);
      work.push(
        (async () => {
          const buf = new Uint8Array(frame.allocationSize());
          await frame.copyTo(buf);
          frame.close();
          hashes[slot] = await sha256(buf);
        })(),
      );
    },
    error(e) {
      error = e;
    },
  });
  decoder.configure(videoConfig(fx.index, { hardwareAcceleration: 'prefer-software' }));
  for (const chunk of chunks.slice(0, split)) decoder.decode(chunk);
  let outputsAtFirstFlush = -1;
  const firstFlush = decoder.flush().then(() => {
    outputsAtFirstFlush = hashes.length;
  });
  // Decoding goes on while the flush is pending; after a flush the next chunk must be a key chunk.
  for (const chunk of chunks.slice(split)) decoder.decode(chunk);
  let flushError = null;
  try {
    await withTimeout(Promise.all([firstFlush, decoder.flush()]), `flushes of ${fixture}`);
  } catch (e) {
    flushError = e;
  }
  await Promise.all(work);
  decoder.close();
  return {
    split,
    outputsAtFirstFlush,
    hashes,
    error: describeError(error),
    flushError: describeError(flushError),
  };
}

/**
 * reset() and close() with work in flight and no flush: no output or error callback afterwards,
 * pending flushes reject with AbortError, and after reset the instance decodes the stream again.
 */
export async function resetAndCloseWithoutFlush(ctx, { fixture }) {
  const fx = await loadFixture(ctx, fixture);
  const config = videoConfig(fx.index, { hardwareAcceleration: 'prefer-software' });
  const result = { expectedFrames: fx.index.oracle.frames.length };
  for (const action of ['reset', 'close']) {
    let phase = 'before';
    const outputs = { before: 0, after: 0, again: 0 };
    let errorAfter = null;
    const decoder = new ctx.api.VideoDecoder({
      output(frame) {
        outputs[phase]++;
        frame.close();
      },
      error(e) {
        if (phase !== 'before') errorAfter = e;
      },
    });
    decoder.configure(config);
    for (const chunk of makeChunks(ctx.api, fx)) decoder.decode(chunk);
    const flush = decoder.flush().then(
      () => null,
      (e) => e,
    );
    decoder[action]();
    phase = 'after';
    const r = {
      state: decoder.state,
      decodeQueueSize: decoder.decodeQueueSize,
      flushRejection: describeError(await withTimeout(flush, `${action} rejects flush`)),
    };
    await sleep(300);
    if (action === 'reset') {
      // The same instance decodes the whole stream again after reset.
      phase = 'again';
      decoder.configure(config);
      for (const chunk of makeChunks(ctx.api, fx)) decoder.decode(chunk);
      r.flushErrorAfterReconfigure = await withTimeout(decoder.flush(), 'flush after reset').then(
        () => null,
        (e) => describeError(e),
      );
      decoder.close();
    }
    r.outputsAfter = outputs.after;
    r.outputsAgain = outputs.again;
    r.errorAfter = describeError(errorAfter);
    result[action] = r;
  }
  return result;
}

/**
 * Runs decode, reset-without-flush and close-without-flush cycles and returns the core's live
 * allocation counters before and after (they must return to the baseline).
 */
export async function leakCheck(ctx, { fixture }) {
  if (!ctx.testHooks?.liveCounts) return { supported: false };
  const before = await ctx.testHooks.liveCounts();
  await decodeVideo(ctx, { fixture });
  await resetAndCloseWithoutFlush(ctx, { fixture });
  // A frame dropped without close() is the FinalizationRegistry's business; close everything here.
  let after = await ctx.testHooks.liveCounts();
  for (let i = 0; i < 40 && JSON.stringify(after) !== JSON.stringify(before); i++) {
    await sleep(50);
    after = await ctx.testHooks.liveCounts();
  }
  return { supported: true, before, after };
}

/**
 * A core that fails after loading (retired through the test hook, as a trap would retire it):
 * the codec using it closes with EncodingError and its pending flush rejects; a codec created
 * afterwards gets a fresh core and decodes the whole fixture.
 */
export async function coreFailure(ctx, { fixture }) {
  if (!ctx.testHooks?.breakCore) return { supported: false };
  const fx = await loadFixture(ctx, fixture);
  let error = null;
  let firstOutput;
  const decoding = new Promise((resolve) => (firstOutput = resolve));
  const first = new ctx.api.VideoDecoder({
    output: (f) => {
      f.close();
      firstOutput();
    },
    error: (e) => (error = describeError(e)),
  });
  first.configure(videoConfig(fx.index));
  const chunks = makeChunks(ctx.api, fx);
  for (const chunk of chunks.slice(0, 3)) first.decode(chunk);
  // The codec is really running on the core before the core goes.
  await withTimeout(decoding, 'first output');
  for (const chunk of chunks.slice(3)) first.decode(chunk);
  const flush = first.flush().then(() => null, describeError);
  ctx.testHooks.breakCore();
  const flushRejection = await withTimeout(flush, 'flush of the failed codec');
  await sleep(50);
  const afterFailure = { error, flushRejection, state: first.state };
  const again = await decodeVideo(ctx, { fixture, hash: false });
  return { supported: true, afterFailure, framesAfterwards: again.frames.length, errorAfterwards: again.error ?? null };
}

/** configure() again in the middle of a stream, without flush(): no frame may be lost. */
export async function reconfigureWithoutFlush(ctx, { fixture }) {
  const fx = await loadFixture(ctx, fixture);
  let outputs = 0;
  let error = null;
  const decoder = new ctx.api.VideoDecoder({
    output: (f) => {
      outputs++;
      f.close();
    },
    error: (e) => (error = describeError(e)),
  });
  decoder.configure(videoConfig(fx.index));
  for (const chunk of makeChunks(ctx.api, fx)) decoder.decode(chunk);
  decoder.configure(videoConfig(fx.index));
  await withTimeout(decoder.flush(), 'flush after reconfigure');
  decoder.close();
  return { outputs, error };
}

/**
 * VideoDecoderConfig.rotation and flip (§7.6): what isConfigSupported() and configure() make of
 * each value, and the rotation, flip and display size of the frames decoded with it.
 */
export async function decoderOrientation(ctx, { fixture, impl = 'polyfill', rotations, flips = [false, true] }) {
  const api = impl === 'native' ? ctx.native : ctx.api;
  const fx = await loadFixture(ctx, fixture);
  const out = {};
  for (const rotation of rotations) {
    for (const flip of flips) {
      const config = videoConfig(fx.index, { rotation, flip });
      const r = {};
      try {
        const support = await api.VideoDecoder.isConfigSupported(config);
        r.support = { supported: support.supported, rotation: support.config.rotation, flip: support.config.flip };
      } catch (e) {
        r.support = describeError(e);
      }
      const frames = [];
      let error = null;
      const decoder = new api.VideoDecoder({
        output: (f) => {
          frames.push({ rotation: f.rotation, flip: f.flip, displayWidth: f.displayWidth, displayHeight: f.displayHeight, codedWidth: f.codedWidth });
          f.close();
        },
        error: (e) => (error = describeError(e)),
      });
      try {
        decoder.configure(config);
        for (const chunk of makeChunks(api, fx).slice(0, 2)) decoder.decode(chunk);
        await withTimeout(decoder.flush(), 'flush');
      } catch (e) {
        error ??= describeError(e);
      }
      if (decoder.state !== 'closed') decoder.close();
      r.frames = frames;
      r.error = error;
      out[`${String(rotation)}/${flip}`] = r;
    }
  }
  return out;
}

/** An OpusHead (RFC 7845 §5.1) for `channels`, with mapping family 1 above two channels. */
function opusHead(channels, family = channels > 2 ? 1 : 0) {
  const head = new Uint8Array(family ? 21 + channels : 19);
  head.set([...new TextEncoder().encode('OpusHead'), 1, channels, 0x38, 1, 0x80, 0xbb, 0, 0, 0, 0, family]);
  if (family) head.set([channels - 1, 1, ...Array.from({ length: channels }, (_, i) => i)], 19);
  return head;
}

/**
 * Descriptions missing, malformed or at odds with the config: what isConfigSupported(),
 * configure(), the error callback and flush() say for each (codec registry descriptions).
 */
export async function descriptionErrors(ctx, { impl = 'polyfill' }) {
  const api = impl === 'native' ? ctx.native : ctx.api;
  const flac = await loadFixture(ctx, 'flac-stereo-44100-s16');
  const opus = (numberOfChannels, description) => ({ codec: 'opus', sampleRate: 48000, numberOfChannels, ...(description && { description }) });
  const audio = {
    'opus, stereo, no description': opus(2),
    'opus, 3 channels, no description': opus(3),
    'opus, 6 channels, no description': opus(6),
    'opus, 6 channels, OpusHead': opus(6, opusHead(6)),
    'opus, 6 channels, OpusHead of mapping family 0': opus(6, opusHead(6, 0)),
    'opus, OpusHead of 1 channel for 2': opus(2, opusHead(1)),
    'opus, 19 bytes that are no OpusHead': opus(2, new Uint8Array(19)),
    'opus, a truncated OpusHead': opus(2, opusHead(2).subarray(0, 10)),
    'flac, no description': { codec: 'flac', sampleRate: 44100, numberOfChannels: 2 },
    'flac, its description': audioConfig(flac.index),
    'flac, 42 zero bytes': { codec: 'flac', sampleRate: 44100, numberOfChannels: 2, description: new Uint8Array(42) },
    'flac, a truncated description': { ...audioConfig(flac.index), description: audioConfig(flac.index).description.subarray(0, 20) },
    'vorbis, no description': { codec: 'vorbis', sampleRate: 44100, numberOfChannels: 2 },
    'aac, one byte': { codec: 'mp4a.40.2', sampleRate: 44100, numberOfChannels: 2, description: new Uint8Array([0xff]) },
  };
  const video = {
    'h264, an avcC that ends early': { codec: 'avc1.42e01e', description: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]) },
    'h264, an empty description (Annex B)': { codec: 'avc1.42e01e', description: new Uint8Array(0) },
    'hevc, 30 bytes that are no hvcC': { codec: 'hvc1.1.6.L93.B0', description: new Uint8Array(30).fill(7) },
    'vp9, a description it does not use': { codec: 'vp09.00.10.08', description: new Uint8Array([9, 9, 9]) },
  };
  const out = {};
  for (const [Decoder, cases] of [[api.AudioDecoder, audio], [api.VideoDecoder, video]]) {
    for (const [name, config] of Object.entries(cases)) {
      const r = {};
      r.supported = await Decoder.isConfigSupported(config).then((s) => s.supported, (e) => e.name);
      let error = null;
      const decoder = new Decoder({ output: (x) => x.close(), error: (e) => (error = e.name) });
      r.configure = await capture(() => decoder.configure(config));
      r.flush = await withTimeout(decoder.flush(), 'flush').then(() => 'resolved', (e) => e.name);
      r.error = error;
      r.state = decoder.state;
      out[name] = r;
    }
  }
  return out;
}

/**
 * decode() of chunks marked 'key' that are not key frames (§4.5 decode() step 3.2), then of the
 * stream's real first key frame: what decode() threw each time, and what the decoder made of it.
 */
export async function keyChunkChecks(ctx, { fixture, impl = 'polyfill' }) {
  const api = impl === 'native' ? ctx.native : ctx.api;
  const fx = await loadFixture(ctx, fixture);
  const [first] = makeChunks(api, fx);
  const delta = fx.index.packets.find((p) => !p.key);
  const cases = {
    'a delta frame': fx.bytes.subarray(delta.offset, delta.offset + delta.size),
    'bytes that are no frame': new Uint8Array(200).map((_, i) => (i * 97 + 13) & 0xff),
    'one byte': new Uint8Array([0x42]),
    'a zero byte': new Uint8Array([0]),
  };
  const out = {};
  for (const [name, data] of Object.entries(cases)) {
    let error = null;
    let frames = 0;
    const decoder = new api.VideoDecoder({
      output: (f) => {
        frames++;
        f.close();
      },
      error: (e) => (error = e.name),
    });
    decoder.configure(videoConfig(fx.index));
    const marked = await capture(() => decoder.decode(new api.EncodedVideoChunk({ type: 'key', timestamp: 0, data })));
    const real = await capture(() => decoder.decode(first));
    await decoder.flush().catch(() => {});
    out[name] = { marked: marked?.name ?? null, real: real?.name ?? null, frames, error, state: decoder.state };
    if (decoder.state !== 'closed') decoder.close();
  }
  return out;
}

// --- API behaviour (§4) ---------------------------------------------------------------------

async function capture(fn) {
  try {
    await fn();
    return null;
  } catch (e) {
    return describeError(e);
  }
}

/**
 * Spec behaviour checks. Each entry is an observation; the runner holds the expected values (from the
 * WebCodecs spec, confirmed on native Chromium).
 */
export async function apiBehaviour(ctx, { videoFixture, corruptFixture, corruptBytes = 24 }) {
  const { api } = ctx;
  const fx = await loadFixture(ctx, videoFixture);
  const chunks = makeChunks(api, fx);
  const config = videoConfig(fx.index, { hardwareAcceleration: 'prefer-software' });
  const obs = {};
  const noop = () => {};

  // Construction and initial state.
  {
    const d = new api.VideoDecoder({ output: noop, error: noop });
    obs.initialState = d.state;
    obs.initialQueueSize = d.decodeQueueSize;
    obs.isEventTarget = d instanceof EventTarget;
    obs.ondequeueInitial = d.ondequeue;
    obs.decodeUnconfigured = await capture(() => d.decode(chunks[0]));
    obs.flushUnconfigured = await capture(() => d.flush());
    d.close();
    obs.closedState = d.state;
    obs.configureClosed = await capture(() => d.configure(config));
    obs.decodeClosed = await capture(() => d.decode(chunks[0]));
    obs.resetClosed = await capture(() => d.reset());
    obs.closeClosed = await capture(() => d.close());
  }
  obs.constructorNoInit = await capture(() => new api.VideoDecoder());
  obs.constructorNoOutput = await capture(() => new api.VideoDecoder({ error: noop }));
  obs.audioConstructorNoError = await capture(() => new api.AudioDecoder({ output: noop }));

  // Invalid configs throw TypeError synchronously (and leave the decoder unconfigured).
  {
    const invalid = {
      emptyCodec: { codec: '' },
      whitespaceCodec: { codec: ' ' },
      zeroCodedWidth: { ...config, codedWidth: 0 },
      onlyCodedHeight: { codec: config.codec, codedHeight: 180 },
      zeroDisplayAspect: { ...config, displayAspectWidth: 0, displayAspectHeight: 9 },
    };
    obs.invalidConfigure = {};
    obs.invalidIsConfigSupported = {};
    for (const [name, c] of Object.entries(invalid)) {
      const d = new api.VideoDecoder({ output: noop, error: noop });
      obs.invalidConfigure[name] = { error: await capture(() => d.configure(c)), state: d.state };
      d.close();
      obs.invalidIsConfigSupported[name] = await capture(() => api.VideoDecoder.isConfigSupported(c));
    }
    const invalidAudio = {
      emptyCodec: { codec: '', sampleRate: 48000, numberOfChannels: 2 },
      zeroChannels: { codec: 'opus', sampleRate: 48000, numberOfChannels: 0 },
      zeroSampleRate: { codec: 'opus', sampleRate: 0, numberOfChannels: 2 },
    };
    obs.invalidAudioConfigure = {};
    for (const [name, c] of Object.entries(invalidAudio)) {
      const d = new api.AudioDecoder({ output: noop, error: noop });
      obs.invalidAudioConfigure[name] = await capture(() => d.configure(c));
      d.close();
    }
  }

  // isConfigSupported: unknown/ambiguous codecs unsupported; the returned config is a clone.
  {
    const unsupported = ['bogus', 'avc1', 'vp09', 'vp9', 'av01', 'hvc1', 'avc1.zzzzzz', 'vp09.99.10.08', 'VP8'];
    obs.unsupportedVideo = {};
    for (const codec of unsupported) {
      try {
        obs.unsupportedVideo[codec] = (await api.VideoDecoder.isConfigSupported({ codec })).supported;
      } catch (e) {
        obs.unsupportedVideo[codec] = describeError(e);
      }
    }
    obs.unsupportedAudio = {};
    for (const codec of ['bogus', 'mp4a', 'mp4a.40', 'mp4a.40.99', 'pcm-s8', 'pcm-s16le']) {
      try {
        obs.unsupportedAudio[codec] = (await api.AudioDecoder.isConfigSupported({ codec, sampleRate: 48000, numberOfChannels: 2 })).supported;
      } catch (e) {
        obs.unsupportedAudio[codec] = describeError(e);
      }
    }
    const input = { ...config, unknownMember: 42 };
    const support = await api.VideoDecoder.isConfigSupported(input);
    obs.supportedResult = {
      supported: support.supported,
      configIsNotInput: support.config !== input,
      unknownDropped: support.config && !('unknownMember' in support.config),
      codec: support.config?.codec,
      codedWidth: support.config?.codedWidth,
      descriptionCopied:
        !config.description ||
        (support.config?.description !== config.description &&
          support.config?.description?.byteLength === config.description.byteLength),
    };
    const unsupportedConfig = { codec: 'bogus', unknownMember: 1 };
    const notSupported = await api.VideoDecoder.isConfigSupported(unsupportedConfig);
    obs.unsupportedResult = { supported: notSupported.supported, codec: notSupported.config?.codec };
  }

  // configure() with a valid but unsupported codec: NotSupportedError through the error callback.
  {
    const events = [];
    const d = new api.VideoDecoder({ output: noop, error: (e) => events.push(describeError(e)) });
    obs.unsupportedConfigureThrows = await capture(() => d.configure({ codec: 'bogus' }));
    await sleep(200);
    obs.unsupportedConfigureError = events[0] ?? null;
    obs.unsupportedConfigureState = d.state;
  }

  // A delta chunk first: DataError, thrown by decode().
  {
    const d = new api.VideoDecoder({ output: (f) => f.close(), error: noop });
    d.configure(config);
    const firstDelta = chunks.find((c) => c.type === 'delta');
    obs.deltaFirst = await capture(() => d.decode(firstDelta));
    obs.deltaFirstState = d.state;
    // After a flush the next chunk must be a key chunk again.
    d.decode(chunks[0]);
    await withTimeout(d.flush(), 'flush after key');
    obs.deltaAfterFlush = await capture(() => d.decode(firstDelta));
    d.close();
  }

  // EncodedVideoChunk validation.
  obs.chunkBadType = await capture(() => new api.EncodedVideoChunk({ type: 'bogus', timestamp: 0, data: new Uint8Array(1) }));
  obs.chunkNoData = await capture(() => new api.EncodedVideoChunk({ type: 'key', timestamp: 0 }));

  // dequeue events and decodeQueueSize.
  {
    let dequeueEvents = 0;
    let handlerCalls = 0;
    let maxQueue = 0;
    const d = new api.VideoDecoder({ output: (f) => f.close(), error: noop });
    d.addEventListener('dequeue', (e) => {
      dequeueEvents++;
      obs.dequeueEventType = e.type;
    });
    d.ondequeue = () => handlerCalls++;
    d.configure(config);
    for (const c of chunks) {
      d.decode(c);
      maxQueue = Math.max(maxQueue, d.decodeQueueSize);
    }
    await withTimeout(d.flush(), 'flush for dequeue');
    await sleep(50);
    obs.dequeue = { dequeueEvents, handlerCalls, maxQueue, finalQueue: d.decodeQueueSize, chunks: chunks.length };
    d.close();
  }

  // Corrupt data: EncodingError through the error callback; a pending flush rejects first. The chunk
  // is the stream's first key frame cut short: its header still says "key frame" (implementations
  // may check that and throw DataError), but it cannot be decoded.
  const cfx = await loadFixture(ctx, corruptFixture);
  const corruptChunk = () => {
    const p = cfx.index.packets[0];
    const data = cfx.bytes.slice(p.offset, p.offset + Math.min(p.size, corruptBytes));
    return new api.EncodedVideoChunk({ type: 'key', timestamp: 0, data });
  };
  {
    const events = [];
    let flushSettled = false;
    const d = new api.VideoDecoder({
      output: (f) => {
        events.push({ what: 'output' });
        f.close();
      },
      error: (e) => {
        events.push({ what: 'error', ...describeError(e) });
        // The flush promise's handlers were attached first: if it was rejected before this callback
        // ran, its reaction job is ahead of this one in the microtask queue.
        Promise.resolve().then(() => events.push({ what: 'flush settled before error callback', value: flushSettled }));
      },
    });
    d.configure(videoConfig(cfx.index, { hardwareAcceleration: 'prefer-software' }));
    const thrown = await capture(() => d.decode(corruptChunk()));
    const flush = d.flush().then(
      () => {
        flushSettled = true;
        events.push({ what: 'flush resolved' });
      },
      (e) => {
        flushSettled = true;
        // How many error callbacks ran before this rejection handler.
        events.push({ what: 'flush rejected', ...describeError(e), errorCallbacksSoFar: events.filter((x) => x.what === 'error').length });
      },
    );
    await withTimeout(flush, 'flush with corrupt data');
    await sleep(100);
    obs.corrupt = { thrown, events, state: d.state };
  }

  // An empty chunk: also EncodingError (or a DataError thrown by decode()), never a hang.
  {
    const events = [];
    const d = new api.VideoDecoder({ output: (f) => f.close(), error: (e) => events.push({ what: 'error', ...describeError(e) }) });
    d.configure(videoConfig(cfx.index, { hardwareAcceleration: 'prefer-software' }));
    const thrown = await capture(() => d.decode(new api.EncodedVideoChunk({ type: 'key', timestamp: 0, data: new Uint8Array(0) })));
    const flush = d.flush().then(
      () => events.push({ what: 'flush resolved' }),
      (e) => events.push({ what: 'flush rejected', ...describeError(e) }),
    );
    await withTimeout(flush, 'flush with empty chunk');
    await sleep(100);
    obs.empty = { thrown, events, state: d.state };
  }

  // reset() and close() reject pending flushes with AbortError; close() calls no error callback.
  for (const action of ['reset', 'close']) {
    const errors = [];
    const d = new api.VideoDecoder({ output: (f) => f.close(), error: (e) => errors.push(describeError(e)) });
    d.configure(config);
    for (const c of chunks.slice(0, 5)) d.decode(c);
    const flush = d.flush().then(() => null, (e) => describeError(e));
    d[action]();
    obs[`${action}PendingFlush`] = { rejection: await withTimeout(flush, `${action} flush`), state: d.state, queue: d.decodeQueueSize };
    await sleep(100);
    obs[`${action}PendingFlush`].errorCallbacks = errors;
    if (d.state !== 'closed') d.close();
  }

  // One instance fails, another keeps decoding correctly.
  {
    let badError = null;
    const bad = new api.VideoDecoder({ output: (f) => f.close(), error: (e) => (badError = e) });
    bad.configure(videoConfig(cfx.index, { hardwareAcceleration: 'prefer-software' }));
    const goodRun = decodeVideo(ctx, { fixture: videoFixture });
    try {
      bad.decode(corruptChunk());
    } catch {}
    await bad.flush().catch(() => {});
    obs.otherInstance = await goodRun;
    obs.otherInstanceBad = { state: bad.state, error: describeError(badError) };
  }
  return obs;
}

/** Whether WebCodecs is present in this realm and in a dedicated worker (Firefox check). */
export async function webCodecsPresence(ctx, { workerUrl }) {
  const here = ['VideoDecoder', 'AudioDecoder', 'EncodedVideoChunk', 'VideoFrame', 'AudioData'].filter((k) => k in globalThis);
  let inWorker = null;
  if (workerUrl && typeof Worker !== 'undefined') {
    inWorker = await withTimeout(
      new Promise((resolve, reject) => {
        const w = new Worker(workerUrl);
        w.onmessage = (e) => {
          resolve(e.data);
          w.terminate();
        };
        w.onerror = (e) => reject(new Error(e.message));
      }),
      'worker probe',
      10_000,
    );
  }
  return { here, inWorker };
}

/**
 * Runs scenarios one after another inside one dedicated module Worker that imports the polyfill
 * itself (as an application's worker would); returns their results in order.
 */
async function runInWorker(ctx, { runs }) {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), { type: 'module' });
  let pending = null;
  worker.onerror = (e) => pending?.reject(new Error(`worker failed: ${e.message}`));
  worker.onmessage = ({ data }) => pending?.resolve(data);
  const next = () => new Promise((resolve, reject) => (pending = { resolve, reject }));
  try {
    await withTimeout(next(), 'worker start');
    const results = [];
    for (const { name, params } of runs) {
      const reply = next();
      worker.postMessage({ name, params });
      const { ok, value, error } = await withTimeout(reply, `${name} in a worker`);
      if (!ok) throw new Error(`${error.name}: ${error.message}\n${error.stack}`);
      results.push(value);
    }
    return results;
  } finally {
    worker.terminate();
  }
}

export const scenarios = {
  reconfigureWithoutFlush,
  decoderOrientation,
  descriptionErrors,
  keyChunkChecks,
  coreFailure,
  runInWorker,
  decodeVideo,
  decodeAudio,
  concurrent,
  queueWholeStream,
  flushMidStream,
  resetAndCloseWithoutFlush,
  leakCheck,
  apiBehaviour,
  webCodecsPresence,
  threadUse,
  pthreadPool,
};

/** Makes navigator.hardwareConcurrency say `cores` (undefined: leave it); returns the undo. */
function overrideHardwareConcurrency(cores) {
  if (cores === undefined) return () => {};
  const hadNavigator = 'navigator' in globalThis;
  if (!hadNavigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  const own = Object.getOwnPropertyDescriptor(globalThis.navigator, 'hardwareConcurrency');
  Object.defineProperty(globalThis.navigator, 'hardwareConcurrency', { get: () => cores, configurable: true });
  return () => {
    if (!hadNavigator) delete globalThis.navigator;
    else if (own) Object.defineProperty(globalThis.navigator, 'hardwareConcurrency', own);
    else delete globalThis.navigator.hardwareConcurrency;
  };
}

/**
 * The thread policy on the real core (pthreads build): with navigator.hardwareConcurrency said to
 * be `cores`, `decoders` decoders of one fixture configured at once, each decoding it whole.
 * Reports what the policy granted and the pthreads running while every decoder was still open
 * (after flush(), so FFmpeg has started its threads), and, first, the state once the threads of
 * earlier codecs have ended.
 */
export async function threadUse(ctx, { fixture, cores, decoders = 1 }) {
  const hooks = ctx.testHooks;
  if (!hooks?.threadUse) return { supported: false };
  let idle = await hooks.threadUse();
  if (!idle) return { supported: false };
  for (let i = 0; i < 200 && (idle.grants.length > 0 || idle.runningPthreads > 0); i++) {
    await sleep(50);
    idle = await hooks.threadUse();
  }
  const restore = overrideHardwareConcurrency(cores);
  try {
    const fx = await loadFixture(ctx, fixture);
    const frames = new Array(decoders).fill(0);
    const errors = new Array(decoders).fill(null);
    const list = frames.map(
      (_, i) =>
        new ctx.api.VideoDecoder({
          output(frame) {
            frames[i]++;
            frame.close();
          },
          error(e) {
            errors[i] = describeError(e);
          },
        }),
    );
    for (const decoder of list) decoder.configure(videoConfig(fx.index));
    for (const chunk of makeChunks(ctx.api, fx)) for (const decoder of list) decoder.decode(chunk);
    const flushErrors = await Promise.all(
      list.map((d, i) => withTimeout(d.flush(), `flush of decoder ${i}`).then(() => null, describeError)),
    );
    const use = await hooks.threadUse();
    for (const decoder of list) if (decoder.state !== 'closed') decoder.close();
    return { supported: true, idle, use, frames, errors, flushErrors };
  } finally {
    restore();
  }
}

/**
 * The pthread Workers a page starts (js/transport/pthread_pool.ts): threadUse() before any codec,
 * then after an audio decoder has decoded `audioFixture`, then with a video decoder of
 * `videoFixture` decoding beside it (both still open, after flush()), with
 * navigator.hardwareConcurrency said to be `cores`.
 */
export async function pthreadPool(ctx, { audioFixture, videoFixture, cores }) {
  const hooks = ctx.testHooks;
  if (!hooks?.threadUse) return { supported: false };
  const restore = overrideHardwareConcurrency(cores);
  const decoders = [];
  try {
    const steps = [await hooks.threadUse()];
    const errors = [];
    for (const [kind, fixture] of [['audio', audioFixture], ['video', videoFixture]]) {
      const fx = await loadFixture(ctx, fixture);
      let outputs = 0;
      const Decoder = kind === 'audio' ? ctx.api.AudioDecoder : ctx.api.VideoDecoder;
      const decoder = new Decoder({
        output(out) {
          outputs++;
          out.close();
        },
        error(e) {
          errors.push(describeError(e));
        },
      });
      decoders.push(decoder);
      decoder.configure(kind === 'audio' ? audioConfig(fx.index) : videoConfig(fx.index));
      for (const chunk of makeChunks(ctx.api, fx)) decoder.decode(chunk);
      await withTimeout(decoder.flush(), `flush of the ${kind} decoder`).catch((e) => errors.push(describeError(e)));
      steps.push({ ...(await hooks.threadUse()), outputs });
    }
    return { supported: true, steps, errors };
  } finally {
    for (const decoder of decoders) if (decoder.state !== 'closed') decoder.close();
    restore();
  }
}
