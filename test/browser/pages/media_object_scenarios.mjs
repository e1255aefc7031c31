// Side-by-side cases for the media objects built from script: AudioData, VideoColorSpace and the
// VideoFrame buffer constructor `new VideoFrame(data, init)`. Every case runs, in the same page, on
// the implementation under test (ctx.api) and on the browser's own classes (ctx.native, put aside
// by page.mjs; null in a browser without WebCodecs). A case returns plain JSON observations: the
// attributes after construction, or the exception's name and kind, and what allocationSize(),
// copyTo(), clone() and close() do. test/browser/media_objects.test.mjs compares them.
//
// The cases are written from the WebCodecs spec (§9.2 AudioData, §9.4 VideoFrame, §9.9
// VideoColorSpace); this module is also imported by Node for the case names, so nothing at its top
// level touches browser globals.

const AUDIO_FORMATS = ['u8', 's16', 's32', 'f32', 'u8-planar', 's16-planar', 's32-planar', 'f32-planar'];
const BYTES_PER_SAMPLE = { u8: 1, s16: 2, s32: 4, f32: 4 };
const sampleType = (format) => format.replace('-planar', '');
const isPlanar = (format) => format.endsWith('-planar');

// §9.10–9.12, the values the spec lists.
const COLOR_PRIMARIES = ['bt709', 'bt470bg', 'smpte170m', 'bt2020', 'smpte432'];
const TRANSFER_CHARACTERISTICS = ['bt709', 'smpte170m', 'iec61966-2-1', 'linear', 'pq', 'hlg'];
const MATRIX_COEFFICIENTS = ['rgb', 'bt709', 'bt470bg', 'smpte170m', 'bt2020-ncl'];
// Names of other H.273 code points that an implementation might accept beyond the spec's lists.
const OTHER_COLOR_NAMES = [
  'bt470m', 'smpte240m', 'film', 'xyz', 'smpte431', 'jedec', 'ebu3213', 'srgb', 'gamma22curve',
  'gamma28curve', 'log', 'logrt', 'iec61966-2-4', 'bt1361', 'bt2020-10bit', 'bt2020-12bit', 'smpte2084',
  'smpte428', 'arib-std-b67', 'bt2020-cl', 'fcc', 'ycgco', 'smpte2085', 'gbr', 'unspecified', 'BT709', '',
];

// §9.8: for each VideoPixelFormat, its planes as [bytes per sample, horizontal, vertical sub-sampling].
const VIDEO_FORMATS = (() => {
  const formats = {};
  for (const [chroma, subX, subY] of [['420', 2, 2], ['422', 2, 1], ['444', 1, 1]]) {
    for (const depth of ['', 'P10', 'P12']) {
      const bytes = depth ? 2 : 1;
      const yuv = [[bytes, 1, 1], [bytes, subX, subY], [bytes, subX, subY]];
      formats[`I${chroma}${depth}`] = yuv;
      formats[`I${chroma}A${depth}`] = [...yuv, [bytes, 1, 1]];
    }
  }
  formats.NV12 = [[1, 1, 1], [2, 2, 2]];
  for (const rgb of ['RGBA', 'RGBX', 'BGRA', 'BGRX']) formats[rgb] = [[4, 1, 1]];
  return formats;
})();

/** Tightly packed plane layouts of a rect of `format` (the spec's default layout). */
function tightLayout(format, width, height) {
  let offset = 0;
  return VIDEO_FORMATS[format].map(([bytes, subX, subY]) => {
    const stride = Math.ceil(width / subX) * bytes;
    const layout = { offset, stride, rows: Math.ceil(height / subY) };
    offset += stride * layout.rows;
    return layout;
  });
}

function tightSize(format, width, height) {
  return tightLayout(format, width, height).reduce((end, p) => Math.max(end, p.offset + p.stride * p.rows), 0);
}

/** `length` bytes of a recognisable pattern (no run of equal bytes, differs per seed). */
export function pattern(length, seed = 0) {
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) out[i] = (i * 37 + 11 + seed * 101) & 0xff;
  return out;
}

/** Bytes as lowercase hex, as the cases report them. */
export const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

/** JSON-safe copy: -0, NaN, ±Infinity and undefined become strings, so they survive the driver. */
function plain(value) {
  if (typeof value === 'number') {
    if (Object.is(value, -0)) return '-0';
    if (!Number.isFinite(value)) return String(value);
    return value;
  }
  if (value === undefined) return '<undefined>';
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return '<function>';
  if (typeof value === 'symbol') return '<symbol>';
  if (ArrayBuffer.isView(value)) return { [value.constructor.name]: hex(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).map((k) => [k, plain(value[k])]));
  }
  return value;
}

function errorKind(e) {
  if (typeof DOMException === 'function' && e instanceof DOMException) return 'DOMException';
  for (const C of [TypeError, RangeError, SyntaxError, ReferenceError]) if (e instanceof C) return C.name;
  return e instanceof Error ? 'Error' : typeof e;
}

const errorOf = (e) => ({ threw: e?.name ?? String(e), kind: errorKind(e) });

/** What `fn()` returns, or what it throws. */
function attempt(fn) {
  try {
    return { value: plain(fn()) };
  } catch (e) {
    return errorOf(e);
  }
}

/** For promise-returning methods: a synchronous throw, a rejection, or the resolved value. */
async function attemptAsync(fn) {
  let result;
  try {
    result = fn();
  } catch (e) {
    return { sync: true, ...errorOf(e) };
  }
  if (!(result instanceof Promise)) return { notAPromise: plain(result) };
  try {
    return { resolved: plain(await result) };
  } catch (e) {
    return { rejected: true, ...errorOf(e) };
  }
}

const tag = (o) => Object.prototype.toString.call(o);
/** A value as it appears in a case name: strings quoted. */
const label = (v) => (typeof v === 'string' ? JSON.stringify(v) : String(plain(v)));
const isDetached = (buffer) => buffer.byteLength === 0;

/** An ArrayBuffer that has been detached (transferred away). */
function detachedBuffer() {
  const b = new ArrayBuffer(8);
  structuredClone(b, { transfer: [b] });
  return b;
}

const hasShared = () => typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated === true;

function sharedCopy(bytes) {
  const shared = new Uint8Array(new SharedArrayBuffer(bytes.byteLength));
  shared.set(bytes);
  return shared;
}

/**
 * An init dictionary whose members are getters that log each read, so that the order and the
 * number of reads (WebIDL: once each, lexicographic order) can be compared.
 */
function loggingDictionary(members, log, prefix = '') {
  const dict = {};
  for (const [k, v] of Object.entries(members)) {
    Object.defineProperty(dict, k, {
      enumerable: true,
      get() {
        log.push(prefix + k);
        return v;
      },
    });
  }
  return dict;
}

// ---------------------------------------------------------------------------------------------
// AudioData

function audioAttributes(a) {
  return {
    tag: tag(a),
    format: a.format,
    sampleRate: plain(a.sampleRate),
    numberOfFrames: a.numberOfFrames,
    numberOfChannels: a.numberOfChannels,
    timestamp: plain(a.timestamp),
    duration: plain(a.duration),
  };
}

/** allocationSize() and copyTo() with `options`, into a destination one sample larger, pre-filled. */
function audioCopy(a, options, destinationSize) {
  const allocationSize = attempt(() => a.allocationSize(options));
  const size = destinationSize ?? (typeof allocationSize.value === 'number' ? allocationSize.value + 4 : 64);
  const destination = new Uint8Array(size).fill(0xee);
  const copy = attempt(() => a.copyTo(destination, options));
  return { options: plain(options), allocationSize, copy: copy.threw ? copy : hex(destination) };
}

/** Every plane in the AudioData's own format. */
function audioPlanes(a) {
  const planes = isPlanar(a.format) ? a.numberOfChannels : 1;
  return Array.from({ length: planes }, (_, planeIndex) => audioCopy(a, { planeIndex }));
}

/** Constructs an AudioData from `init()` and observes it; `after(data, init)` adds observations. */
function audioCase(name, init, after) {
  return {
    name,
    run(api) {
      const dict = init();
      let data;
      try {
        data = new api.AudioData(dict);
      } catch (e) {
        return { construct: errorOf(e), ...(after ? after(null, dict) : {}) };
      }
      try {
        return { attributes: audioAttributes(data), planes: audioPlanes(data), ...(after ? after(data, dict) : {}) };
      } finally {
        data.close();
      }
    },
  };
}

const audioInit = (members = {}) => ({
  format: 's16',
  sampleRate: 48000,
  numberOfFrames: 4,
  numberOfChannels: 2,
  timestamp: 1000,
  data: pattern(16),
  ...members,
});

