// VideoEncoder and AudioEncoder in Node (pthreads build): every stream is read back by Debian's
// ffmpeg (the independent oracle) and by this package's decoders, and compared with the source.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { encodeScenarios } from '../browser/pages/encode_scenarios.mjs';
import { annexB, assertChunkSequence, assertEncoderApi, assertEncodersAtOnce, decodedAudio, decodedPsnr, ivf, probe } from '../encode_oracle.mjs';
import { makeSamples } from '../browser/pages/encode_sources.mjs';
import { importPackage, nodeContext } from './context.mjs';

let ctx;
const run = (name, params) => encodeScenarios[name](ctx, params);

/** Splits the scenario's concatenated stream back into chunks. */
function chunksOf(r) {
  const bytes = Buffer.from(r.stream, 'base64');
  let at = 0;
  return r.chunks.map((c) => {
    const data = bytes.subarray(at, at + c.size);
    at += c.size;
    return { ...c, data };
  });
}

const VIDEO_CASES = [
  { label: 'VP8 realtime, I420', codec: 'vp8', width: 320, height: 240, format: 'I420', extra: { latencyMode: 'realtime', bitrate: 1_000_000 }, profile: null },
  { label: 'VP9 profile 0, odd size, RGBA', codec: 'vp09.00.10.08', width: 161, height: 121, format: 'RGBA', extra: { bitrate: 800_000 }, profile: 'Profile 0' },
  { label: 'VP9 profile 2 10-bit, I420P10', codec: 'vp09.02.10.10', width: 192, height: 108, format: 'I420P10', extra: { bitrate: 800_000 }, profile: 'Profile 2', pixFmt: 'yuv420p10le' },
  { label: 'AV1 realtime, NV12', codec: 'av01.0.04M.08', width: 192, height: 108, format: 'NV12', extra: { latencyMode: 'realtime', bitrate: 600_000 }, profile: 'Main' },
  { label: 'AV1 10-bit, I420P10', codec: 'av01.0.04M.10', width: 128, height: 96, format: 'I420P10', extra: { bitrate: 600_000 }, profile: 'Main', pixFmt: 'yuv420p10le' },
  { label: 'H.264 constrained baseline, Annex B, BGRA', codec: 'avc1.42e01e', width: 320, height: 240, format: 'BGRA', extra: { bitrate: 1_000_000, avc: { format: 'annexb' } }, profile: 'Constrained Baseline' },
  { label: 'H.264 high, avcC, I444', codec: 'avc1.64001f', width: 320, height: 240, format: 'I444', extra: { bitrate: 1_000_000 }, profile: 'High' },
  { label: 'H.264 main, I422', codec: 'avc1.4d401e', width: 160, height: 120, format: 'I422', extra: { bitrate: 500_000 }, profile: 'Main' },
];

