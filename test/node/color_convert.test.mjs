// VideoFrame.copyTo() to RGB formats in Node: the SIMD and scalar wasm builds of src/color_convert
// give identical bytes, and both stay within ±1 of a floating-point evaluation of the YUV → RGB
// equations (ITU-R BT.601/709/2020, limited and full range), for every YUV format, odd sizes and
// rects. The reference rounds each chroma coefficient to 1/64, as libyuv (and so Chromium) does:
// exact coefficients would differ by up to 3 on saturated colours, which is what native gives.
// The side-by-side check against Chromium's own conversion (±1) lives in the browser tests.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { importPackage } from './context.mjs';

let mod;

function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296);
}

const KR_KB = { bt709: [0.2126, 0.0722], smpte170m: [0.299, 0.114], bt470bg: [0.299, 0.114], 'bt2020-ncl': [0.2627, 0.0593] };

/** The reference: H.273 equations in floating point; chroma repeated; coefficients in 1/64, blue's U gain capped at 2 as in Chromium. */
function referencePixel(y, u, v, colorSpace, bits) {
  const known = colorSpace.matrix in KR_KB;
  const [kr, kb] = known ? KR_KB[colorSpace.matrix] : KR_KB.smpte170m;
  const full = known && colorSpace.fullRange === true;
  const scale = 2 ** (bits - 8);
  // High-depth luma is widened to 16 bits by repeating its top bits (1023 → 65535), as in libyuv.
  const y8 = ((y << (16 - bits)) | (y >> (2 * bits - 16))) / 257;
  const u8 = Math.min(255, Math.floor(u / scale)) - 128;
  const v8 = Math.min(255, Math.floor(v / scale)) - 128;
  const luma = full ? y8 : ((y8 - 16) * 255) / 219;
  const c = full ? 1 : 255 / 224;
  const kg = 1 - kr - kb;
  const q = (x) => Math.round(x * 64) / 64;
  const r = luma + q(2 * (1 - kr) * c) * v8;
  const g = luma - q(((2 * kb * (1 - kb)) / kg) * c) * u8 - q(((2 * kr * (1 - kr)) / kg) * c) * v8;
  const b = luma + Math.min(2, q(2 * (1 - kb) * c)) * u8;
  return [r, g, b].map((x) => Math.min(255, Math.max(0, x)));
}

const FORMATS = {
  I420: { sx: 2, sy: 2, bits: 8 }, I420P10: { sx: 2, sy: 2, bits: 10 }, I420P12: { sx: 2, sy: 2, bits: 12 },
  I422: { sx: 2, sy: 1, bits: 8 }, I422P10: { sx: 2, sy: 1, bits: 10 }, I444: { sx: 1, sy: 1, bits: 8 },
  I444P12: { sx: 1, sy: 1, bits: 12 }, NV12: { sx: 2, sy: 2, bits: 8, nv12: true },
  I420A: { sx: 2, sy: 2, bits: 8, alpha: true }, I444AP10: { sx: 1, sy: 1, bits: 10, alpha: true },
};

/** A frame of random samples, and a reader of its planes for the reference. */
function makeFrame(format, width, height, colorSpace, seed) {
  const f = FORMATS[format];
  const rnd = random(seed);
  const cw = Math.ceil(width / f.sx), ch = Math.ceil(height / f.sy);
  const max = 2 ** f.bits;
  const sample = () => Math.floor(rnd() * max);
  const y = Array.from({ length: width * height }, sample);
  const u = Array.from({ length: cw * ch }, sample);
  const v = Array.from({ length: cw * ch }, sample);
  // Some fully transparent pixels, the rest opaque or translucent.
  const a = f.alpha ? Array.from({ length: width * height }, () => (rnd() < 0.2 ? 0 : sample())) : [];
  let samples;
  if (f.nv12) {
    const uv = [];
    for (let i = 0; i < u.length; i++) uv.push(u[i], v[i]);
    samples = [...y, ...uv];
  } else {
    samples = [...y, ...u, ...v, ...a];
  }
  const data = f.bits > 8 ? new Uint16Array(samples) : new Uint8Array(samples);
  const frame = new mod.VideoFrame(data, { format, codedWidth: width, codedHeight: height, timestamp: 0, colorSpace });
  const at = (x, py) => ({
    y: y[py * width + x],
    u: u[Math.floor(py / f.sy) * cw + Math.floor(x / f.sx)],
    v: v[Math.floor(py / f.sy) * cw + Math.floor(x / f.sx)],
    a: f.alpha ? a[py * width + x] : undefined,
  });
  return { frame, at, bits: f.bits };
}

async function copyRgb(frame, options) {
  const out = new Uint8Array(frame.allocationSize(options));
  const layout = await frame.copyTo(out, options);
  return { out, layout };
}

const COLOR_SPACES = [
  { matrix: 'bt709', fullRange: false }, { matrix: 'bt709', fullRange: true }, { matrix: 'smpte170m', fullRange: false },
  { matrix: 'bt470bg', fullRange: true }, { matrix: 'bt2020-ncl', fullRange: false }, { matrix: 'bt2020-ncl', fullRange: true },
  { matrix: 'rgb', fullRange: true }, {},
];

