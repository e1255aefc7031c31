// The independent oracle for encoder outputs: Debian's ffmpeg/ffprobe read the streams our
// encoders wrote (IVF for VP8/VP9/AV1, Annex B for H.264, ADTS/MP3/FLAC files for audio) and
// their decoded pictures are compared with the synthetic source.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { frameBytes, psnr } from './browser/pages/encode_sources.mjs';

const FOURCC = { vp8: 'VP80', vp09: 'VP90', av01: 'AV01' };

/** An IVF file of `chunks` (each {timestamp, data}), as libvpx's and libaom's tools write it. */
export function ivf(codec, width, height, chunks) {
  const header = Buffer.alloc(32);
  header.write('DKIF', 0, 'ascii');
  header.writeUInt16LE(0, 4);
  header.writeUInt16LE(32, 6);
  header.write(FOURCC[codec.slice(0, 4)] ?? FOURCC[codec], 8, 'ascii');
  header.writeUInt16LE(width, 12);
  header.writeUInt16LE(height, 14);
  header.writeUInt32LE(1000000, 16);
  header.writeUInt32LE(1, 20);
  header.writeUInt32LE(chunks.length, 24);
  const parts = [header];
  for (const c of chunks) {
    const h = Buffer.alloc(12);
    h.writeUInt32LE(c.data.length, 0);
    h.writeBigInt64LE(BigInt(c.timestamp), 4);
    parts.push(h, Buffer.from(c.data));
  }
  return Buffer.concat(parts);
}

/** H.264 chunks in the 'avc' format (4-byte lengths) as an Annex B stream, SPS/PPS from avcC first. */
export function annexB(chunks, avcC) {
  const start = Buffer.from([0, 0, 0, 1]);
  const parts = [];
  if (avcC) {
    let at = 5;
    const sps = avcC[at++] & 31;
    for (let i = 0; i < sps; i++) {
      const n = (avcC[at] << 8) | avcC[at + 1];
      parts.push(start, Buffer.from(avcC.subarray(at + 2, at + 2 + n)));
      at += 2 + n;
    }
    const pps = avcC[at++];
    for (let i = 0; i < pps; i++) {
      const n = (avcC[at] << 8) | avcC[at + 1];
      parts.push(start, Buffer.from(avcC.subarray(at + 2, at + 2 + n)));
      at += 2 + n;
    }
  }
  for (const c of chunks) {
    if (!avcC) {
      parts.push(Buffer.from(c.data));
      continue;
    }
    for (let at = 0; at < c.data.length; ) {
      const n = c.data.readUInt32BE(at);
      parts.push(start, Buffer.from(c.data.subarray(at + 4, at + 4 + n)));
      at += 4 + n;
    }
  }
  return Buffer.concat(parts);
}

function tempFile(name, bytes) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wcw-encode-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** ffprobe's view of a file's first stream and its packets. */
export function probe(bytes, name) {
  const file = tempFile(name, bytes);
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_streams', '-show_packets', '-of', 'json', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`ffprobe failed on ${name}: ${r.stderr}`);
  const json = JSON.parse(r.stdout);
  return { stream: json.streams[0], packets: json.packets ?? [] };
}

/**
 * ffmpeg decodes the file; each picture's PSNR against the synthetic source picture of its index:
 * luma for YUV sources; for RGB sources RGB, converted back from the BT.709 full-range YUV the
 * encoder was given (what decoderConfig.colorSpace says, as with native Chromium).
 */
export function decodedPsnr(bytes, name, width, height, sourceFormat = 'I420', sourceIndices = null) {
  const rgb = /^(RGB|BGR)/.test(sourceFormat);
  const file = tempFile(name, bytes);
  // YUV: the decoded planes as they are (8-bit I420; 'gray' would stretch limited-range luma).
  const convert = rgb ? ['-vf', 'scale=in_color_matrix=bt709:in_range=full,format=rgba'] : ['-pix_fmt', 'yuv420p'];
  // passthrough: one output per decoded frame (no duplicates to fill a constant frame rate).
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, ...convert, '-fps_mode', 'passthrough', '-f', 'rawvideo', '-'], { maxBuffer: 1 << 30 });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`ffmpeg could not decode ${name}: ${r.stderr}`);
  const size = rgb ? width * height * 4 : width * height;
  const frameSize = rgb ? size : size + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
  const out = [];
  for (let i = 0; (i + 1) * frameSize <= r.stdout.length; i++) {
    // Decoded frame i shows source frame sourceIndices[i] (all of them unless some were dropped).
    const source = frameBytes(rgb ? 'RGBA' : 'I420', width, height, sourceIndices?.[i] ?? i).subarray(0, size);
    out.push(psnr(new Uint8Array(r.stdout.buffer, r.stdout.byteOffset + i * frameSize, size), source, rgb ? 4 : 1));
  }
  return out;
}

/** SHA-256 of each picture ffmpeg decodes from `bytes`, as tight 8-bit I420 planes. */
export function decodedFrameHashes(bytes, name, width, height) {
  const file = tempFile(name, bytes);
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-fps_mode', 'passthrough', '-pix_fmt', 'yuv420p', '-f', 'rawvideo', '-'], { maxBuffer: 1 << 30 });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`ffmpeg could not decode ${name}: ${r.stderr}`);
  const size = width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
  const out = [];
  for (let at = 0; at + size <= r.stdout.length; at += size) out.push(createHash('sha256').update(r.stdout.subarray(at, at + size)).digest('hex'));
  return out;
}