function without(dict, member) {
  const copy = { ...dict };
  delete copy[member];
  return copy;
}

const audioDataConstruction = [];
// Every format with odd frame counts and 1 to 8 channels.
for (const format of AUDIO_FORMATS) {
  for (const [channels, frames] of [[1, 1], [2, 7], [3, 5], [6, 3], [8, 1]]) {
    const size = channels * frames * BYTES_PER_SAMPLE[sampleType(format)];
    audioDataConstruction.push(
      audioCase(`${format}, ${channels} channels × ${frames} frames`, () =>
        audioInit({ format, numberOfChannels: channels, numberOfFrames: frames, data: pattern(size, channels) })),
    );
  }
}
for (const sampleRate of [44100.5, 0.5, 1, 3000, 8000, 22050, 96000, 192000, 384000, 768000, 768001, 1e6, 1e9, 3.4e38, 1e39, -1, 0, -0, NaN, Infinity, -Infinity, '48000', null, 1e-45]) {
  audioDataConstruction.push(audioCase(`sampleRate ${label(sampleRate)}`, () => audioInit({ sampleRate })));
}
audioDataConstruction.push(
  audioCase('sampleRate 1, 1,000,000 frames: a long duration', () =>
    audioInit({ format: 'u8', sampleRate: 1, numberOfFrames: 1_000_000, numberOfChannels: 1, data: new Uint8Array(1_000_000) })),
  audioCase('sampleRate 3 (duration not an integer)', () => audioInit({ sampleRate: 3, numberOfFrames: 1, numberOfChannels: 1, data: pattern(2) })),
  audioCase('sampleRate 44100, 1 frame (duration rounding)', () => audioInit({ sampleRate: 44100, numberOfFrames: 1, numberOfChannels: 1, data: pattern(2) })),
  audioCase('sampleRate 48000, 2049 frames (duration rounding)', () =>
    audioInit({ sampleRate: 48000, numberOfFrames: 2049, numberOfChannels: 1, data: new Uint8Array(4098) })),
);
for (const numberOfFrames of [0, -1, 1.7, 2 ** 32, NaN, '3', null, 2 ** 32 - 1]) {
  audioDataConstruction.push(audioCase(`numberOfFrames ${label(numberOfFrames)}`, () => audioInit({ numberOfFrames, data: pattern(64) })));
}
for (const numberOfChannels of [0, -1, 2.5, 2 ** 32, NaN, 9, 32, 33, 256, 1024]) {
  audioDataConstruction.push(
    audioCase(`numberOfChannels ${label(numberOfChannels)}`, () => audioInit({ numberOfChannels, numberOfFrames: 1, data: pattern(2048) })),
  );
}
for (const timestamp of [0, -0, 1.5, -1.5, 1.9, -1000, 2 ** 53 - 1, -(2 ** 53 - 1), 2 ** 53, -(2 ** 53), NaN, Infinity, 1e20, '77', null, true]) {
  audioDataConstruction.push(audioCase(`timestamp ${label(timestamp)}`, () => audioInit({ timestamp })));
}
for (const member of ['format', 'sampleRate', 'numberOfFrames', 'numberOfChannels', 'timestamp', 'data']) {
  audioDataConstruction.push(audioCase(`missing ${member}`, () => without(audioInit(), member)));
}
for (const format of ['S16', 's24', 'f64', '', 'f32 ', null]) {
  audioDataConstruction.push(audioCase(`format ${label(format)}`, () => audioInit({ format })));
}
audioDataConstruction.push(
  audioCase('init undefined', () => undefined),
  audioCase('init null', () => null),
  audioCase('init 5', () => 5),
  audioCase('init {}', () => ({})),
  audioCase('data one byte short', () => audioInit({ data: pattern(15) })),
  audioCase('data larger than needed', () => audioInit({ data: pattern(40) })),
  audioCase('data an ArrayBuffer', () => audioInit({ data: pattern(16).buffer })),
  audioCase('data a DataView with an offset', () => audioInit({ data: new DataView(pattern(24).buffer, 5, 16) })),
  audioCase('data an Int16Array with an offset', () => audioInit({ data: new Int16Array(pattern(20).buffer, 2, 8) })),
  audioCase('data a Float64Array', () => audioInit({ format: 'f32', data: new Float64Array([0.5, -0.25, 1, 2]) })),
  audioCase('data a detached ArrayBuffer', () => audioInit({ data: detachedBuffer() })),
  audioCase('data an Array of numbers', () => audioInit({ data: Array.from(pattern(16)) })),
  audioCase('data a string', () => audioInit({ data: 'abcdefghijklmnop' })),
  audioCase('data null', () => audioInit({ data: null })),
  audioCase('data a SharedArrayBuffer', () => audioInit({ data: hasShared() ? sharedCopy(pattern(16)).buffer : 'no SharedArrayBuffer' })),
  audioCase('data a Uint8Array over a SharedArrayBuffer', () => audioInit({ data: hasShared() ? sharedCopy(pattern(16)) : 'no SharedArrayBuffer' })),
);
// §9.2.2 steps 2–5: transfer.
const audioTransferCase = (name, build) =>
  audioCase(name, build, (_, dict) => ({ detachedAfter: dict.transfer.map((b) => (b instanceof ArrayBuffer ? isDetached(b) : tag(b))) }));
audioDataConstruction.push(
  audioTransferCase('transfer the data buffer', () => {
    const data = pattern(16);
    return audioInit({ data, transfer: [data.buffer] });
  }),
  audioTransferCase('transfer the buffer of a view with an offset', () => {
    const data = new Uint8Array(pattern(32).buffer, 8, 16);
    return audioInit({ data, transfer: [data.buffer] });
  }),
  audioTransferCase('transfer another buffer than data', () => audioInit({ transfer: [new ArrayBuffer(4)] })),
  audioTransferCase('transfer a buffer listed twice', () => {
    const data = pattern(16);
    return audioInit({ data, transfer: [data.buffer, data.buffer] });
  }),
  audioTransferCase('transfer a detached buffer', () => audioInit({ transfer: [detachedBuffer()] })),
  audioTransferCase('transfer a Uint8Array', () => {
    const data = pattern(16);
    return audioInit({ data, transfer: [data] });
  }),
  audioTransferCase('transfer with data too short', () => {
    const data = pattern(15);
    return audioInit({ data, transfer: [data.buffer] });
  }),
  audioTransferCase('transfer a SharedArrayBuffer', () => audioInit({ transfer: [hasShared() ? new SharedArrayBuffer(8) : 'none'] })),
  audioCase('transfer null', () => audioInit({ transfer: null })),
  audioCase('transfer not a sequence', () => audioInit({ transfer: 5 })),
  audioCase('transfer []', () => audioInit({ transfer: [] })),
  {
    name: 'AudioDataInit members are read once each, in lexicographic order',
    run(api) {
      const log = [];
      const init = loggingDictionary({ ...audioInit(), transfer: [] }, log);
      const r = attempt(() => new api.AudioData(init).close());
      return { result: r, log };
    },
  },
  {
    name: 'AudioDataInit members are all read before the validity checks',
    run(api) {
      const log = [];
      const init = loggingDictionary({ ...audioInit({ numberOfFrames: 0 }), transfer: [] }, log);
      return { result: attempt(() => new api.AudioData(init).close()), log };
    },
  },
  {
    name: 'AudioDataInit conversion stops at the first member that fails',
    run(api) {
      const log = [];
      const init = loggingDictionary({ ...audioInit({ format: 'bad' }), transfer: [] }, log);
      return { result: attempt(() => new api.AudioData(init).close()), log };
    },
  },
);

// §9.2.5 copyTo()/allocationSize() with every (source format × destination format): 3 channels,
// 5 frames, samples at the edges of each type's range (§9.3 "Magnitude of the audio samples").
const F32_SAMPLE_BITS = [
  0xbf800000, 0x3f800000, 0x00000000, 0x80000000, 0x3f000000, 0xbf000000, 0x3fc00000, 0xbfc00000,
  0x7fc00000, 0x40000000, 0xc0000000, 0x38000000, 0xbc000000, 0x3f7fffef, 0x7fa00000,
]; // -1, 1, 0, -0, 0.5, -0.5, 1.5, -1.5, NaN, 2, -2, 2^-15, -2^-7, 0.999999, a signalling NaN
const INTEGER_SAMPLES = {
  u8: [0, 255, 128, 127, 129, 1, 254, 64, 192, 100, 200, 10, 250, 130, 126],
  s16: [-32768, 32767, 0, -1, 1, 16384, -16384, 128, -128, 256, 12345, -12345, 32766, -32767, 64],
  s32: [-(2 ** 31), 2 ** 31 - 1, 0, -1, 1, 2 ** 30, -(2 ** 30), 256, -256, 65536, 12345678, -12345678, 2 ** 31 - 256, 127, -(2 ** 31) + 1],
};

