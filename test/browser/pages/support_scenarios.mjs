// isConfigSupported() and ImageDecoder.isTypeSupported() over a large matrix of configs: answered
// from the build's description of the core (the default, loading nothing) and by the loaded core
// (ctx.testHooks.answerSupportFromLoadedCore), so that the runners can check both say the same.
// Runs in pages (test/browser/config_support.test.mjs) and in Node (test/node/config_support.test.mjs).

function hexToBytes(hex) {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
  return out;
}

/** A plain-JSON picture of a value: buffers as hex, so that two answers compare with deepEqual. */
function plain(value) {
  if (value instanceof ArrayBuffer) return { bytes: Array.from(new Uint8Array(value), (b) => b.toString(16).padStart(2, '0')).join('') };
  if (ArrayBuffer.isView(value)) return plain(value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength));
  if (Array.isArray(value)) return value.map(plain);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return value;
}

// Every video codec string form the tests use, and more of each registration: valid, unsupported
// by this build (HEVC encoding, 4:4:4 VP9 encoding, ...) and invalid.
const VIDEO_CODECS = [
  'vp8', 'VP8', 'vp08.00.10.08',
  'avc1.42001e', 'avc1.42001f', 'avc1.42e01e', 'avc1.42c01e', 'avc1.4d001f', 'avc1.4d401e', 'avc1.64001f', 'avc1.640028',
  'avc1.42000a', 'avc1.640034', 'avc1.6e001e', 'avc1.7a001e', 'avc1.f4001e', 'avc1.2c001e', 'avc1.58001e', 'avc1.42001b',
  'avc1.420009', 'avc1.640033', 'avc1.42003e', 'avc3.42001e', 'avc3.64001f', 'avc1.42e31e', 'avc1.4D401E', 'avc1.zzzzzz',
  'avc1', 'avc1.42001', 'avc1.42001e0', 'h264',
  'hvc1.1.6.L93.B0', 'hev1.1.6.L93.B0', 'hvc1.2.4.L120.B0', 'hvc1.1.6.H120.90', 'hvc1.1.6.H93.B0', 'hvc1.3.E.L93',
  'hvc1.4.10.L153.9D.08', 'hvc1.A1.6.L93.B0', 'hvc1.5.6.L93.B0', 'hvc1.1.6.L94.B0', 'hvc1', 'hevc',
  'vp09.00.10.08', 'vp09.00.40.08', 'vp09.02.10.10', 'vp09.02.10.12', 'vp09.01.10.08', 'vp09.03.10.10', 'vp09.00.10.10',
  'vp09.00.10.08.01.01.01.01.00', 'vp09.01.20.08.03.01.01.01.00', 'vp09.00.10.08.03.01.01.01.00', 'vp09.02.10.10.01.09.16.09.01',
  'vp09.00.10.08.01.01.01.00.00', 'vp09.00.10.08.01', 'vp09.99.10.08', 'vp09.00.15.08', 'vp09', 'vp9',
  'av01.0.04M.08', 'av01.0.04M.10', 'av01.0.08M.08', 'av01.0.00M.08', 'av01.0.31M.08', 'av01.0.12H.10', 'av01.0.04H.08',
  'av01.1.04M.08', 'av01.2.04M.12', 'av01.0.04M.12', 'av01.3.04M.08', 'av01.0.24M.08',
  'av01.0.04M.10.0.110.09.16.09.0', 'av01.0.04M.08.0.112.01.01.01.0', 'av01.1.04M.08.0.000.01.01.01.0', 'av01.0.04M.08.1.110.01.01.01.0',
  'av01.0.04M.08.0.111.01.01.01.0', 'av01', 'av1',
  'bogus', '', ' ', 'opus', 'mp4a.40.2', 'gif',
];

const AUDIO_CODECS = [
  'mp4a.40.2', 'mp4a.40.02', 'mp4a.40.5', 'mp4a.40.05', 'mp4a.40.29', 'mp4a.67', 'mp4a.40.42', 'mp4a.40.1', 'mp4a', 'mp4a.40', 'mp4a.40.99',
  'mp3', 'mp4a.69', 'mp4a.6B', 'mp4a.6b', 'MP3', 'opus', 'Opus', 'flac', 'vorbis', 'ulaw', 'alaw',
  'pcm-u8', 'pcm-s16', 'pcm-s24', 'pcm-s32', 'pcm-f32', 'pcm-s8', 'pcm-s16le', 'pcm-f64', 'aac', 'bogus', '', 'vp8',
];