/** ffmpeg decodes an audio file to f32 planar-less samples of channel 0 (interleaved stereo -> channel 0). */
export function decodedAudio(bytes, name, channels) {
  const file = tempFile(name, bytes);
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'f32le', '-acodec', 'pcm_f32le', '-'], { maxBuffer: 1 << 30 });
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  if (r.status !== 0) throw new Error(`ffmpeg could not decode ${name}: ${r.stderr}`);
  const all = new Float32Array(r.stdout.buffer.slice(r.stdout.byteOffset, r.stdout.byteOffset + r.stdout.length));
  const frames = Math.floor(all.length / channels);
  const first = new Float32Array(frames);
  for (let i = 0; i < frames; i++) first[i] = all[i * channels];
  return first;
}

/** What every encode must satisfy: one chunk per frame, the frames' timestamps and durations, a key first. */
export function assertChunkSequence(r, frames) {
  assert.equal(r.error, null, `encoder error: ${JSON.stringify(r.error)}`);
  assert.equal(r.chunks.length, frames, 'one chunk per frame');
  assert.deepEqual(r.chunks.map((c) => c.timestamp), Array.from({ length: frames }, (_, i) => i * 33333), 'chunk timestamps are the frames\'');
  assert.ok(r.chunks.every((c) => c.duration === 33333), 'chunk durations are the frames\'');
  assert.equal(r.chunks[0].type, 'key', 'the first chunk is a key chunk');
  assert.ok(r.metadata[0].decoderConfig, 'the first chunk carries metadata.decoderConfig');
  assert.ok(r.metadata.slice(1).every((m) => m.decoderConfig === null), 'later chunks carry no decoderConfig');
}

/** The encoder API's answers (encoderApiBehaviour), as the spec and native Chromium give them. */
export function assertEncoderApi(r) {
  assert.deepEqual(r.videoSupport, {
    empty: 'TypeError', width0: 'TypeError', display0: 'TypeError', bitrate0: 'TypeError', missingHeight: 'TypeError',
    vp8: true, vp9: true, vp9p2: true, av1: true, av1_10: true, avcBaseline: true, avcMain: true, avcHigh: true,
    avcLevelTooSmall: false, avcOdd: false, hevc: false, bogus: false, badScalability: false, preferHardware: false,
    vp8L1T2: true, vp9L1T3: true, vp9Quantizer: true,
    // As native Chromium 156 answers (measured): no quantizer mode on openh264, no alpha.
    av1Quantizer: true, avcQuantizer: false, av1L1T2: true, av1L1T3: true, avcL1T2: true, avcL1T3: true,
    vp8AlphaKeep: false, vp9AlphaKeep: false,
  });
  assert.deepEqual(r.audioSupport, {
    empty: 'TypeError', rate0: 'TypeError', channels0: 'TypeError', opus: true, opusComplexity11: 'TypeError',
    opusBadFrameDuration: 'TypeError', aac: true, flac: true, vorbis: true, mp3: true, pcm: true, ulaw: true, bogus: false,
  });
  assert.deepEqual(r.configClone, {
    keys: ['alpha', 'avc', 'bitrate', 'bitrateMode', 'codec', 'contentHint', 'framerate', 'hardwareAcceleration', 'height', 'latencyMode', 'width'],
    avc: { format: 'annexb' },
  });
  assert.equal(r.initialState, 'unconfigured');
  assert.equal(r.encodeUnconfigured, 'InvalidStateError');
  assert.equal(r.flushUnconfigured, 'InvalidStateError');
  assert.equal(r.configureInvalid, 'TypeError');
  assert.equal(r.stateAfterConfigure, 'configured');
  assert.equal(r.encodeClosedFrame, 'TypeError');
  assert.equal(r.encodeNotAFrame, 'TypeError');
  assert.equal(r.queueAfterEncode, 1);
  assert.equal(r.encodeOtherOrientation, 'DataError');
  assert.equal(r.dequeueEvents, true);
  assert.equal(r.queueAfterFlush, 0);
  assert.equal(r.flushAfterReset, 'AbortError');
  assert.equal(r.stateAfterReset, 'unconfigured');
  assert.equal(r.stateAfterClose, 'closed');
  assert.equal(r.configureClosed, 'InvalidStateError');
  assert.deepEqual(r.errorsCalled, []);
  assert.deepEqual(r.unsupportedConfigure, { name: 'NotSupportedError', state: 'closed' });
  assert.equal(r.audioMismatch, 'EncodingError');
}

/** encodersAtOnce: every encoder finished with all its chunks; abandoned flushes rejected; no leaks. */
export function assertEncodersAtOnce(r) {
  r.runs.forEach((run, i) => {
    assert.equal(run.error, null, `run ${i}: ${JSON.stringify(run.error)}`);
    assert.ok(run.chunks > 0 && run.keys >= 1, `run ${i}: ${run.chunks} chunks, ${run.keys} key`);
  });
  assert.deepEqual(r.runs.slice(0, 4).map((run) => run.chunks), [6, 6, 6, 6], 'one chunk per frame for each video encoder');
  assert.deepEqual(r.abandoned, ['AbortError', 'AbortError']);
  // A session of earlier work that was still closing may finish meanwhile: never more than before.
  if (r.before) {
    assert.ok(r.after.sessions <= r.before.sessions && r.after.frames <= r.before.frames,
      `live sessions and buffers back to where they were: before ${JSON.stringify(r.before)}, after ${JSON.stringify(r.after)}`);
  }
}