describe('encoders in Node', () => {
  before(async () => {
    ctx = nodeContext(await importPackage());
  });

  for (const c of VIDEO_CASES) {
    test(`${c.label}: ffmpeg decodes it to the source; our decoder too`, async () => {
      const frames = 20;
      const r = await run('encodeVideo', { config: { codec: c.codec, width: c.width, height: c.height, framerate: 30, ...c.extra }, frames, format: c.format, width: c.width, height: c.height });
      assertChunkSequence(r, frames);
      const dc = r.decoderConfig;
      assert.equal(dc.codedWidth, c.width);
      assert.equal(dc.codedHeight, c.height);
      // As Chromium: no display aspect unless the config sets a display size.
      assert.equal(dc.displayAspectWidth, undefined);
      assert.equal(dc.displayAspectHeight, undefined);
      assert.equal(dc.codec, c.codec);
      assert.equal(dc.hardwareAcceleration, 'no-preference');
      if (/^(RGB|BGR)/.test(c.format)) {
        assert.deepEqual(dc.colorSpace, { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'bt709', fullRange: true });
      }
      assert.equal(dc.rotation, 0);
      assert.equal(dc.flip, false);
      const chunks = chunksOf(r);
      let file;
      let name;
      if (c.codec.startsWith('avc')) {
        const annexb = c.extra.avc?.format === 'annexb';
        assert.equal(dc.description === undefined, annexb, 'avcC description exactly in the avc format');
        file = annexB(chunks, annexb ? null : Buffer.from(dc.description, 'base64'));
        name = 'stream.h264';
        if (annexb) assert.deepEqual([...chunks[0].data.subarray(0, 4)], [0, 0, 0, 1], 'Annex B start code');
      } else {
        file = ivf(c.codec, c.width, c.height, chunks);
        name = 'stream.ivf';
      }
      const { stream, packets } = probe(file, name);
      assert.equal(stream.width, c.width);
      assert.equal(stream.height, c.height);
      if (c.profile) assert.equal(stream.profile, c.profile);
      if (c.pixFmt) assert.equal(stream.pix_fmt, c.pixFmt);
      assert.equal(packets.filter((p) => p.flags.startsWith('K')).length >= 1, true);
      const psnrs = decodedPsnr(file, name, c.width, c.height, c.format);
      assert.equal(psnrs.length, frames, 'ffmpeg decodes every frame');
      assert.ok(Math.min(...psnrs) > 30, `ffmpeg's decode within 30 dB of the source: ${psnrs.map((p) => p.toFixed(1))}`);
      if (r.decoded) {
        assert.equal(r.decoded.error, null);
        assert.equal(r.decoded.frames.length, frames);
        const ours = r.decoded.frames.map((f) => f.psnr).filter((p) => p !== null);
        assert.ok(ours.every((p) => p > 30), `our decoder's PSNR: ${ours.map((p) => p.toFixed(1))}`);
      }
    });
  }

  test('frames of another size are scaled to the configured size', async () => {
    const r = await run('encodeVideo', { config: { codec: 'vp8', width: 160, height: 120 }, frames: 5, format: 'I420', width: 160, height: 120, frameWidth: 320, frameHeight: 240, decodeWith: 'none' });
    assert.equal(r.error, null);
    assert.equal(r.chunks.length, 5);
    const { stream } = probe(ivf('vp8', 160, 120, chunksOf(r)), 'scaled.ivf');
    assert.deepEqual([stream.width, stream.height], [160, 120]);
  });

  test('keyFrame: true forces a key chunk; no other key chunks in realtime mode', async () => {
    for (const codec of ['vp8', 'vp09.00.10.08', 'av01.0.04M.08', 'avc1.42001e']) {
      const r = await run('encodeVideo', { config: { codec, width: 128, height: 96, latencyMode: 'realtime' }, frames: 12, width: 128, height: 96, keyFrames: [5, 9], decodeWith: 'none' });
      assert.equal(r.error, null, codec);
      const keys = r.chunks.flatMap((c, i) => (c.type === 'key' ? [i] : []));
      assert.deepEqual(keys, [0, 5, 9], `${codec}: key chunks`);
    }
  });

  // Temporal scalability means a receiver may drop the upper layers: ffmpeg must decode the
  // chunks of layers 0..L alone, each frame to its source.
  test('scalabilityMode L1T2 and L1T3: temporalLayerId follows the pattern; lower layers decode alone', async () => {
    const cases = [
      ['vp8', 'L1T2', [0, 1]], ['vp09.00.10.08', 'L1T3', [0, 2, 1, 2]],
      ['av01.0.04M.08', 'L1T2', [0, 1]], ['av01.0.04M.08', 'L1T3', [0, 2, 1, 2]],
      ['avc1.42001e', 'L1T2', [0, 1]], ['avc1.64001f', 'L1T3', [0, 2, 1, 2]],
    ];
    for (const [codec, mode, pattern] of cases) {
      const frames = 12;
      // A forced key frame restarts the pattern.
      const r = await run('encodeVideo', { config: { codec, width: 160, height: 120, scalabilityMode: mode, bitrate: 400_000, latencyMode: 'realtime' }, frames, width: 160, height: 120, keyFrames: [7], decodeWith: 'none' });
      assertChunkSequence(r, frames);
      const expected = Array.from({ length: frames }, (_, i) => pattern[(i < 7 ? i : i - 7) % pattern.length]);
      assert.deepEqual(r.metadata.map((m) => m.svc?.temporalLayerId), expected, `${codec} ${mode}`);
      const chunks = chunksOf(r);
      for (const top of pattern.length === 2 ? [0] : [0, 1]) {
        const keep = expected.flatMap((layer, i) => (layer <= top ? [i] : []));
        const kept = keep.map((i) => chunks[i]);
        const avc = codec.startsWith('avc');
        const file = avc ? annexB(kept, Buffer.from(r.decoderConfig.description, 'base64')) : ivf(codec, 160, 120, kept);
        const psnrs = decodedPsnr(file, avc ? 'svc.h264' : 'svc.ivf', 160, 120, 'I420', keep);
        assert.equal(psnrs.length, keep.length, `${codec} ${mode}, layers 0..${top}: every kept frame decodes`);
        assert.ok(Math.min(...psnrs) > 28, `${codec} ${mode}, layers 0..${top}: ${psnrs.map((p) => p.toFixed(1))}`);
      }
    }
  });

  test('bitrateMode quantizer (VP9, AV1): each frame\'s quantizer decides its size', async () => {
    for (const [codec, family] of [['vp09.00.10.08', 'vp9'], ['av01.0.04M.08', 'av1']]) {
      // Alternating quantizers inside one stream: every frame follows its own.
      const qs = [8, 56, 8, 56, 8, 56, 8, 56];
      const r = await run('encodeVideo', {
        config: { codec, width: 160, height: 120, bitrateMode: 'quantizer', latencyMode: 'realtime' }, frames: qs.length, width: 160, height: 120,
        frameOptions: qs.map((q) => ({ [family]: { quantizer: q } })), decodeWith: 'none',
      });
      assertChunkSequence(r, qs.length);
      for (let i = 2; i < qs.length; i += 2) {
        assert.ok(r.chunks[i].size > 2 * r.chunks[i + 1].size, `${codec}: frame ${i} (q8) ${r.chunks[i].size} bytes, frame ${i + 1} (q56) ${r.chunks[i + 1].size}`);
      }
      assert.equal(decodedPsnr(ivf(codec, 160, 120, chunksOf(r)), 'q.ivf', 160, 120).length, qs.length);
      // A stream at q8 throughout is closer to the source than one at q56.
      const mean = {};
      for (const q of [8, 56]) {
        const one = await run('encodeVideo', {
          config: { codec, width: 160, height: 120, bitrateMode: 'quantizer', latencyMode: 'realtime' }, frames: 6, width: 160, height: 120,
          frameOptions: Array.from({ length: 6 }, () => ({ [family]: { quantizer: q } })), decodeWith: 'none',
        });
        const psnrs = decodedPsnr(ivf(codec, 160, 120, chunksOf(one)), 'q.ivf', 160, 120);
        mean[q] = psnrs.reduce((a, b) => a + b, 0) / psnrs.length;
      }
      assert.ok(mean[8] > mean[56] + 3, `${codec}: mean PSNR at q8 ${mean[8].toFixed(1)} dB, at q56 ${mean[56].toFixed(1)} dB`);
    }
  });

  // Chromium 156 (measured) changes the rate of its software encoders as they run: no key frame
  // and no new decoderConfig after a configure() that changes only bitrate or framerate.
  test('configure() with a new bitrate: no key frame, no new decoderConfig, the new rate applies', async () => {
    for (const codec of ['vp8', 'vp09.00.10.08', 'av01.0.04M.08', 'avc1.42001e']) {
      const base = { codec, width: 160, height: 120, framerate: 30, latencyMode: 'realtime', bitrateMode: 'constant' };
      const frames = 40;
      const r = await run('encodeVideo', {
        config: { ...base, bitrate: 60_000 }, frames, width: 160, height: 120, decodeWith: 'none',
        reconfigure: { 20: { ...base, bitrate: 1_500_000 } },
      });
      assertChunkSequence(r, frames);
      assert.deepEqual(r.chunks.flatMap((c, i) => (c.type === 'key' ? [i] : [])), [0], `${codec}: the only key chunk is the first`);
      const bytes = (from, to) => r.chunks.slice(from, to).reduce((n, c) => n + c.size, 0);
      assert.ok(bytes(30, 40) > 2 * bytes(10, 20), `${codec}: ${bytes(10, 20)} bytes before, ${bytes(30, 40)} after`);
      const avc = codec.startsWith('avc');
      const file = avc ? annexB(chunksOf(r), Buffer.from(r.decoderConfig.description, 'base64')) : ivf(codec, 160, 120, chunksOf(r));
      assert.equal(decodedPsnr(file, avc ? 'rate.h264' : 'rate.ivf', 160, 120).length, frames, `${codec}: ffmpeg decodes every frame`);
    }
  });

  // Issue #7: frames decoded by this package reach the encoder without a copy through JS; a
  // VideoFrame that crops a decoded one shares its pixels and goes by handle too.
  test('decoded frames go to the encoder by handle, whole or cropped, and nothing leaks', async () => {
    const before = await ctx.testHooks.liveCounts();
    for (const [from, to, crop] of [['vp8', 'avc1.42001e', null], ['avc1.42001e', 'vp09.00.10.08', { x: 16, y: 8, width: 96, height: 64 }]]) {
      const r = await run('transcodeDecodedFrames', { from, to, width: 160, height: 120, frames: 10, crop });
      assert.equal(r.error, null, `${from} -> ${to}`);
      assert.equal(r.chunks, 10);
      assert.equal(r.taken, 10, `${from} -> ${to}: every decoded frame went to the encoder by handle`);
      assert.equal(r.psnrs.length, 10);
      assert.ok(Math.min(...r.psnrs) > 28, `${from} -> ${to}: ${r.psnrs.map((p) => p.toFixed(1))}`);
    }
    let after = await ctx.testHooks.liveCounts();
    for (let i = 0; i < 60 && JSON.stringify(after) !== JSON.stringify(before); i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      after = await ctx.testHooks.liveCounts();
    }
    assert.deepEqual(after, before);
  });

  test('configure() with a new size: a key frame and a new decoderConfig', async () => {
    for (const codec of ['vp8', 'avc1.42001e']) {
      const r = await run('encodeVideo', {
        config: { codec, width: 160, height: 120 }, frames: 8, width: 160, height: 120, decodeWith: 'none',
        reconfigure: { 5: { codec, width: 320, height: 240 } },
      });
      assert.equal(r.error, null);
      assert.deepEqual(r.chunks.flatMap((c, i) => (c.type === 'key' ? [i] : [])), [0, 5], codec);
      assert.deepEqual(r.metadata.flatMap((m, i) => (m.decoderConfig ? [[i, m.decoderConfig.codedWidth, m.decoderConfig.codedHeight]] : [])), [[0, 160, 120], [5, 320, 240]], codec);
    }
  });

  test('several encoders at once; reset and close with frames queued leave nothing behind', async () => {
    assertEncodersAtOnce(await run('encodersAtOnce', {}));
  });

  test('orientation: the first frame\'s rotation and flip go into decoderConfig', async () => {
    const r = await run('encodeVideo', { config: { codec: 'vp8', width: 64, height: 48 }, frames: 2, width: 64, height: 48, orientation: { rotation: 90, flip: true }, decodeWith: 'none' });
    assert.equal(r.error, null);
    assert.equal(r.decoderConfig.rotation, 90);
    assert.equal(r.decoderConfig.flip, true);
  });

  test('displayWidth/displayHeight become the decoderConfig display aspect', async () => {
    const r = await run('encodeVideo', { config: { codec: 'vp8', width: 64, height: 48, displayWidth: 128, displayHeight: 48 }, frames: 1, width: 64, height: 48, decodeWith: 'none' });
    assert.deepEqual([r.decoderConfig.displayAspectWidth, r.decoderConfig.displayAspectHeight], [128, 48]);
  });

  test('API behaviour: exceptions, support answers, state machine, events', async () => {
    assertEncoderApi(await run('encoderApiBehaviour', {}));
  });

  // Audio: each stream round trips through our decoder, and where a plain file format exists
  // (ADTS, MP3, FLAC) through ffmpeg too.
  const AUDIO_CASES = [
    { label: 'Opus 48 kHz stereo', config: { codec: 'opus', sampleRate: 48000, numberOfChannels: 2, bitrate: 128000 }, minSnr: 20 },
    { label: 'Opus from 44.1 kHz mono (resampled to 48 kHz)', config: { codec: 'opus', sampleRate: 44100, numberOfChannels: 1 }, minSnr: null },
    { label: 'AAC-LC, ADTS', config: { codec: 'mp4a.40.2', sampleRate: 44100, numberOfChannels: 2, bitrate: 128000, aac: { format: 'adts' } }, minSnr: 20, file: 'audio.aac' },
    { label: 'AAC-LC, raw with AudioSpecificConfig', config: { codec: 'mp4a.40.2', sampleRate: 48000, numberOfChannels: 2, bitrate: 128000 }, minSnr: 20 },
    { label: 'FLAC (lossless to 16 bits)', config: { codec: 'flac', sampleRate: 48000, numberOfChannels: 2 }, minSnr: 80, file: 'audio.flac', lossless: true },
    { label: 'Vorbis', config: { codec: 'vorbis', sampleRate: 48000, numberOfChannels: 2, bitrate: 128000 }, minSnr: 20 },
    { label: 'MP3', config: { codec: 'mp3', sampleRate: 44100, numberOfChannels: 2, bitrate: 128000 }, minSnr: 20, file: 'audio.mp3' },
    { label: 'PCM s16', config: { codec: 'pcm-s16', sampleRate: 48000, numberOfChannels: 2 }, minSnr: 80, lossless: true },
    { label: 'G.711 µ-law', config: { codec: 'ulaw', sampleRate: 8000, numberOfChannels: 1 }, minSnr: 30 },
  ];
  // The bitrate is the average the stream spends (WebCodecs §5.6 AudioEncoderConfig.bitrate):
  // 'variable' is Opus' constrained VBR, AAC's ABR and LAME's ABR; 'constant' is CBR. Vorbis is
  // left out: libvorbis' managed mode picks a quality from the bitrate, which on this two-tone
  // signal spends a third of it (its estimate is made for music).
  const RATE_CASES = [
    { codec: 'opus', sampleRate: 48000, numberOfChannels: 2, bitrate: 128_000 },
    { codec: 'opus', sampleRate: 48000, numberOfChannels: 1, bitrate: 32_000, bitrateMode: 'constant' },
    { codec: 'mp4a.40.2', sampleRate: 48000, numberOfChannels: 2, bitrate: 128_000 },
    { codec: 'mp4a.40.2', sampleRate: 44100, numberOfChannels: 2, bitrate: 96_000, bitrateMode: 'constant' },
    { codec: 'mp3', sampleRate: 44100, numberOfChannels: 2, bitrate: 128_000 },
    { codec: 'mp3', sampleRate: 44100, numberOfChannels: 2, bitrate: 192_000, bitrateMode: 'constant' },
  ];
  for (const config of RATE_CASES) {
    test(`audio ${config.codec} ${config.bitrateMode ?? 'variable'} ${config.bitrate / 1000} kbit/s: the stream spends about that`, async () => {
      const seconds = 3;
      const r = await run('encodeAudio', { config, seconds, decodeWith: 'none' });
      assert.equal(r.error, null);
      const rate = (r.chunks.reduce((n, c) => n + c.size, 0) * 8) / seconds;
      const tolerance = config.bitrateMode === 'constant' ? 0.05 : 0.2;
      assert.ok(Math.abs(rate / config.bitrate - 1) < tolerance, `${(rate / 1000).toFixed(1)} kbit/s`);
    });
  }

  for (const c of AUDIO_CASES) {
    test(`audio ${c.label}: round trip`, async () => {
      const r = await run('encodeAudio', { config: c.config, seconds: 1, chunkFrames: 1000 });
      assert.equal(r.error, null, JSON.stringify(r.error));
      assert.ok(r.chunks.length > 0);
      assert.equal(r.chunks[0].timestamp, 0, 'the first chunk starts at the first input\'s timestamp');
      for (let i = 1; i < r.chunks.length; i++) {
        assert.equal(r.chunks[i].timestamp, r.chunks[i - 1].timestamp + r.chunks[i - 1].duration, `chunk ${i} follows the one before`);
      }
      assert.ok(r.chunks.every((ch) => ch.type === 'key'), 'audio chunks are key chunks');
      assert.equal(r.decoderConfig.codec, c.config.codec);
      assert.equal(r.decoderConfig.numberOfChannels, c.config.numberOfChannels);
      assert.ok(r.decoded, 'decoded back');
      assert.equal(r.decoded.error, null);
      if (c.minSnr !== null) assert.ok(r.decoded.snr > c.minSnr, `SNR ${r.decoded.snr?.toFixed(1)} dB`);
      if (c.lossless) {
        assert.equal(r.decoded.lag, 0);
        assert.ok(r.decoded.maxError <= 1 / 32768 + 1e-7, `max error ${r.decoded.maxError}`);
      }
      if (c.file) {
        let bytes = Buffer.concat(r.streamParts.map((p) => Buffer.from(p, 'base64')));
        if (c.config.codec === 'flac') bytes = Buffer.concat([Buffer.from(r.decoderConfig.description, 'base64'), bytes]);
        const { stream } = probe(bytes, c.file);
        assert.equal(stream.sample_rate, String(c.config.sampleRate));
        assert.equal(stream.channels, c.config.numberOfChannels);
        const decoded = decodedAudio(bytes, c.file, c.config.numberOfChannels);
        const source = makeSamples({ sampleRate: c.config.sampleRate, channels: 1, frames: c.config.sampleRate })[0];
        assert.ok(Math.abs(decoded.length - source.length) < 4096, `ffmpeg decodes ${decoded.length} frames of ${source.length}`);
        if (c.lossless) {
          let max = 0;
          for (let i = 0; i < source.length; i++) max = Math.max(max, Math.abs(decoded[i] - source[i]));
          assert.ok(max <= 1 / 32768 + 1e-7, `ffmpeg's FLAC decode is the source to 16 bits: ${max}`);
        }
      }
    });
  }
});