const IMAGE_TYPES = [
  'image/gif', 'image/png', 'image/apng', 'image/x-png', 'image/jpeg', 'image/jpg', 'image/pjpeg', 'image/bmp', 'image/webp', 'image/avif',
  'IMAGE/PNG', 'Image/Gif', 'image/avif ', ' image/png', 'image/png; charset=x', 'image/svg+xml', 'image/jxl', 'image/tiff',
  'image/x-icon', 'image/vnd.microsoft.icon', 'image/heic', 'image/x-ms-bmp', 'image/', 'image', 'video/mp4', 'text/plain', '',
];

/** The fixtures' configs: real descriptions (avcC, hvcC, AudioSpecificConfig, OpusHead, FLAC), as the decode tests use them. */
async function fixtureConfigs(ctx, names) {
  const video = [];
  const audio = [];
  for (const name of names) {
    const index = await ctx.loadJson(`${name}.json`);
    const config = { codec: index.codec };
    if (index.description) config.description = hexToBytes(index.description);
    if (index.type === 'video') video.push([name, { ...config, codedWidth: index.codedWidth, codedHeight: index.codedHeight }]);
    else audio.push([name, { ...config, sampleRate: index.sampleRate, numberOfChannels: index.numberOfChannels }]);
  }
  return { video, audio };
}

/** [label, config] for VideoDecoder: every codec string with sizes, descriptions and options. */
function videoDecoderConfigs(fixtures) {
  const descriptions = {
    'no description': undefined,
    'an empty description': new Uint8Array(0),
    '8 bytes that are no record': new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]),
  };
  // A real avcC and hvcC (the first fixture's of each), put beside every codec string.
  const families = new Set();
  for (const [name, config] of fixtures) {
    const family = config.codec.slice(0, 3);
    if (!config.description || families.has(family)) continue;
    families.add(family);
    descriptions[`the description of ${name}`] = config.description;
  }
  const variants = {
    'no size': {},
    '640x480': { codedWidth: 640, codedHeight: 480 },
    'odd 641x479': { codedWidth: 641, codedHeight: 479 },
    '1x1': { codedWidth: 1, codedHeight: 1 },
    '32767x2': { codedWidth: 32767, codedHeight: 2 },
    '32768x2': { codedWidth: 32768, codedHeight: 2 },
    '16384x16384': { codedWidth: 16384, codedHeight: 16384 },
    '16384x16385': { codedWidth: 16384, codedHeight: 16385 },
    'width 0': { codedWidth: 0, codedHeight: 480 },
    'width only': { codedWidth: 640 },
    'display aspect 16:9': { displayAspectWidth: 16, displayAspectHeight: 9 },
    'display aspect 0:9': { displayAspectWidth: 0, displayAspectHeight: 9 },
    'prefer-hardware': { hardwareAcceleration: 'prefer-hardware' },
    'prefer-software': { hardwareAcceleration: 'prefer-software' },
    'hardwareAcceleration bogus': { hardwareAcceleration: 'bogus' },
    optimizeForLatency: { optimizeForLatency: true },
    'colour space': { colorSpace: { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: false } },
    'rotation 90, flip': { rotation: 90, flip: true },
    'rotation NaN': { rotation: NaN },
  };
  const out = [];
  for (const codec of VIDEO_CODECS) {
    for (const [v, extra] of Object.entries(variants)) out.push([`${codec} / ${v}`, { codec, ...extra }]);
    for (const [d, description] of Object.entries(descriptions)) {
      if (description) out.push([`${codec} / ${d}`, { codec, codedWidth: 320, codedHeight: 240, description }]);
    }
  }
  for (const [name, config] of fixtures) {
    out.push([`fixture ${name}`, config]);
    out.push([`fixture ${name} / no description`, { ...config, description: undefined }]);
  }
  out.push(['no codec', { codedWidth: 640, codedHeight: 480 }]);
  out.push(['not a dictionary', 42]);
  return out;
}

/** [label, config] for AudioDecoder. */
function audioDecoderConfigs(fixtures) {
  const out = [];
  for (const codec of AUDIO_CODECS) {
    for (const sampleRate of [8000, 44100, 48000, 96000, 2999, 3000, 768000, 768001, 0]) {
      for (const numberOfChannels of [1, 2, 6, 32, 33, 0]) {
        out.push([`${codec} / ${sampleRate} Hz / ${numberOfChannels} ch`, { codec, sampleRate, numberOfChannels }]);
      }
    }
    for (const [d, description] of Object.entries({ empty: new Uint8Array(0), 'one byte': new Uint8Array([0xff]), '42 zero bytes': new Uint8Array(42) })) {
      out.push([`${codec} / description ${d}`, { codec, sampleRate: 48000, numberOfChannels: 2, description }]);
    }
  }
  for (const [name, config] of fixtures) {
    out.push([`fixture ${name}`, config]);
    out.push([`fixture ${name} / no description`, { ...config, description: undefined }]);
    for (const [other, { description }] of fixtures) {
      if (description && other !== name) out.push([`fixture ${name} / the description of ${other}`, { ...config, description }]);
    }
  }
  out.push(['no sampleRate', { codec: 'opus', numberOfChannels: 2 }]);
  out.push(['sampleRate -1', { codec: 'opus', sampleRate: -1, numberOfChannels: 2 }]);
  return out;
}