/** The 15 samples of `type`, in channel-major order (sample c*5+f is channel c, frame f), as bytes of `format`. */
function conversionSource(format) {
  const type = sampleType(format);
  const channels = 3;
  const frames = 5;
  const bytes = BYTES_PER_SAMPLE[type];
  const view = new DataView(new ArrayBuffer(channels * frames * bytes));
  for (let c = 0; c < channels; c++) {
    for (let f = 0; f < frames; f++) {
      const sample = c * frames + f;
      const index = isPlanar(format) ? c * frames + f : f * channels + c;
      const at = index * bytes;
      if (type === 'u8') view.setUint8(at, INTEGER_SAMPLES.u8[sample]);
      else if (type === 's16') view.setInt16(at, INTEGER_SAMPLES.s16[sample], true);
      else if (type === 's32') view.setInt32(at, INTEGER_SAMPLES.s32[sample], true);
      else view.setUint32(at, F32_SAMPLE_BITS[sample], true);
    }
  }
  return new Uint8Array(view.buffer);
}

const audioDataCopyConversion = [];
for (const source of AUDIO_FORMATS) {
  for (const destination of AUDIO_FORMATS) {
    audioDataCopyConversion.push({
      name: `${source} → ${destination}`,
      run(api) {
        const data = new api.AudioData({ format: source, sampleRate: 8000, numberOfFrames: 5, numberOfChannels: 3, timestamp: 0, data: conversionSource(source) });
        const f = destination;
        const variants = isPlanar(f)
          ? [{ planeIndex: 0 }, { planeIndex: 1 }, { planeIndex: 2 }, { planeIndex: 1, frameOffset: 2 }, { planeIndex: 2, frameOffset: 1, frameCount: 3 },
             { planeIndex: 0, frameOffset: 4, frameCount: 1 }, { planeIndex: 0, frameCount: 0 }, { planeIndex: 3 }, { planeIndex: 0, frameOffset: 5 },
             { planeIndex: 0, frameCount: 6 }, { planeIndex: 0, frameOffset: 4, frameCount: 2 }]
          : [{ planeIndex: 0 }, { planeIndex: 0, frameOffset: 2 }, { planeIndex: 0, frameOffset: 1, frameCount: 3 }, { planeIndex: 0, frameCount: 0 },
             { planeIndex: 1 }, { planeIndex: 0, frameOffset: 5 }, { planeIndex: 0, frameCount: 6 }, { planeIndex: 0, frameOffset: 3, frameCount: 3 }];
        try {
          return variants.map((v) => audioCopy(data, { ...v, format: f }));
        } finally {
          data.close();
        }
      },
    });
  }
}

/** An s16 AudioData with 2 channels × 4 frames for the method cases. */
const makeAudio = (api, members = {}) => new api.AudioData(audioInit(members));

const methodCase = (name, run) => ({ name, run });

const audioDataMethods = [
  methodCase('copyTo: destination one byte too small', (api) => {
    const a = makeAudio(api);
    const r = { copy: audioCopy(a, { planeIndex: 0 }, 15), exact: audioCopy(a, { planeIndex: 0 }, 16) };
    a.close();
    return r;
  }),
  methodCase('copyTo: destination views and buffers', (api) => {
    const a = makeAudio(api);
    const out = {};
    const targets = {
      arrayBuffer: () => new ArrayBuffer(20),
      dataViewWithOffset: () => new DataView(new ArrayBuffer(24), 3, 17),
      int32ArrayWithOffset: () => new Int32Array(new ArrayBuffer(28), 4, 5),
      sharedArrayBuffer: () => (hasShared() ? new SharedArrayBuffer(20) : null),
      uint8OverShared: () => (hasShared() ? new Uint8Array(new SharedArrayBuffer(20)) : null),
    };
    for (const [k, make] of Object.entries(targets)) {
      const target = make();
      if (!target) continue;
      const r = attempt(() => a.copyTo(target, { planeIndex: 0 }));
      const buffer = target instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && target instanceof SharedArrayBuffer) ? target : target.buffer;
      out[k] = r.threw ? r : hex(new Uint8Array(buffer));
    }
    for (const [k, target] of Object.entries({ detached: detachedBuffer(), array: [0, 0, 0], nullValue: null, string: 'x'.repeat(20) })) {
      out[k] = attempt(() => a.copyTo(target, { planeIndex: 0 }));
    }
    a.close();
    return out;
  }),
  methodCase('copyTo/allocationSize: options conversion', (api) => {
    const a = makeAudio(api, { format: 's16-planar' });
    const out = {};
    const options = {
      missing: undefined,
      empty: {},
      planeIndexNegative: { planeIndex: -1 },
      planeIndexFraction: { planeIndex: 1.9 },
      planeIndexString: { planeIndex: '1' },
      planeIndexNaN: { planeIndex: NaN },
      planeIndex2pow32: { planeIndex: 2 ** 32 },
      frameOffsetNegative: { planeIndex: 0, frameOffset: -1 },
      frameOffsetFraction: { planeIndex: 0, frameOffset: 1.5 },
      frameCountNull: { planeIndex: 0, frameCount: null },
      frameCountNegative: { planeIndex: 0, frameCount: -1 },
      formatBad: { planeIndex: 0, format: 's24' },
      formatNull: { planeIndex: 0, format: null },
      formatUndefined: { planeIndex: 0, format: undefined },
      notAnObject: 5,
    };
    for (const [k, o] of Object.entries(options)) {
      out[k] = { allocationSize: attempt(() => a.allocationSize(o)), copyTo: attempt(() => a.copyTo(new Uint8Array(64), o)) };
    }
    out.noArguments = { allocationSize: attempt(() => a.allocationSize()), copyTo: attempt(() => a.copyTo(new Uint8Array(64))) };
    a.close();
    return out;
  }),
  methodCase('AudioDataCopyToOptions members are read once each, in lexicographic order', (api) => {
    const a = makeAudio(api, { format: 's16-planar' });
    const log = [];
    const options = loggingDictionary({ planeIndex: 1, frameOffset: 1, frameCount: 2, format: 'f32-planar' }, log);
    const r = audioCopy(a, options);
    a.close();
    return { r, log };
  }),
  methodCase('clone: same attributes and samples', (api) => {
    const a = makeAudio(api, { format: 'f32-planar', data: conversionSource('f32-planar').subarray(0, 32) });
    const b = a.clone();
    const r = { same: a === b, clone: audioAttributes(b), planes: audioPlanes(b) };
    a.close();
    r.cloneAfterOriginalClosed = { attributes: audioAttributes(b), planes: audioPlanes(b) };
    b.close();
    return r;
  }),
  methodCase('close: attributes, methods and a second close', (api) => {
    const a = makeAudio(api, { timestamp: -777 });
    const first = attempt(() => a.close());
    return {
      first,
      attributes: audioAttributes(a),
      allocationSize: attempt(() => a.allocationSize({ planeIndex: 0 })),
      copyTo: attempt(() => a.copyTo(new Uint8Array(64), { planeIndex: 0 })),
      copyToBadOptions: attempt(() => a.copyTo(new Uint8Array(64), {})),
      copyToBadDestination: attempt(() => a.copyTo(null, { planeIndex: 0 })),
      clone: attempt(() => a.clone()),
      second: attempt(() => a.close()),
      attributesAfterSecond: audioAttributes(a),
    };
  }),
  methodCase('close the clone, the original stays open', (api) => {
    const a = makeAudio(api);
    a.clone().close();
    const r = { attributes: audioAttributes(a), planes: audioPlanes(a) };
    a.close();
    return r;
  }),
  methodCase('interface: prototype members, for-in, constructor', (api) => {
    const a = makeAudio(api);
    const r = interfaceShape(api.AudioData, a);
    a.close();
    return r;
  }),
];

// ---------------------------------------------------------------------------------------------
// VideoColorSpace

function colorSpaceOf(cs) {
  return {
    tag: tag(cs),
    primaries: cs.primaries,
    transfer: cs.transfer,
    matrix: cs.matrix,
    fullRange: cs.fullRange,
    json: JSON.stringify(cs.toJSON()),
    ownKeys: Reflect.ownKeys(cs).map(String),
  };
}

function colorSpaceCase(name, args) {
  return {
    name,
    run(api) {
      try {
        return colorSpaceOf(new api.VideoColorSpace(...args()));
      } catch (e) {
        return errorOf(e);
      }
    },
  };
}

