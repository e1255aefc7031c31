// ImageDecoder in Node (where no platform decoder exists) against ffmpeg, an oracle independent
// of the polyfill's container readers: every frame of every test image (test/fixtures/make_images.sh)
// must equal ffmpeg's own demux and decode of the file, in the format the polyfill gives (BGRA
// for RGB images, as native Chromium; I420/I422/I444 for YCbCr JPEGs), byte for byte. JPEGs are
// libjpeg-turbo's: their BGRX equals djpeg's; their planes equal ffmpeg's with the same integer
// IDCT (`-idct int`) within 1 (its last rounding differs; jpeg_test.cc holds them exactly).
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { decodeImage } from '../browser/pages/image_decoder_scenarios.mjs';
import { fixturesDir } from '../browser/checks.mjs';
import { importPackage, nodeContext } from './context.mjs';

const imagesDir = path.join(fixturesDir, 'images');
const IMAGES = JSON.parse(fs.readFileSync(path.join(imagesDir, 'images.json'), 'utf8'));
/** ffmpeg's pixel format for ours; the YUV formats are the decoder's own planes (no conversion). */
const FFMPEG_FORMATS = { BGRX: 'bgra', BGRA: 'bgra', I420: null, I422: null, I444: null, I420P10: null, I444P10: null };
/**
 * Images ffmpeg 5.1 cannot be the oracle of here; each is checked elsewhere: animated WebP
 * (no decoder in ffmpeg 5.1) against libwebp's WebPAnimDecoder and AVIF against avifdec in the
 * native tests, and all of them against native Chromium in the browser tests.
 */
const NOT_FFMPEG = new Set(['anim.webp', 'still.avif', 'alpha10.avif', 'anim.avif']);

/** ffmpeg's decode of `file`: every frame in `pixFmt`, back to back. */
function ffmpegFrames(file, pixFmt) {
  // Unrotated (EXIF orientation is the frame's rotation, not its bytes), one output per frame.
  return execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-noautorotate',
    ...(file.endsWith('.jpg') ? ['-idct', 'int'] : []), '-i', path.join(imagesDir, file),
    '-fps_mode', 'passthrough', ...(pixFmt ? ['-pix_fmt', pixFmt] : []), '-f', 'rawvideo', '-'], { maxBuffer: 1 << 28 });
}

/** djpeg's decode of a JPEG (the same library and settings as the polyfill's), as BGRX. */
function djpegBgrx(file) {
  const pnm = execFileSync('djpeg', ['-dct', 'int', '-pnm', path.join(imagesDir, file)], { maxBuffer: 1 << 28 });
  const [, kind, width, height] = /^P([56])\s+(\d+)\s+(\d+)\s+255\s/.exec(pnm.toString('latin1', 0, 64));
  const channels = kind === '6' ? 3 : 1;
  const samples = pnm.subarray(pnm.length - width * height * channels);
  const bgrx = Buffer.alloc(width * height * 4, 255);
  for (let i = 0; i < width * height; ++i) {
    for (let c = 0; c < 3; ++c) bgrx[4 * i + 2 - c] = samples[channels * i + (channels === 3 ? c : 0)];
  }
  return bgrx;
}

describe('ImageDecoder in Node against ffmpeg', () => {
  let ctx;
  before(async () => {
    ctx = nodeContext(await importPackage());
  });

  for (const image of IMAGES.filter((i) => !NOT_FFMPEG.has(i.file))) {
    test(`${image.file}: every frame equals ffmpeg's decode`, async () => {
      const r = await decodeImage(ctx, image);
      const format = r.frames[0].format;
      assert.ok(format in FFMPEG_FORMATS, `format ${format}`);
      const jpeg = image.type === 'image/jpeg';
      const expected = jpeg && format === 'BGRX' ? djpegBgrx(image.file) : ffmpegFrames(image.file, FFMPEG_FORMATS[format]);
      const tolerance = jpeg && format !== 'BGRX' ? 1 : 0;
      const frameSize = expected.length / r.frames.length;
      assert.ok(Number.isInteger(frameSize), `ffmpeg gave ${expected.length} bytes for ${r.frames.length} frames`);
      r.frames.forEach((frame, i) => {
        assert.equal(frame.format, format);
        const ours = Buffer.from(frame.bytes, 'base64');
        const theirs = expected.subarray(i * frameSize, (i + 1) * frameSize);
        let max = 0;
        for (let j = 0; j < ours.length; ++j) max = Math.max(max, Math.abs(ours[j] - theirs[j]));
        assert.ok(max <= tolerance, `frame ${i} differs from its oracle's by up to ${max}`);
      });
    });
  }
});
