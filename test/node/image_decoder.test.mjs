// ImageDecoder in Node (where no platform decoder exists) against ffmpeg, an oracle independent
// of the polyfill's container readers: every frame of every test image (test/fixtures/make_images.sh)
// must equal ffmpeg's own demux and decode of the file, in the format the polyfill gives (BGRA
// for RGB images, as native Chromium; I420 for 4:2:0 JPEGs), byte for byte.
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
/** ffmpeg's pixel format for ours; I420 is the decoder's own planes (no conversion). */
const FFMPEG_FORMATS = { BGRX: 'bgra', BGRA: 'bgra', I420: null };
/**
 * Images ffmpeg 5.1 cannot be the oracle of here; each is checked elsewhere: animated WebP
 * (no decoder in ffmpeg 5.1) against libwebp's WebPAnimDecoder and AVIF against avifdec in the
 * native tests, and all of them against native Chromium in the browser tests; the 4:2:2 JPEG's
 * BGRA comes from swscale's horizontal chroma upsampling, which ffmpeg's CLI filter graph sets
 * up differently (native Chromium is its oracle, within the JPEG tolerance).
 */
const NOT_FFMPEG = new Set(['anim.webp', 'still.avif', 'alpha10.avif', 'anim.avif', '422.jpg']);

/** ffmpeg's decode of `file`: every frame in `pixFmt`, back to back. */
function ffmpegFrames(file, pixFmt) {
  // Unrotated (EXIF orientation is the frame's rotation, not its bytes), one output per frame.
  return execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-noautorotate', '-i', path.join(imagesDir, file),
    '-fps_mode', 'passthrough', ...(pixFmt ? ['-pix_fmt', pixFmt] : []), '-f', 'rawvideo', '-'], { maxBuffer: 1 << 28 });
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
      const expected = ffmpegFrames(image.file, FFMPEG_FORMATS[format]);
      const frameSize = expected.length / r.frames.length;
      assert.ok(Number.isInteger(frameSize), `ffmpeg gave ${expected.length} bytes for ${r.frames.length} frames`);
      r.frames.forEach((frame, i) => {
        assert.equal(frame.format, format);
        const ours = Buffer.from(frame.bytes, 'base64');
        const theirs = expected.subarray(i * frameSize, (i + 1) * frameSize);
        let max = 0;
        for (let j = 0; j < ours.length; ++j) max = Math.max(max, Math.abs(ours[j] - theirs[j]));
        assert.equal(max, 0, `frame ${i} differs from ffmpeg's by up to ${max}`);
      });
    });
  }
});