const videoColorSpaceConstruction = [
  colorSpaceCase('no argument', () => []),
  colorSpaceCase('undefined', () => [undefined]),
  colorSpaceCase('null', () => [null]),
  colorSpaceCase('{}', () => [{}]),
  colorSpaceCase('5', () => [5]),
  colorSpaceCase("'bt709'", () => ['bt709']),
  colorSpaceCase('all members null', () => [{ primaries: null, transfer: null, matrix: null, fullRange: null }]),
  colorSpaceCase('REC709', () => [{ primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: false }]),
  colorSpaceCase('sRGB', () => [{ primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true }]),
  colorSpaceCase('BT.2100 PQ', () => [{ primaries: 'bt2020', transfer: 'pq', matrix: 'bt2020-ncl', fullRange: false }]),
  colorSpaceCase('inherited members', () => [Object.create({ primaries: 'smpte432', fullRange: true })]),
];
for (const [member, values] of [['primaries', COLOR_PRIMARIES], ['transfer', TRANSFER_CHARACTERISTICS], ['matrix', MATRIX_COEFFICIENTS]]) {
  for (const value of [...values, ...OTHER_COLOR_NAMES]) {
    videoColorSpaceConstruction.push(colorSpaceCase(`${member} ${label(value)}`, () => [{ [member]: value }]));
  }
  videoColorSpaceConstruction.push(
    colorSpaceCase(`${member} undefined`, () => [{ [member]: undefined }]),
    colorSpaceCase(`${member} 709 (a number)`, () => [{ [member]: 709 }]),
    colorSpaceCase(`${member} an object with toString`, () => [{ [member]: { toString: () => values[0] } }]),
  );
}
for (const fullRange of [true, false, 0, 1, '', 'false', {}, NaN, undefined, null]) {
  videoColorSpaceConstruction.push(colorSpaceCase(`fullRange ${label(fullRange)}`, () => [{ fullRange }]));
}
videoColorSpaceConstruction.push(
  {
    name: 'VideoColorSpaceInit members are read once each, in lexicographic order',
    run(api) {
      const log = [];
      const init = loggingDictionary({ primaries: 'bt709', transfer: 'pq', matrix: 'rgb', fullRange: true }, log);
      return { result: attempt(() => colorSpaceOf(new api.VideoColorSpace(init))), log };
    },
  },
  {
    name: 'toJSON: a new plain object each call, keys in attribute order',
    run(api) {
      const cs = new api.VideoColorSpace({ fullRange: true, matrix: 'bt470bg' });
      const a = cs.toJSON();
      const b = cs.toJSON();
      return {
        distinct: a !== b,
        prototypeIsObject: Object.getPrototypeOf(a) === Object.prototype,
        keys: Object.keys(a),
        descriptor: plain(Object.getOwnPropertyDescriptor(a, 'matrix')),
        stringify: JSON.stringify(cs),
      };
    },
  },
  {
    name: 'interface: prototype members, for-in, constructor, assignment ignored',
    run(api) {
      const cs = new api.VideoColorSpace({ primaries: 'bt709' });
      return {
        ...interfaceShape(api.VideoColorSpace, cs),
        assign: attempt(() => {
          cs.primaries = 'bt2020';
          return cs.primaries;
        }),
        strictAssign: attempt(() => Reflect.set(cs, 'primaries', 'bt2020')),
      };
    },
  },
);

// ---------------------------------------------------------------------------------------------
// VideoFrame buffer constructor

function rectOf(r) {
  if (r === null || r === undefined) return plain(r);
  return { tag: tag(r), x: r.x, y: r.y, width: r.width, height: r.height, top: r.top, right: r.right, bottom: r.bottom, left: r.left };
}

function frameAttributes(f) {
  return {
    tag: tag(f),
    format: f.format,
    codedWidth: f.codedWidth,
    codedHeight: f.codedHeight,
    codedRect: rectOf(f.codedRect),
    visibleRect: rectOf(f.visibleRect),
    displayWidth: f.displayWidth,
    displayHeight: f.displayHeight,
    timestamp: plain(f.timestamp),
    duration: plain(f.duration),
    rotation: plain(f.rotation),
    flip: plain(f.flip),
    colorSpace: colorSpaceOf(f.colorSpace),
    metadata: attempt(() => f.metadata()),
  };
}

/** FNV-1a over `bytes`: a short stand-in for the bytes of large copies. */
function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  return `fnv1a:${(h >>> 0).toString(16)}:${bytes.length}`;
}

/** allocationSize(options) and copyTo(destination, options), the destination 8 bytes larger, pre-filled. */
async function frameCopy(frame, options, destinationSize) {
  const allocationSize = attempt(() => frame.allocationSize(options));
  // Sizes near 2^32 are legal results; copying into a buffer that large is not worth the time.
  const fits = typeof allocationSize.value === 'number' && allocationSize.value <= 1 << 26;
  const size = destinationSize ?? (fits ? allocationSize.value + 8 : 64);
  const destination = new Uint8Array(size).fill(0xee);
  const copy = await attemptAsync(() => frame.copyTo(destination, options));
  if (!copy.resolved) return { allocationSize, copy };
  return { allocationSize, copy, bytes: size > 4096 ? fnv1a(destination) : hex(destination) };
}

const frameInit = (members = {}) => ({ format: 'I420', codedWidth: 16, codedHeight: 8, timestamp: 1000, ...members });

/**
 * Constructs a VideoFrame from `build()` ({data, init}) and observes it: attributes, the default
 * copy and allocationSize, and `copies` (extra copyTo options); `after(frame, built)` adds more.
 */
function frameCase(name, build, { copies = [], after } = {}) {
  return {
    name,
    async run(api) {
      const built = build();
      let frame;
      try {
        frame = built.args ? new api.VideoFrame(...built.args) : new api.VideoFrame(built.data, built.init);
      } catch (e) {
        return { construct: errorOf(e), ...(after ? await after(null, built) : {}) };
      }
      try {
        const r = { attributes: frameAttributes(frame), copy: await frameCopy(frame, undefined) };
        for (const [i, options] of copies.entries()) r[`copy${i + 1}`] = { options: plain(options), ...(await frameCopy(frame, options)) };
        if (after) Object.assign(r, await after(frame, built));
        return r;
      } finally {
        frame.close();
      }
    },
  };
}

/** A frame of `format` and coded size, data tightly packed, with `init` members added. */
const tightFrame = (format, width, height, members = {}, seed = 0) => ({
  data: pattern(tightSize(format, width, height), seed),
  init: frameInit({ format, codedWidth: width, codedHeight: height, ...members }),
});