describe('copyTo() RGB conversion (src/color_convert)', () => {
  before(async () => {
    mod = await importPackage();
  });

  for (const format of Object.keys(FORMATS)) {
    test(`${format}: SIMD and scalar builds agree, and both are within ±1 of the reference`, async () => {
      let seed = 1;
      for (const colorSpace of COLOR_SPACES) {
        for (const [width, height, rect] of [[37, 9, undefined], [16, 4, { x: 2, y: 2, width: 12, height: 2 }], [1, 1, undefined], [19, 7, { x: 4, y: 2, width: 15, height: 5 }]]) {
          const { frame, at, bits } = makeFrame(format, width, height, colorSpace, seed++);
          for (const target of ['RGBA', 'BGRX']) {
            const options = { format: target, rect };
            mod.__testHooks.useColorConvertBuild('scalar');
            const scalar = await copyRgb(frame, options);
            mod.__testHooks.useColorConvertBuild('simd');
            const simd = await copyRgb(frame, options);
            const what = `${format} ${JSON.stringify(colorSpace)} ${width}x${height} rect ${JSON.stringify(rect)} → ${target}`;
            assert.deepEqual(simd.out, scalar.out, `${what}: SIMD and scalar bytes`);
            const r = rect ?? { x: 0, y: 0, width, height };
            assert.deepEqual(simd.layout, [{ offset: 0, stride: r.width * 4 }], `${what}: layout`);
            const [ri, bi] = target === 'RGBA' ? [0, 2] : [2, 0];
            for (let py = 0; py < r.height; py++) {
              for (let px = 0; px < r.width; px++) {
                const s = at(r.x + px, r.y + py);
                const o = (py * r.width + px) * 4;
                const got = [simd.out[o + ri], simd.out[o + 1], simd.out[o + bi]];
                // Alpha formats keep alpha in the fourth byte of X targets too, as Chromium does.
                const alpha = s.a === undefined ? 255 : Math.min(255, s.a >> (bits - 8));
                assert.equal(simd.out[o + 3], alpha, `${what}: alpha at ${px},${py}`);
                const expected = alpha === 0 ? [0, 0, 0] : referencePixel(s.y, s.u, s.v, colorSpace, bits);
                for (let c = 0; c < 3; c++) {
                  assert.ok(Math.abs(got[c] - expected[c]) <= 1, `${what}: pixel ${px},${py} channel ${c}: ${got[c]} vs ${expected[c].toFixed(2)}`);
                }
              }
            }
          }
          frame.close();
        }
      }
    });
  }

  test('RGB frames: byte-order swaps keep the fourth byte; display-p3 maps sRGB primaries', async () => {
    const data = Uint8Array.from({ length: 5 * 3 * 4 }, (_, i) => (i * 29 + 7) % 256);
    const frame = new mod.VideoFrame(data, { format: 'RGBA', codedWidth: 5, codedHeight: 3, timestamp: 0 });
    for (const build of ['scalar', 'simd']) {
      mod.__testHooks.useColorConvertBuild(build);
      const same = (await copyRgb(frame, { format: 'RGBA' })).out;
      assert.deepEqual(same, data, `${build}: RGBA → RGBA`);
      const swapped = (await copyRgb(frame, { format: 'BGRA' })).out;
      for (let i = 0; i < data.length; i += 4) {
        assert.deepEqual([...swapped.subarray(i, i + 4)], [data[i + 2], data[i + 1], data[i], data[i + 3]], `${build}: BGRA pixel ${i / 4}`);
      }
    }
    // Pure sRGB red in Display P3 (CSS Color 4: color(display-p3 0.9175 0.2003 0.1386)).
    const red = new mod.VideoFrame(new Uint8Array([255, 0, 0, 255]), { format: 'RGBX', codedWidth: 1, codedHeight: 1, timestamp: 0 });
    const p3 = (await copyRgb(red, { format: 'RGBA', colorSpace: 'display-p3' })).out;
    assert.deepEqual([...p3], [234, 51, 35, 255]);
    red.close();
    frame.close();
  });

  test('format and colorSpace validation', async () => {
    const frame = new mod.VideoFrame(new Uint8Array(6), { format: 'I420', codedWidth: 2, codedHeight: 2, timestamp: 0 });
    assert.throws(() => frame.allocationSize({ format: 'NV12' }), { name: 'NotSupportedError' });
    assert.throws(() => frame.allocationSize({ format: 'I420' }), { name: 'NotSupportedError' });
    assert.throws(() => frame.allocationSize({ format: 'RGB' }), TypeError);
    assert.throws(() => frame.allocationSize({ format: 'RGBA', colorSpace: 'rec2020' }), TypeError);
    assert.throws(() => frame.allocationSize({ format: 'RGBA', layout: [{ offset: 0, stride: 7 }] }), TypeError);
    assert.equal(frame.allocationSize({ format: 'RGBA', layout: [{ offset: 3, stride: 9 }] }), 3 + 9 * 2);
    await assert.rejects(frame.copyTo(new Uint8Array(15), { format: 'RGBA' }), TypeError);
    const hdr = new mod.VideoFrame(new Uint8Array(6), { format: 'I420', codedWidth: 2, codedHeight: 2, timestamp: 0, colorSpace: { transfer: 'pq', matrix: 'bt2020-ncl', primaries: 'bt2020' } });
    assert.throws(() => hdr.allocationSize({ format: 'RGBA' }), { name: 'NotSupportedError' });
    hdr.close();
    frame.close();
    assert.throws(() => frame.allocationSize({ format: 'RGBA' }), { name: 'InvalidStateError' });
  });
});
