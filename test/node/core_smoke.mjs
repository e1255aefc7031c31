// Smoke check of a wasm mt node build: load, open a session, decode H.264, get frames through
// onCodecWake + popOutput, tear down without leaks.
//   node --no-experimental-fetch test/node/core_smoke.mjs build/wasm-mt/webcodecs-core-mt-node.cjs
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { splitAtAccessUnitDelimiters } from './annexb_access_units.mjs';

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
check(M.hasDecoder('h264') && M.hasDecoder('libdav1d') && !M.hasDecoder('nope'), 'hasDecoder');
// ImageDecoder (issue #9) needs FFmpeg's image decoders (png and apng through zlib).
for (const name of ['png', 'apng', 'gif', 'mjpeg', 'bmp', 'webp']) check(M.hasDecoder(name), `hasDecoder('${name}')`);

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
console.log(`wasm smoke OK: ${frames.length} frames, first ${JSON.stringify({ ...f, planes: f.planes.length })}`);
process.exit(0);