const videoFrameBufferConstruction = [];
for (const format of Object.keys(VIDEO_FORMATS)) {
  for (const [width, height] of [[1, 1], [3, 5], [17, 9], [16, 8]]) {
    const x = width >= 4 ? 2 : 0;
    const y = height >= 4 ? 2 : 0;
    const rect = { x, y, width: Math.max(1, width - x - 1), height: Math.max(1, height - y - 1) };
    videoFrameBufferConstruction.push(
      frameCase(`${format} ${width}x${height}`, () => tightFrame(format, width, height), {
        copies: [{ rect }, { rect: { x: 0, y: 0, width, height } }],
      }),
    );
  }
}
const I420_16x8 = tightSize('I420', 16, 8);
videoFrameBufferConstruction.push(
  frameCase('I420 16x8: data one byte short', () => ({ data: pattern(I420_16x8 - 1), init: frameInit() })),
  frameCase('I420 16x8: data larger than needed', () => ({ data: pattern(I420_16x8 + 100), init: frameInit() })),
  frameCase('RGBA 4x2: data an ArrayBuffer', () => ({ data: pattern(32).buffer, init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }) })),
  frameCase('RGBA 4x2: data a DataView with an offset', () => ({ data: new DataView(pattern(40).buffer, 5, 32), init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }) })),
  frameCase('RGBA 4x2: data a Uint32Array with an offset', () => ({ data: new Uint32Array(pattern(40).buffer, 4, 8), init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }) })),
  frameCase('RGBA 4x2: data a SharedArrayBuffer', () => ({ data: hasShared() ? sharedCopy(pattern(32)).buffer : pattern(32), init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }) })),
  frameCase('RGBA 4x2: data a Uint8Array over a SharedArrayBuffer', () => ({ data: hasShared() ? sharedCopy(pattern(32)) : pattern(32), init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }) })),
  frameCase('RGBA 4x2: data a detached ArrayBuffer', () => ({ data: detachedBuffer(), init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }) })),
  frameCase('RGBA 4x2: data an Array of numbers', () => ({ data: Array.from(pattern(32)), init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }) })),
  frameCase('RGBA 4x2: data null', () => ({ data: null, init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }) })),
  frameCase('RGBA 4x2: data a plain object', () => ({ data: { byteLength: 32 }, init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }) })),
  frameCase('init missing', () => ({ args: [pattern(I420_16x8)] })),
  frameCase('init null', () => ({ data: pattern(I420_16x8), init: null })),
  frameCase('init {}', () => ({ data: pattern(I420_16x8), init: {} })),
);
for (const member of ['format', 'codedWidth', 'codedHeight', 'timestamp']) {
  videoFrameBufferConstruction.push(frameCase(`missing ${member}`, () => ({ data: pattern(I420_16x8), init: without(frameInit(), member) })));
}
for (const format of ['i420', 'NV21', 'I420P16', 'RGB', 'XRGB', '']) {
  videoFrameBufferConstruction.push(frameCase(`format ${label(format)}`, () => ({ data: pattern(1024), init: frameInit({ format }) })));
}
for (const [w, h] of [[0, 8], [16, 0], [-16, 8], [16.9, 8.9], [2 ** 32, 8], [NaN, 8], ['16', '8']]) {
  videoFrameBufferConstruction.push(frameCase(`coded size ${label(w)}x${label(h)}`, () => ({ data: pattern(I420_16x8), init: frameInit({ codedWidth: w, codedHeight: h }) })));
}
// Sizes near and beyond what an implementation can hold: the data is too small in every case.
for (const [format, w, h] of [['RGBA', 2 ** 32 - 1, 2 ** 32 - 1], ['RGBA', 65536, 65536], ['I420', 2 ** 31, 2], ['RGBA', 2 ** 30, 1], ['I444P12', 46341, 46341]]) {
  videoFrameBufferConstruction.push(frameCase(`${format} ${w}x${h} with 64 bytes of data`, () => ({ data: pattern(64), init: frameInit({ format, codedWidth: w, codedHeight: h }) })));
}
// Large but possible sizes.
for (const [format, w, h] of [['RGBA', 16384, 1], ['RGBA', 16385, 1], ['RGBA', 32767, 1], ['RGBA', 32768, 1], ['RGBA', 1, 32768], ['I420', 4096, 2304]]) {
  videoFrameBufferConstruction.push(
    frameCase(`${format} ${w}x${h}`, () => ({ data: pattern(tightSize(format, w, h)), init: frameInit({ format, codedWidth: w, codedHeight: h }) })),
  );
}
for (const timestamp of [-5, 1.9, -1.9, 2 ** 53 - 1, 2 ** 53, NaN, Infinity, null, '12']) {
  videoFrameBufferConstruction.push(frameCase(`timestamp ${label(timestamp)}`, () => tightFrame('RGBA', 2, 2, { timestamp })));
}
for (const duration of [0, 1000, 1.5, -1, NaN, 2 ** 53, 2 ** 53 - 1, null, '40', undefined]) {
  videoFrameBufferConstruction.push(frameCase(`duration ${label(duration)}`, () => tightFrame('RGBA', 2, 2, { duration })));
}

// layout
const reversedPaddedLayout = (format, width, height, pad) => {
  const planes = tightLayout(format, width, height).map((p) => ({ stride: p.stride + pad, rows: p.rows }));
  let offset = pad;
  const layout = [];
  for (let i = planes.length - 1; i >= 0; i--) {
    layout[i] = { offset, stride: planes[i].stride };
    offset += planes[i].stride * planes[i].rows + pad;
  }
  return { layout, size: offset };
};
for (const [format, w, h] of [['I420', 16, 8], ['I420', 5, 3], ['NV12', 6, 4], ['I422P10', 7, 3], ['I444A', 3, 3], ['RGBA', 3, 2]]) {
  videoFrameBufferConstruction.push(
    frameCase(`${format} ${w}x${h}: layout reversed planes, padded strides`, () => {
      const { layout, size } = reversedPaddedLayout(format, w, h, 3);
      return { data: pattern(size, 5), init: frameInit({ format, codedWidth: w, codedHeight: h, layout }) };
    }, { copies: [{ layout: reversedPaddedLayout(format, w, h, 1).layout }] }),
    frameCase(`${format} ${w}x${h}: layout equal to the default`, () => ({
      data: pattern(tightSize(format, w, h)),
      init: frameInit({ format, codedWidth: w, codedHeight: h, layout: tightLayout(format, w, h).map(({ offset, stride }) => ({ offset, stride })) }),
    })),
    frameCase(`${format} ${w}x${h}: layout with data one byte short`, () => {
      const { layout, size } = reversedPaddedLayout(format, w, h, 3);
      return { data: pattern(size - 4), init: frameInit({ format, codedWidth: w, codedHeight: h, layout }) };
    }),
  );
}
const i420Layout = () => tightLayout('I420', 16, 8).map(({ offset, stride }) => ({ offset, stride }));
const withPlane = (layout, index, plane) => layout.map((p, i) => (i === index ? { ...p, ...plane } : p));
videoFrameBufferConstruction.push(
  frameCase('layout: luma stride one byte too small', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 0, { stride: 15 }) }) })),
  frameCase('layout: chroma stride one byte too small', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 2, { stride: 7 }) }) })),
  frameCase('layout: stride 0', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 1, { stride: 0 }) }) })),
  frameCase('layout: overlapping planes', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 1, { offset: 127 }) }) })),
  frameCase('layout: planes touching', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 2, { offset: 160 }) }) })),
  frameCase('layout: two planes at the same offset', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 2, { offset: 128 }) }) })),
  frameCase('layout: two planes for I420', () => ({ data: pattern(1024), init: frameInit({ layout: i420Layout().slice(0, 2) }) })),
  frameCase('layout: four planes for I420', () => ({ data: pattern(1024), init: frameInit({ layout: [...i420Layout(), { offset: 512, stride: 16 }] }) })),
  frameCase('layout: empty', () => ({ data: pattern(1024), init: frameInit({ layout: [] }) })),
  frameCase('layout: null', () => ({ data: pattern(1024), init: frameInit({ layout: null }) })),
  frameCase('layout: not a sequence', () => ({ data: pattern(1024), init: frameInit({ layout: { offset: 0, stride: 16 } }) })),
  frameCase('layout: negative offset', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 0, { offset: -1 }) }) })),
  frameCase('layout: missing stride', () => ({ data: pattern(1024), init: frameInit({ layout: [{ offset: 0 }, ...i420Layout().slice(1)] }) })),
  frameCase('layout: offset beyond the data', () => ({ data: pattern(I420_16x8), init: frameInit({ layout: withPlane(i420Layout(), 2, { offset: 4096 }) }) })),
  frameCase('layout: offset + size overflows 32 bits', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 2, { offset: 2 ** 32 - 8 }) }) })),
  frameCase('layout: huge stride overflows 32 bits', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 0, { stride: 2 ** 30 }) }) })),
  frameCase('layout: fractional offset and stride', () => ({ data: pattern(1024), init: frameInit({ layout: withPlane(i420Layout(), 0, { offset: 0.9, stride: 16.7 }) }) })),
);

// visibleRect
const rectCase = (name, format, w, h, visibleRect, members = {}) =>
  frameCase(name, () => tightFrame(format, w, h, { visibleRect, ...members }), { copies: [{ rect: { x: 0, y: 0, width: w, height: h } }] });