/** [label, config] for VideoEncoder: sizes, bitrates and each encoder option. */
function videoEncoderConfigs() {
  const variants = {
    '64x48': { width: 64, height: 48 },
    'odd 63x48': { width: 63, height: 48 },
    'odd 64x47': { width: 64, height: 47 },
    '1x1': { width: 1, height: 1 },
    '1920x1080': { width: 1920, height: 1080 },
    '4096x2304': { width: 4096, height: 2304 },
    '16384x16': { width: 16384, height: 16 },
    '16385x16': { width: 16385, height: 16 },
    'width 0': { width: 0, height: 48 },
    'no height': { width: 64 },
    'display 128x96': { width: 64, height: 48, displayWidth: 128, displayHeight: 96 },
    'display 0x96': { width: 64, height: 48, displayWidth: 0, displayHeight: 96 },
    'display width only': { width: 64, height: 48, displayWidth: 128 },
    'bitrate 1': { width: 64, height: 48, bitrate: 1 },
    'bitrate 600k': { width: 64, height: 48, bitrate: 600_000 },
    'bitrate 2^40': { width: 64, height: 48, bitrate: 2 ** 40 },
    'bitrate 0': { width: 64, height: 48, bitrate: 0 },
    'framerate 30': { width: 64, height: 48, framerate: 30 },
    'framerate 0.5': { width: 64, height: 48, framerate: 0.5 },
    'framerate 0': { width: 64, height: 48, framerate: 0 },
    'framerate -1': { width: 64, height: 48, framerate: -1 },
    'constant': { width: 64, height: 48, bitrateMode: 'constant', bitrate: 300_000 },
    'quantizer': { width: 64, height: 48, bitrateMode: 'quantizer' },
    'bitrateMode bogus': { width: 64, height: 48, bitrateMode: 'bogus' },
    realtime: { width: 64, height: 48, latencyMode: 'realtime' },
    L1T1: { width: 64, height: 48, scalabilityMode: 'L1T1' },
    L1T2: { width: 64, height: 48, scalabilityMode: 'L1T2' },
    L1T3: { width: 64, height: 48, scalabilityMode: 'L1T3' },
    L2T1: { width: 64, height: 48, scalabilityMode: 'L2T1' },
    'scalabilityMode ABC': { width: 64, height: 48, scalabilityMode: 'ABC' },
    'alpha keep': { width: 64, height: 48, alpha: 'keep' },
    'alpha discard': { width: 64, height: 48, alpha: 'discard' },
    'prefer-hardware': { width: 64, height: 48, hardwareAcceleration: 'prefer-hardware' },
    'prefer-software': { width: 64, height: 48, hardwareAcceleration: 'prefer-software' },
    'contentHint text': { width: 64, height: 48, contentHint: 'text' },
    'avc annexb': { width: 64, height: 48, avc: { format: 'annexb' } },
    'avc avc': { width: 64, height: 48, avc: { format: 'avc' } },
    'avc bogus': { width: 64, height: 48, avc: { format: 'bogus' } },
    'hevc annexb': { width: 64, height: 48, hevc: { format: 'annexb' } },
    'an unknown member': { width: 64, height: 48, futureMember: 1 },
  };
  const out = [];
  for (const codec of VIDEO_CODECS) {
    for (const [v, extra] of Object.entries(variants)) out.push([`${codec} / ${v}`, { codec, ...extra }]);
  }
  return out;
}

