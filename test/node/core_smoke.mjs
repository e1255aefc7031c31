// Smoke check of a wasm mt node build: load, open a session, decode H.264, get frames through
// onCodecWake + popOutput, tear down without leaks.
//   node --no-experimental-fetch test/node/core_smoke.mjs build/wasm-mt/webcodecs-core-mt-node.cjs
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { splitAtAccessUnitDelimiters } from './annexb_access_units.mjs';
import { loadCodecModules } from './core_modules.mjs';

const modulePath = path.resolve(process.argv[2] ?? 'build/wasm-mt/webcodecs-core-mt-node.cjs');
const require = createRequire(import.meta.url);
const createWebCodecsCore = require(modulePath);

// 10 frames of Annex B H.264 with access unit delimiters, split at each delimiter (NAL type 9).
const stream = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i',
  'testsrc2=size=320x240:rate=30', '-frames:v', '10', '-c:v', 'libx264', '-x264-params', 'aud=1',
  '-f', 'h264', '-']);
const chunks = splitAtAccessUnitDelimiters(stream);

const M = await createWebCodecsCore({});
const check = (cond, what) => { if (!cond) { console.error('FAIL:', what); process.exit(1); } };
// The core starts with no codec; each codec module registers its own (docs/MODULE_SPLIT.md).
check(!M.hasDecoder('h264') && M.codecNames(false).length === 0, 'no decoder before a module loads');
await loadCodecModules(M, modulePath, ['h264-dec']);
check(M.hasDecoder('h264') && !M.hasDecoder('libdav1d') && !M.hasDecoder('nope'), 'hasDecoder after h264-dec');
await loadCodecModules(M, modulePath);
check(M.hasDecoder('libdav1d') && M.hasEncoder('libaom-av1'), 'every module loaded');
// ImageDecoder needs FFmpeg's image decoders (png and apng through zlib); WebP is libwebp's.
for (const name of ['png', 'apng', 'gif', 'bmp']) check(M.hasDecoder(name), `hasDecoder('${name}')`);

const outputs = [];
let done;
const finished = new Promise((resolve) => { done = resolve; });
const session = new M.CodecSession('video-decoder', 1 << 20, 7);
M.onCodecWake = (id) => {
  check(id === 7, 'wake session id');
  for (let o; (o = session.popOutput()) !== null;) {
    outputs.push(o);
    if (o.type === 'flushed') done();
  }
};
check(session.configure(1, { codec: 'h264', threads: 2, lowDelay: false }), 'configure');
chunks.forEach((chunk, i) => {
  const ptr = session.reserveInput(chunk.length);
  check(ptr > 0, 'reserveInput');
  new Uint8Array(M.wasmMemory.buffer, ptr, chunk.length).set(chunk);
  session.commitInput(2 + i, i * 33333, 33333, i === 0, chunk.length, 0);
});
check(session.flush(100), 'flush');
const timer = setTimeout(() => check(false, 'timed out waiting for flushed'), 10000);
await finished;
clearTimeout(timer);

const frames = outputs.filter((o) => o.type === 'frame');
check(frames.length === chunks.length, `frames: ${frames.length} of ${chunks.length}`);
const f = frames[0];
check(f.format === 'I420' && f.codedWidth === 320 && f.visibleHeight === 240 && f.planes.length === 3,
  'frame layout ' + JSON.stringify(f));
const y = new Uint8Array(M.wasmMemory.buffer, f.planes[0].ptr, f.planes[0].stride * 240);
check(y.some((v) => v !== y[0]), 'Y plane has picture content');
check(M.liveFrameCount() === frames.length, 'frames held');
for (const frame of frames) M.releaseFrame(frame.handle);
M.releaseFrame(f.handle);  // idempotent
session.delete();  // returns at once; the codec thread tears down and then exits
for (let i = 0; i < 200 && M.liveSessionCount() !== 0; i++) await new Promise((r) => setTimeout(r, 10));
check(M.liveFrameCount() === 0 && M.liveSessionCount() === 0, 'everything freed');

// ImageDecoder's session (issue #9): an animated GIF in two pieces, then frame 2, whose pixels
// must equal ffmpeg's own decode of that frame (BGRA bytes, labelled BGRX: it is opaque, as native says).
const gif = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i',
  'testsrc2=size=32x16:rate=10', '-frames:v', '3', '-loop', '0', '-f', 'gif', '-']);
const expectedFrame2 = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'gif', '-i', '-',
  '-vf', 'select=eq(n\\,2)', '-pix_fmt', 'bgra', '-f', 'rawvideo', '-'], { input: gif });
const image = new M.CodecSession('image-decoder', 1 << 20, 8);
const imageOutputs = [];
let imageDone;
const imageFinished = new Promise((resolve) => { imageDone = resolve; });
M.onCodecWake = () => {
  for (let o; (o = image.popOutput()) !== null;) {
    imageOutputs.push(o);
    if (o.type === 'frame' || o.type === 'error') imageDone();
  }
};
check(image.configure(1, { codec: 'gif', threads: 1, lowDelay: false }), 'image configure');
// ImageInputHeader {op, frameIndex}: 1 append (bytes follow), 2 end, 3 decode.
const imageTask = (seq, op, frameIndex, bytes = new Uint8Array(0)) => {
  const ptr = image.reserveInput(8 + bytes.length);
  check(ptr > 0, 'image reserveInput');
  new Uint32Array(M.wasmMemory.buffer, ptr, 2).set([op, frameIndex]);
  new Uint8Array(M.wasmMemory.buffer, ptr + 8, bytes.length).set(bytes);
  image.commitInput(seq, 0, -1, false, 8 + bytes.length, 0);
};
imageTask(2, 1, 0, gif.subarray(0, 300));
imageTask(3, 1, 0, gif.subarray(300));
imageTask(4, 2, 0);
imageTask(5, 3, 2);
const imageTimer = setTimeout(() => check(false, 'timed out waiting for the image frame'), 10000);
await imageFinished;
clearTimeout(imageTimer);
const tracks = imageOutputs.filter((o) => o.type === 'image-track');
const track = tracks[tracks.length - 1];
check(track && track.frameCount === 3 && track.complete && track.animated && track.repetitionCount === Infinity,
  'image track ' + JSON.stringify(track));
const imageFrame = imageOutputs.find((o) => o.type === 'frame');
check(imageFrame && imageFrame.format === 'BGRX' && imageFrame.codedWidth === 32 && imageFrame.timestamp === 200000,
  'image frame ' + JSON.stringify(imageOutputs));
const plane = imageFrame.planes[0];
let same = expectedFrame2.length === 32 * 16 * 4;
for (let row = 0; row < 16 && same; row++) {
  const got = new Uint8Array(M.wasmMemory.buffer, plane.ptr + row * plane.stride, 32 * 4);
  same = got.every((v, i) => v === expectedFrame2[row * 32 * 4 + i]);
}
check(same, 'GIF frame 2 equals ffmpeg\'s decode');
M.releaseFrame(imageFrame.handle);
image.delete();
for (let i = 0; i < 200 && M.liveSessionCount() !== 0; i++) await new Promise((r) => setTimeout(r, 10));
check(M.liveFrameCount() === 0 && M.liveSessionCount() === 0, 'image session freed');

console.log(`wasm smoke OK: ${frames.length} frames, first ${JSON.stringify({ ...f, planes: f.planes.length })}`);
process.exit(0);