videoFrameBufferConstruction.push(
  rectCase('I420 16x8: visibleRect aligned {2,2,8,4}', 'I420', 16, 8, { x: 2, y: 2, width: 8, height: 4 }),
  rectCase('I420 16x8: visibleRect odd size {2,2,7,3}', 'I420', 16, 8, { x: 2, y: 2, width: 7, height: 3 }),
  rectCase('I420 16x8: visibleRect odd x', 'I420', 16, 8, { x: 1, y: 2, width: 8, height: 4 }),
  rectCase('I420 16x8: visibleRect odd y', 'I420', 16, 8, { x: 2, y: 1, width: 8, height: 4 }),
  rectCase('I422 16x8: visibleRect odd y', 'I422', 16, 8, { x: 2, y: 1, width: 8, height: 4 }),
  rectCase('I422 16x8: visibleRect odd x', 'I422', 16, 8, { x: 1, y: 2, width: 8, height: 4 }),
  rectCase('I444 16x8: visibleRect odd x and y', 'I444', 16, 8, { x: 3, y: 1, width: 5, height: 5 }),
  rectCase('NV12 16x8: visibleRect odd x', 'NV12', 16, 8, { x: 1, y: 0, width: 8, height: 4 }),
  rectCase('RGBA 16x8: visibleRect odd x and y', 'RGBA', 16, 8, { x: 3, y: 1, width: 5, height: 5 }),
  rectCase('I420A 16x8: visibleRect {4,2,9,5}', 'I420A', 16, 8, { x: 4, y: 2, width: 9, height: 5 }),
  rectCase('I420P10 16x8: visibleRect {2,2,8,4}', 'I420P10', 16, 8, { x: 2, y: 2, width: 8, height: 4 }),
  rectCase('I420 16x8: visibleRect the coded rect', 'I420', 16, 8, { x: 0, y: 0, width: 16, height: 8 }),
  rectCase('I420 16x8: visibleRect past the right edge', 'I420', 16, 8, { x: 10, y: 0, width: 8, height: 4 }),
  rectCase('I420 16x8: visibleRect past the bottom edge', 'I420', 16, 8, { x: 0, y: 6, width: 8, height: 4 }),
  rectCase('I420 16x8: visibleRect zero width', 'I420', 16, 8, { x: 0, y: 0, width: 0, height: 4 }),
  rectCase('I420 16x8: visibleRect zero height', 'I420', 16, 8, { x: 0, y: 0, width: 4, height: 0 }),
  rectCase('I420 16x8: visibleRect negative x', 'I420', 16, 8, { x: -2, y: 0, width: 4, height: 4 }),
  rectCase('I420 16x8: visibleRect NaN width', 'I420', 16, 8, { x: 0, y: 0, width: NaN, height: 4 }),
  rectCase('I420 16x8: visibleRect Infinity height', 'I420', 16, 8, { x: 0, y: 0, width: 4, height: Infinity }),
  rectCase('I420 16x8: visibleRect fractional {2.5,2.9,7.9,3.1}', 'I420', 16, 8, { x: 2.5, y: 2.9, width: 7.9, height: 3.1 }),
  rectCase('RGBA 16x8: visibleRect fractional {0.5,0.5,4.9,2.9}', 'RGBA', 16, 8, { x: 0.5, y: 0.5, width: 4.9, height: 2.9 }),
  rectCase('RGBA 16x8: visibleRect fractional overflowing {15.5,0,0.9,1}', 'RGBA', 16, 8, { x: 15.5, y: 0, width: 0.9, height: 1 }),
  rectCase('I420 16x8: visibleRect {} (all zero)', 'I420', 16, 8, {}),
  rectCase('I420 16x8: visibleRect only width and height', 'I420', 16, 8, { width: 6, height: 6 }),
  rectCase('I420 16x8: visibleRect null', 'I420', 16, 8, null),
  frameCase('I420 16x8: visibleRect a DOMRectReadOnly', () => tightFrame('I420', 16, 8, { visibleRect: new DOMRectReadOnly(4, 2, 6, 4) })),
  frameCase('I420 16x8: visibleRect {8,4,8,4} with data for the rect only', () => ({
    data: pattern(tightSize('I420', 8, 4)),
    init: frameInit({ visibleRect: { x: 8, y: 4, width: 8, height: 4 } }),
  })),
  frameCase('I420 16x8: visibleRect {0,0,8,4} with data for the rect only', () => ({
    data: pattern(tightSize('I420', 8, 4)),
    init: frameInit({ visibleRect: { x: 0, y: 0, width: 8, height: 4 } }),
  })),
  frameCase('I420 16x8: visibleRect {2,2,8,4} with a layout', () => {
    const { layout, size } = reversedPaddedLayout('I420', 16, 8, 2);
    return { data: pattern(size), init: frameInit({ visibleRect: { x: 2, y: 2, width: 8, height: 4 }, layout }) };
  }),
);

// displayWidth / displayHeight
for (const [dw, dh] of [[32, 4], [1, 1], [2 ** 32 - 1, 2 ** 32 - 1], [32, undefined], [undefined, 4], [0, 4], [32, 0], [0, 0], [-1, 4], [10.7, 4.2], [2 ** 32, 4], [NaN, 4], [null, null]]) {
  videoFrameBufferConstruction.push(
    frameCase(`I420 16x8: display size ${label(dw)}x${label(dh)}`, () => tightFrame('I420', 16, 8, { displayWidth: dw, displayHeight: dh })),
  );
}
videoFrameBufferConstruction.push(
  frameCase('I420 16x8: display size with visibleRect {2,2,8,4}', () => tightFrame('I420', 16, 8, { visibleRect: { x: 2, y: 2, width: 8, height: 4 }, displayWidth: 24, displayHeight: 4 })),
  frameCase('I420 16x8: visibleRect {2,2,8,4}, no display size', () => tightFrame('I420', 16, 8, { visibleRect: { x: 2, y: 2, width: 8, height: 4 } })),
);

// colorSpace
for (const [format, colorSpace] of [
  ['I420', undefined], ['I420P10', undefined], ['NV12', undefined], ['I444A', undefined], ['RGBA', undefined], ['BGRX', undefined],
  ['I420', {}], ['RGBA', {}], ['I420', null], ['RGBA', null],
  ['I420', { primaries: 'bt2020', transfer: 'pq', matrix: 'bt2020-ncl', fullRange: false }],
  ['I420', { primaries: 'bt470bg' }], ['I420', { matrix: 'rgb' }], ['I420', { fullRange: true }], ['RGBA', { transfer: 'linear' }],
  ['RGBA', { primaries: 'smpte432', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true }],
  ['I420', { primaries: 'bogus' }], ['I420', { matrix: 'bt2020-cl' }], ['I420', 5],
]) {
  videoFrameBufferConstruction.push(frameCase(`${format} 4x2: colorSpace ${JSON.stringify(plain(colorSpace))}`, () => tightFrame(format, 4, 2, { colorSpace })));
}
videoFrameBufferConstruction.push({
  name: 'I420 4x2: colorSpace a VideoColorSpace',
  async run(api) {
    const f = new api.VideoFrame(pattern(12), frameInit({ codedWidth: 4, codedHeight: 2, colorSpace: new api.VideoColorSpace({ primaries: 'bt709', fullRange: true }) }));
    const r = frameAttributes(f).colorSpace;
    f.close();
    return r;
  },
});

// rotation and flip
for (const rotation of [0, 90, 180, 270, 45, 44.9, 135, 225, 315, -45, -90, -180, -270, 360, 450, 720, 1e9, -1e9, 1e300, 89.99999, NaN, Infinity, '90', null, undefined]) {
  videoFrameBufferConstruction.push(frameCase(`RGBA 4x2: rotation ${label(rotation)}`, () => tightFrame('RGBA', 4, 2, { rotation })));
}
videoFrameBufferConstruction.push(
  frameCase('I420 16x8: rotation 90 with visibleRect and display size', () => tightFrame('I420', 16, 8, { rotation: 90, visibleRect: { x: 2, y: 2, width: 8, height: 4 }, displayWidth: 20, displayHeight: 6 })),
  frameCase('I420 16x8: rotation 270 with visibleRect', () => tightFrame('I420', 16, 8, { rotation: 270, visibleRect: { x: 2, y: 2, width: 8, height: 4 } })),
);
for (const flip of [true, false, 1, 0, 'yes', '', null, undefined, {}]) {
  videoFrameBufferConstruction.push(frameCase(`RGBA 4x2: flip ${label(flip)}`, () => tightFrame('RGBA', 4, 2, { flip })));
}
videoFrameBufferConstruction.push(frameCase('RGBA 4x2: rotation 90, flip', () => tightFrame('RGBA', 4, 2, { rotation: 90, flip: true })));

// metadata
for (const [name, metadata] of [
  ['{}', () => ({})],
  ['null', () => null],
  ['rtpTimestamp', () => ({ rtpTimestamp: 1234 })],
  ['rtpTimestamp 2^32 + 5', () => ({ rtpTimestamp: 2 ** 32 + 5 })],
  ['rtpTimestamp -1', () => ({ rtpTimestamp: -1 })],
  ['rtpTimestamp "abc"', () => ({ rtpTimestamp: 'abc' })],
  ['an unregistered member', () => ({ foo: 'bar', n: [1, 2, { a: 3 }] })],
  ['rtpTimestamp and a function', () => ({ rtpTimestamp: 7, callback() {} })],
  ['a function only', () => ({ callback() {} })],
  ['a Symbol member', () => ({ s: Symbol('x') })],
  ['not an object', () => 5],
]) {
  videoFrameBufferConstruction.push(
    frameCase(`RGBA 4x2: metadata ${name}`, () => tightFrame('RGBA', 4, 2, { metadata: metadata() }), {
      after: (frame, built) => (frame ? { twoCallsDistinct: frame.metadata() !== frame.metadata(), inputKept: plain(built.init.metadata) } : {}),
    }),
  );
}
videoFrameBufferConstruction.push(
  frameCase('RGBA 4x2: metadata is copied at construction', () => {
    const metadata = { rtpTimestamp: 5 };
    const built = tightFrame('RGBA', 4, 2, { metadata });
    built.mutate = () => {
      metadata.rtpTimestamp = 6;
    };
    return built;
  }, {
    after: (frame, built) => {
      if (!frame) return {};
      built.mutate();
      const m = frame.metadata();
      m.rtpTimestamp = 9;
      return { afterMutation: attempt(() => frame.metadata()) };
    },
  }),
);