/** [label, config] for AudioEncoder: rates and channels each encoder takes or not, and its options. */
function audioEncoderConfigs() {
  const out = [];
  for (const codec of AUDIO_CODECS) {
    for (const sampleRate of [7350, 8000, 22050, 44100, 48000, 96000, 192000, 655350, 768000, 2999, 0]) {
      for (const numberOfChannels of [1, 2, 3, 8, 9, 32, 33]) {
        out.push([`${codec} / ${sampleRate} Hz / ${numberOfChannels} ch`, { codec, sampleRate, numberOfChannels }]);
      }
    }
    const base = { codec, sampleRate: 48000, numberOfChannels: 2 };
    const options = {
      'bitrate 64k': { bitrate: 64_000 },
      'bitrate 0': { bitrate: 0 },
      constant: { bitrateMode: 'constant' },
      'bitrateMode quantizer': { bitrateMode: 'quantizer' },
      'opus defaults': { opus: {} },
      'opus ogg': { opus: { format: 'ogg' } },
      'opus complexity 10': { opus: { complexity: 10 } },
      'opus complexity 11': { opus: { complexity: 11 } },
      'opus frameDuration 2500': { opus: { frameDuration: 2500 } },
      'opus frameDuration 12345': { opus: { frameDuration: 12345 } },
      'opus packetlossperc 101': { opus: { packetlossperc: 101 } },
      'opus fec dtx voice voip': { opus: { useinbandfec: true, usedtx: true, signal: 'voice', application: 'voip' } },
      'aac adts': { aac: { format: 'adts' } },
      'aac bogus': { aac: { format: 'bogus' } },
      'flac blockSize 4608, level 8': { flac: { blockSize: 4608, compressLevel: 8 } },
      'flac level 9': { flac: { compressLevel: 9 } },
      'an unknown member': { futureMember: 1 },
    };
    for (const [o, extra] of Object.entries(options)) out.push([`${codec} / ${o}`, { ...base, ...extra }]);
  }
  return out;
}

async function answer(call) {
  try {
    const r = await call();
    return typeof r === 'boolean' ? r : { supported: r.supported, config: plain(r.config) };
  } catch (e) {
    return { error: e?.name ?? String(e) };
  }
}

async function answerAll(api) {
  const out = {};
  for (const [label, cases] of Object.entries(api.matrix)) {
    const Class = api.classes[label];
    const answers = {};
    for (const [name, config] of cases) {
      answers[name] = await answer(() => (label === 'ImageDecoder' ? Class.isTypeSupported(config) : Class.isConfigSupported(config)));
    }
    out[label] = answers;
  }
  return out;
}

export const supportScenarios = {
  /**
   * The matrix answered from the build, then by the loaded core:
   * { build: {VideoDecoder: {label: answer}, ...}, core: {...}, counts: {VideoDecoder: n, ...} }.
   */
  async supportAnswers(ctx, { fixtures = [] } = {}) {
    const { video, audio } = await fixtureConfigs(ctx, fixtures);
    const matrix = {
      VideoDecoder: videoDecoderConfigs(video),
      AudioDecoder: audioDecoderConfigs(audio),
      VideoEncoder: videoEncoderConfigs(),
      AudioEncoder: audioEncoderConfigs(),
      ImageDecoder: IMAGE_TYPES.map((type) => [JSON.stringify(type), type]),
    };
    const api = { matrix, classes: ctx.api };
    const build = await answerAll(api);
    ctx.testHooks.answerSupportFromLoadedCore(true);
    let core;
    try {
      core = await answerAll(api);
    } finally {
      ctx.testHooks.answerSupportFromLoadedCore(false);
    }
    const counts = Object.fromEntries(Object.entries(matrix).map(([k, v]) => [k, v.length]));
    return { build, core, counts };
  },

  /** One answer from each interface, timed from the time origin (page load); nothing else is done. */
  async supportWithoutCore(ctx) {
    const { api } = ctx;
    const answers = await Promise.all([
      api.VideoDecoder.isConfigSupported({ codec: 'vp09.00.10.08', codedWidth: 1280, codedHeight: 720 }).then((r) => r.supported),
      api.AudioDecoder.isConfigSupported({ codec: 'opus', sampleRate: 48000, numberOfChannels: 2 }).then((r) => r.supported),
      api.VideoEncoder.isConfigSupported({ codec: 'avc1.42001f', width: 640, height: 480, bitrate: 1e6 }).then((r) => r.supported),
      api.AudioEncoder.isConfigSupported({ codec: 'mp4a.40.2', sampleRate: 44100, numberOfChannels: 2 }).then((r) => r.supported),
      api.ImageDecoder.isTypeSupported('image/webp'),
      api.VideoDecoder.isConfigSupported({ codec: 'hvc1.1.6.L93.B0' }).then((r) => r.supported),
      api.VideoEncoder.isConfigSupported({ codec: 'hvc1.1.6.L93.B0', width: 640, height: 480 }).then((r) => r.supported),
      api.ImageDecoder.isTypeSupported('image/svg+xml'),
    ]);
    return { answers, ms: performance.now() };
  },
};
