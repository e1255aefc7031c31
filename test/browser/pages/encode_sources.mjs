// Deterministic synthetic sources for the encoder tests, made the same way in pages and in Node:
// smooth moving patterns (which every encoder can code well, so a low PSNR means a real fault),
// in every pixel format VideoFrame takes, and a two-tone stereo sound.

const clamp = (v) => Math.max(0, Math.min(255, Math.round(v)));

// Sample functions of picture `i` at (x, y); chroma at its own resolution.
const lumaAt = (x, y, i) => clamp(128 + 80 * Math.sin((x + 3 * i) / 13) * Math.cos((y - 2 * i) / 17));
const uAt = (x, y, i) => clamp(128 + 40 * Math.sin((x + y + i) / 11));
const vAt = (x, y, i) => clamp(128 + 40 * Math.cos((x - y - i) / 9));
const rgbAt = (x, y, i) => [
  clamp(128 + 100 * Math.sin((x + 3 * i) / 13)),
  clamp(128 + 100 * Math.cos((y - 2 * i) / 11)),
  clamp(128 + 100 * Math.sin((x + y + i) / 29)),
];

function plane(width, height, bytesPerSample, f) {
  const out = new Uint8Array(width * height * bytesPerSample);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = f(x, y);
      if (bytesPerSample === 1) out[y * width + x] = v;
      else {
        // 10-bit little-endian: the 8-bit value scaled by 4.
        const w = v * 4;
        out[2 * (y * width + x)] = w & 255;
        out[2 * (y * width + x) + 1] = w >> 8;
      }
    }
  }
  return out;
}

/** The typed arrays one after another, in one array of the first one's type (bytes if none). */
export function concat(parts) {
  const Type = parts[0]?.constructor ?? Uint8Array;
  const out = new Type(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The bytes of picture `index` in `format`, planes tightly packed (VideoFrame's buffer layout). */
export function frameBytes(format, width, height, index) {
  const i = index;
  if (['RGBA', 'RGBX', 'BGRA', 'BGRX'].includes(format)) {
    const out = new Uint8Array(width * height * 4);
    const bgr = format.startsWith('BGR');
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const [r, g, b] = rgbAt(x, y, i);
        const o = 4 * (y * width + x);
        out[o] = bgr ? b : r;
        out[o + 1] = g;
        out[o + 2] = bgr ? r : b;
        out[o + 3] = 255;
      }
    }
    return out;
  }
  const m = /^I(420|422|444)(A?)(P10)?$/.exec(format);
  if (format === 'NV12') {
    const cw = Math.ceil(width / 2);
    const ch = Math.ceil(height / 2);
    const uv = new Uint8Array(cw * ch * 2);
    for (let y = 0; y < ch; y++) {
      for (let x = 0; x < cw; x++) {
        uv[2 * (y * cw + x)] = uAt(x, y, i);
        uv[2 * (y * cw + x) + 1] = vAt(x, y, i);
      }
    }
    return concat([plane(width, height, 1, (x, y) => lumaAt(x, y, i)), uv]);
  }
  if (!m) throw new Error(`no synthetic source for ${format}`);
  const [subX, subY] = { 420: [2, 2], 422: [2, 1], 444: [1, 1] }[m[1]];
  const bytes = m[3] ? 2 : 1;
  const cw = Math.ceil(width / subX);
  const ch = Math.ceil(height / subY);
  const parts = [
    plane(width, height, bytes, (x, y) => lumaAt(x, y, i)),
    plane(cw, ch, bytes, (x, y) => uAt(x, y, i)),
    plane(cw, ch, bytes, (x, y) => vAt(x, y, i)),
  ];
  if (m[2]) parts.push(plane(width, height, bytes, () => 255));
  return concat(parts);
}

/**
 * Picture `index` as a VideoFrame of `api` (timestamp index × 33333 µs, duration 33333), or only
 * its bytes with `bytesOnly`.
 */
export function makeFrame(api, { format, width, height, index, orientation, bytesOnly = false }) {
  const data = frameBytes(format, width, height, index);
  if (bytesOnly) return data;
  return new api.VideoFrame(data, {
    format,
    codedWidth: width,
    codedHeight: height,
    timestamp: index * 33333,
    duration: 33333,
    ...(orientation ?? {}),
  });
}

/**
 * `frames` samples of each channel: a 440 Hz (even channels) or 1 kHz (odd) tone plus a rising
 * chirp, so that no shift of the signal resembles it (decoders' delays are found by alignment).
 */
export function makeSamples({ sampleRate, channels, frames }) {
  return Array.from({ length: channels }, (_, c) => {
    const out = new Float32Array(frames);
    const f = c % 2 === 0 ? 440 : 1000;
    for (let i = 0; i < frames; i++) {
      const t = i / sampleRate;
      out[i] = 0.3 * Math.sin(2 * Math.PI * f * t) + 0.1 * Math.sin(2 * Math.PI * (200 * t + 300 * t * t));
    }
    return out;
  });
}

/** PSNR in dB of `a` against `b`; with `step` 4, every fourth byte (alpha) is skipped. */
export function psnr(a, b, step = 1) {
  let sum = 0;
  let n = 0;
  for (let k = 0; k < Math.min(a.length, b.length); k++) {
    if (step === 4 && k % 4 === 3) continue;
    const d = a[k] - b[k];
    sum += d * d;
    n++;
  }
  if (sum === 0) return 99;
  return 10 * Math.log10((255 * 255 * n) / sum);
}