// transfer
const frameTransferCase = (name, build) =>
  frameCase(name, build, { after: (_, built) => ({ detachedAfter: built.init.transfer.map((b) => (b instanceof ArrayBuffer ? isDetached(b) : tag(b))) }) });
videoFrameBufferConstruction.push(
  frameTransferCase('RGBA 4x2: transfer the data buffer', () => {
    const built = tightFrame('RGBA', 4, 2);
    built.init.transfer = [built.data.buffer];
    return built;
  }),
  frameTransferCase('RGBA 4x2: transfer the buffer of a view with an offset', () => {
    const data = new Uint8Array(pattern(64).buffer, 16, 32);
    return { data, init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2, transfer: [data.buffer] }) };
  }),
  frameTransferCase('RGBA 4x2: transfer another buffer', () => ({ ...tightFrame('RGBA', 4, 2), init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2, transfer: [new ArrayBuffer(4)] }) })),
  frameTransferCase('RGBA 4x2: transfer a buffer listed twice', () => {
    const built = tightFrame('RGBA', 4, 2);
    built.init.transfer = [built.data.buffer, built.data.buffer];
    return built;
  }),
  frameTransferCase('RGBA 4x2: transfer a detached buffer', () => ({ ...tightFrame('RGBA', 4, 2), init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2, transfer: [detachedBuffer()] }) })),
  frameTransferCase('RGBA 4x2: transfer a Uint8Array', () => {
    const built = tightFrame('RGBA', 4, 2);
    built.init.transfer = [built.data];
    return built;
  }),
  frameTransferCase('RGBA 4x2: transfer with data too short', () => {
    const data = pattern(31);
    return { data, init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2, transfer: [data.buffer] }) };
  }),
  frameTransferCase('RGBA 4x2: transfer with an invalid visibleRect', () => {
    const built = tightFrame('RGBA', 4, 2, { visibleRect: { x: 0, y: 0, width: 0, height: 1 } });
    built.init.transfer = [built.data.buffer];
    return built;
  }),
  frameTransferCase('RGBA 4x2: transfer a SharedArrayBuffer', () => ({ ...tightFrame('RGBA', 4, 2), init: frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2, transfer: [hasShared() ? new SharedArrayBuffer(8) : 'none'] }) })),
  frameCase('RGBA 4x2: transfer null', () => tightFrame('RGBA', 4, 2, { transfer: null })),
  frameCase('RGBA 4x2: transfer not a sequence', () => tightFrame('RGBA', 4, 2, { transfer: 5 })),
  {
    name: 'VideoFrameBufferInit members are read once each, in lexicographic order',
    async run(api) {
      const log = [];
      const init = loggingDictionary({
        format: 'I420', codedWidth: 4, codedHeight: 2, timestamp: 1, duration: 2,
        layout: [{ offset: 0, stride: 4 }, { offset: 8, stride: 2 }, { offset: 10, stride: 2 }],
        visibleRect: loggingDictionary({ x: 0, y: 0, width: 4, height: 2 }, log, 'visibleRect.'),
        displayWidth: 4, displayHeight: 2,
        colorSpace: loggingDictionary({ primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: false }, log, 'colorSpace.'),
        rotation: 0, flip: false, metadata: {}, transfer: [],
      }, log);
      const r = attempt(() => new api.VideoFrame(pattern(12), init).close());
      return { result: r, log };
    },
  },
);

// copyTo / allocationSize options.
async function copyOptionsCase(api, format, w, h, optionsList) {
  const f = new api.VideoFrame(pattern(tightSize(format, w, h)), frameInit({ format, codedWidth: w, codedHeight: h }));
  const out = {};
  for (const [k, options] of Object.entries(optionsList)) out[k] = { options: plain(options), ...(await frameCopy(f, options)) };
  f.close();
  return out;
}

const videoFrameBufferCopy = [];
for (const format of ['I420', 'I420A', 'I422P10', 'I444P12', 'NV12', 'BGRA']) {
  videoFrameBufferCopy.push({
    name: `${format} 10x6: copyTo options`,
    run: (api) => {
      const layout = reversedPaddedLayout(format, 10, 6, 2).layout;
      return copyOptionsCase(api, format, 10, 6, {
        none: undefined,
        empty: {},
        null: null,
        rectCoded: { rect: { x: 0, y: 0, width: 10, height: 6 } },
        rectAligned: { rect: { x: 4, y: 2, width: 4, height: 2 } },
        rectOddSize: { rect: { x: 0, y: 0, width: 5, height: 3 } },
        rectOddX: { rect: { x: 1, y: 0, width: 4, height: 2 } },
        rectOddY: { rect: { x: 0, y: 1, width: 4, height: 2 } },
        rectOutOfBounds: { rect: { x: 8, y: 0, width: 4, height: 2 } },
        rectZero: { rect: { x: 0, y: 0, width: 0, height: 2 } },
        rectNegative: { rect: { x: -2, y: 0, width: 2, height: 2 } },
        rectFractional: { rect: { x: 2.5, y: 2.5, width: 3.5, height: 2.5 } },
        rectEmptyDict: { rect: {} },
        layoutPadded: { layout },
        layoutTight: { layout: tightLayout(format, 10, 6).map(({ offset, stride }) => ({ offset, stride })) },
        layoutStrideTooSmall: { layout: tightLayout(format, 10, 6).map(({ offset, stride }, i) => ({ offset, stride: i === 0 ? stride - 1 : stride })) },
        layoutOverlap: { layout: tightLayout(format, 10, 6).map(({ offset, stride }) => ({ offset: Math.max(0, offset - 1), stride })) },
        layoutWrongCount: { layout: [...tightLayout(format, 10, 6).map(({ offset, stride }) => ({ offset, stride })), { offset: 1000, stride: 8 }] },
        layoutEmpty: { layout: [] },
        layoutHugeOffset: { layout: tightLayout(format, 10, 6).map(({ offset, stride }) => ({ offset: offset + 2 ** 32 - 64, stride })) },
        rectAndLayout: { rect: { x: 0, y: 0, width: 4, height: 2 }, layout: reversedPaddedLayout(format, 4, 2, 5).layout },
      });
    },
  });
}
// Conversion to RGB from formats whose fourth byte is undefined (X) or alpha: the data's X bytes
// are not 255, so a copy of them would show.
for (const format of ['RGBX', 'BGRX', 'RGBA', 'BGRA']) {
  videoFrameBufferCopy.push({
    name: `${format} 4x2: copyTo converting to each RGB format`,
    run: (api) => copyOptionsCase(api, format, 4, 2, Object.fromEntries(['RGBA', 'RGBX', 'BGRA', 'BGRX'].map((to) => [to, { format: to }]))),
  });
}
// "Verify Rect Offset Alignment": a rect whose x or y (after truncation) is not a multiple of every
// plane's sub-sampling factor is a TypeError for allocationSize() and copyTo().
for (const format of ['I420', 'I422', 'NV12', 'I420AP10']) {
  videoFrameBufferCopy.push({
    name: `${format} 8x4: copyTo rect offsets not on a whole sample`,
    run: (api) => copyOptionsCase(api, format, 8, 4, {
      oddX: { rect: { x: 3, y: 0, width: 4, height: 2 } },
      oddY: { rect: { x: 2, y: 1, width: 4, height: 2 } },
      xTruncatedToOdd: { rect: { x: 1.5, y: 0, width: 4, height: 2 } },
      xTruncatedToEven: { rect: { x: 2.9, y: 2.9, width: 4, height: 1 } },
      oddSizeEvenOffset: { rect: { x: 2, y: 2, width: 3, height: 1 } },
    }),
  });
}
videoFrameBufferCopy.push(
  {
    name: 'copyTo: destination too small, views and buffers',
    async run(api) {
      const f = new api.VideoFrame(pattern(32), frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }));
      const out = { tooSmall: await frameCopy(f, undefined, 31), exact: await frameCopy(f, undefined, 32) };
      const targets = {
        arrayBuffer: () => new ArrayBuffer(36),
        dataViewWithOffset: () => new DataView(new ArrayBuffer(40), 3, 33),
        float64ArrayWithOffset: () => new Float64Array(new ArrayBuffer(48), 8, 5),
        sharedArrayBuffer: () => (hasShared() ? new SharedArrayBuffer(32) : null),
        uint8OverShared: () => (hasShared() ? new Uint8Array(new SharedArrayBuffer(32)) : null),
        detached: () => detachedBuffer(),
        array: () => new Array(32).fill(0),
        nullValue: () => null,
      };
      for (const [k, make] of Object.entries(targets)) {
        const target = make();
        if (target === null && k !== 'nullValue') continue;
        const r = await attemptAsync(() => f.copyTo(target));
        const buffer = target instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && target instanceof SharedArrayBuffer) ? target : target?.buffer;
        out[k] = { ...r, bytes: r.resolved && buffer ? hex(new Uint8Array(buffer)) : undefined };
      }
      f.close();
      return out;
    },
  },
  {
    name: 'copyTo: the promise resolves after a task, with a new array each call',
    async run(api) {
      const f = new api.VideoFrame(pattern(12), frameInit({ codedWidth: 4, codedHeight: 2 }));
      let settledAt = null;
      const p = f.copyTo(new Uint8Array(12));
      p.then(() => {
        settledAt ??= 'before a microtask queued after the call';
      });
      Promise.resolve().then(() => Promise.resolve()).then(() => {
        settledAt ??= 'after that microtask';
      });
      const layout = await p;
      const again = await f.copyTo(new Uint8Array(12));
      f.close();
      return { settledAt, layout: plain(layout), isArray: Array.isArray(layout), distinct: layout !== again, planeTag: tag(layout[0]) };
    },
  },
  {
    name: 'VideoFrameCopyToOptions members are read once each, in lexicographic order',
    async run(api) {
      const f = new api.VideoFrame(pattern(32), frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }));
      const log = [];
      const options = loggingDictionary({ rect: loggingDictionary({ x: 0, y: 0, width: 2, height: 2 }, log, 'rect.'), layout: [{ offset: 0, stride: 8 }] }, log);
      const allocationSize = attempt(() => f.allocationSize(options));
      const logAfterAllocationSize = [...log];
      const copy = await attemptAsync(() => f.copyTo(new Uint8Array(64), options));
      f.close();
      return { allocationSize, copy, logAfterAllocationSize, log };
    },
  },
);

// clone() and close()
const videoFrameLifecycle = [
  {
    name: 'clone: same attributes and pixels; survives closing the original',
    async run(api) {
      const f = new api.VideoFrame(pattern(tightSize('I420', 6, 4)), frameInit({
        codedWidth: 6, codedHeight: 4, displayWidth: 8, displayHeight: 4, duration: 33, rotation: 180, flip: true,
        colorSpace: { primaries: 'bt470bg', fullRange: true },
      }));
      const c = f.clone();
      const r = { same: f === c, clone: frameAttributes(c), copy: await frameCopy(c, undefined) };
      f.close();
      r.afterOriginalClosed = { attributes: frameAttributes(c), copy: await frameCopy(c, undefined) };
      c.close();
      return r;
    },
  },
  {
    name: 'close: attributes, methods and a second close',
    async run(api) {
      const f = new api.VideoFrame(pattern(32), frameInit({
        format: 'RGBA', codedWidth: 4, codedHeight: 2, timestamp: -5, duration: 7, rotation: 90, flip: true,
        metadata: { rtpTimestamp: 1 }, colorSpace: { primaries: 'bt2020' },
      }));
      const colorSpaceBeforeClose = colorSpaceOf(f.colorSpace);
      const first = attempt(() => f.close());
      return {
        colorSpaceBeforeClose,
        first,
        attributes: frameAttributes(f),
        allocationSize: attempt(() => f.allocationSize()),
        allocationSizeBadOptions: attempt(() => f.allocationSize({ rect: { width: NaN } })),
        copyTo: await attemptAsync(() => f.copyTo(new Uint8Array(64))),
        copyToBadDestination: await attemptAsync(() => f.copyTo(null)),
        clone: attempt(() => f.clone()),
        newFromClosed: attempt(() => new api.VideoFrame(f, { timestamp: 0 })),
        second: attempt(() => f.close()),
        attributesAfterSecond: frameAttributes(f),
      };
    },
  },
  {
    name: 'close the clone, the original stays open',
    async run(api) {
      const f = new api.VideoFrame(pattern(12), frameInit({ codedWidth: 4, codedHeight: 2 }));
      f.clone().close();
      const r = { attributes: frameAttributes(f), copy: await frameCopy(f, undefined) };
      f.close();
      return r;
    },
  },
  {
    name: 'VideoFrameInit members are read once each, in lexicographic order',
    async run(api) {
      const f = new api.VideoFrame(pattern(32), frameInit({ format: 'RGBA', codedWidth: 4, codedHeight: 2 }));
      const log = [];
      const init = loggingDictionary({
        alpha: 'keep', displayHeight: 2, displayWidth: 4, duration: 2, flip: false, metadata: {}, rotation: 0, timestamp: 1,
        visibleRect: loggingDictionary({ x: 0, y: 0, width: 4, height: 2 }, log, 'visibleRect.'),
      }, log);
      const fromOpen = attempt(() => new api.VideoFrame(f, init).close());
      const logFromOpen = [...log];
      f.close();
      const fromClosed = attempt(() => new api.VideoFrame(f, init).close());
      return { fromOpen, logFromOpen, fromClosed, log };
    },
  },
  {
    name: 'interface: prototype members, for-in, constructor',
    async run(api) {
      const f = new api.VideoFrame(pattern(12), frameInit({ codedWidth: 4, codedHeight: 2 }));
      const r = {
        ...interfaceShape(api.VideoFrame, f),
        sameColorSpaceObject: f.colorSpace === f.colorSpace,
        sameRectObject: f.visibleRect === f.visibleRect,
        sameCodedRectObject: f.codedRect === f.codedRect,
        cloneSharesRect: (() => {
          const c = f.clone();
          const same = c.visibleRect === f.visibleRect;
          c.close();
          return same;
        })(),
      };
      f.close();
      return r;
    },
  },
];

/** How an interface object and its prototype look (WebIDL §3.7 "Interface objects"). */
function interfaceShape(ctor, instance) {
  const proto = ctor.prototype;
  const describe = (d) => (d ? { get: typeof d.get, set: typeof d.set, value: typeof d.value === 'string' ? d.value : typeof d.value, writable: d.writable, enumerable: d.enumerable, configurable: d.configurable } : null);
  return {
    members: Object.fromEntries(Reflect.ownKeys(proto).map((k) => [String(k), describe(Object.getOwnPropertyDescriptor(proto, k))])),
    forIn: (() => {
      const keys = [];
      for (const k in instance) keys.push(k);
      return keys.sort();
    })(),
    ownKeys: Reflect.ownKeys(instance).map(String),
    name: ctor.name,
    length: ctor.length,
    prototypeDescriptor: describe(Object.getOwnPropertyDescriptor(ctor, 'prototype')),
    callWithoutNew: attempt(() => ctor()),
  };
}

/** The cases of each scenario, by scenario name. */
export const mediaObjectCases = {
  audioDataConstruction,
  audioDataCopyConversion,
  audioDataMethods,
  videoColorSpaceConstruction,
  videoFrameBufferConstruction,
  videoFrameBufferCopy,
  videoFrameLifecycle,
};
for (const [scenario, cases] of Object.entries(mediaObjectCases)) {
  const names = new Set();
  for (const c of cases) {
    if (names.has(c.name)) throw new Error(`${scenario}: two cases named ${c.name}`);
    names.add(c.name);
  }
}

async function runCases(api, cases, only) {
  const results = {};
  for (const c of cases) {
    if (only && !only.includes(c.name)) continue;
    try {
      results[c.name] = await c.run(api);
    } catch (e) {
      results[c.name] = { caseFailed: errorOf(e), message: String(e?.message ?? e), stack: String(e?.stack ?? '') };
    }
  }
  return results;
}

/**
 * The scenarios: each runs its cases on ctx.api and, when the browser has them, on ctx.native.
 * params: { only?: case names to run, nativeOnly?: skip ctx.api, apiOnly?: skip ctx.native }.
 */
export const mediaObjectScenarios = Object.fromEntries(
  Object.entries(mediaObjectCases).map(([name, cases]) => [
    name,
    async (ctx, params = {}) => {
      return {
        polyfill: params.nativeOnly ? null : await runCases(ctx.api, cases, params.only),
        native: ctx.native && !params.apiOnly ? await runCases(ctx.native, cases, params.only) : null,
      };
    },
  ]),
);
