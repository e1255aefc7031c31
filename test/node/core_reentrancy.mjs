// Regression test (wasm mt node build): the owner's core calls must never be re-entered by
// Module.onCodecWake. Emscripten runs queued main-thread calls (MAIN_THREAD_ASYNC_EM_ASM) whenever
// the main thread waits on a contended futex (a malloc or mutex lock inside popOutput,
// releaseFrame, commitInput, ...). A wake that drained the session there re-entered popOutput,
// which then returned a record mixing two frames (one frame's timestamp and handle, a later
// frame's planes) after the later ones: in about 1 of 30 decodes one frame came out of order
// with another frame's pixels.
//   node --no-experimental-fetch test/node/core_reentrancy.mjs [build/wasm-mt/webcodecs-core-mt-node.cjs] [runs]
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { splitAtAccessUnitDelimiters } from './annexb_access_units.mjs';
import { loadCodecModules } from './core_modules.mjs';

const modulePath = path.resolve(process.argv[2] ?? 'build/wasm-mt/webcodecs-core-mt-node.cjs');
const runs = Number(process.argv[3] ?? 200);
const require = createRequire(import.meta.url);
const createWebCodecsCore = require(modulePath);

const W = 320;
const H = 180;
const FRAMES = 30;
// Baseline profile (no reordering: every decode can output a frame at once), with access unit
// delimiters to split at, and the oracle: the same stream decoded by the ffmpeg CLI.
const stream = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i',
  `testsrc2=size=${W}x${H}:rate=30`, '-frames:v', String(FRAMES), '-c:v', 'libx264', '-profile:v',
  'baseline', '-x264-params', 'aud=1', '-f', 'h264', '-']);
const raw = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'h264', '-i', '-',
  '-f', 'rawvideo', '-pix_fmt', 'yuv420p', '-'], { input: stream, maxBuffer: 1 << 26 });
const frameBytes = (W * H * 3) / 2;
const sha = (b) => crypto.createHash('sha256').update(b).digest('hex');
const oracle = [];
for (let i = 0; i < FRAMES; i++) oracle.push(sha(raw.subarray(i * frameBytes, (i + 1) * frameBytes)));
const chunks = splitAtAccessUnitDelimiters(stream);

const M = await createWebCodecsCore({});
await loadCodecModules(M, modulePath, ['h264-dec']);
const fail = (what) => { console.error('FAIL:', what); process.exit(1); };
if (chunks.length !== FRAMES) fail(`split ${chunks.length} chunks`);

// Every call into the core goes through call(), so a wake that arrives inside one is counted.
let inside = null;
const nestedWakes = {};
const call = (name, fn) => {
  const outer = inside;
  inside = name;
  try { return fn(); } finally { inside = outer; }
};

let session;
let onOutput;
// As SharedTransport does: drain on each wake and from a timer; read and release each frame in a
// later task.
const drain = () => {
  for (let o; session && (o = call('popOutput', () => session.popOutput())) !== null;) onOutput(o);
};
M.onCodecWake = () => {
  if (inside) nestedWakes[inside] = (nestedWakes[inside] ?? 0) + 1;
  drain();
};
const timer = setInterval(drain, 1);

function picture(o) {
  const heap = new Uint8Array(M.wasmMemory.buffer);
  const out = new Uint8Array(frameBytes);
  let at = 0;
  o.planes.forEach((p, i) => {
    const w = i ? W / 2 : W;
    const h = i ? H / 2 : H;
    for (let y = 0; y < h; y++, at += w) out.set(heap.subarray(p.ptr + y * p.stride, p.ptr + y * p.stride + w), at);
  });
  return out;
}

let badRuns = 0;
for (let run = 0; run < runs; run++) {
  const seen = [];
  const result = new Promise((resolve) => {
    onOutput = (o) => setImmediate(() => {
      if (o.type === 'frame') {
        seen.push({ index: Math.round(o.timestamp / 33333), hash: sha(picture(o)) });
        call('releaseFrame', () => M.releaseFrame(o.handle));
      } else if (o.type === 'flushed') resolve();
      else if (o.type === 'error') fail(`error output ${o.name}: ${o.message}`);
    });
  });
  session = call('new CodecSession', () => new M.CodecSession('video-decoder', 1 << 20, 1));
  if (!call('configure', () => session.configure(1, { codec: 'h264', threads: 2, lowDelay: false }))) fail('configure');
  for (let i = 0; i < chunks.length; i++) {
    let ptr;
    while ((ptr = call('reserveInput', () => session.reserveInput(chunks[i].length))) === 0) await new Promise((r) => setTimeout(r, 1));
    new Uint8Array(M.wasmMemory.buffer, ptr, chunks[i].length).set(chunks[i]);
    call('commitInput', () => session.commitInput(2 + i, i * 33333, 33333, i === 0, chunks[i].length, 0));
    drain();
  }
  while (!call('flush', () => session.flush(100))) await new Promise((r) => setTimeout(r, 1));
  const deadline = setTimeout(() => fail(`run ${run}: timed out waiting for flushed`), 20000);
  await result;
  clearTimeout(deadline);
  call('delete', () => session.delete());
  session = undefined;
  const wrong = seen.map((f, k) => (f.index === k && f.hash === oracle[k] ? '' : `#${k}: frame ${f.index}${f.hash === oracle[f.index] ? '' : ` with the pixels of ${oracle.indexOf(f.hash)}`}`)).filter(Boolean);
  if (seen.length !== FRAMES) wrong.push(`${seen.length} frames`);
  if (wrong.length) {
    badRuns++;
    console.error(`run ${run}: ${wrong.join(', ')}`);
  }
}
clearInterval(timer);
// delete() returns at once; each codec thread tears down and then exits.
for (let i = 0; i < 200 && M.liveSessionCount() !== 0; i++) await new Promise((r) => setTimeout(r, 10));
if (M.liveFrameCount() !== 0 || M.liveSessionCount() !== 0) fail('frames or sessions left alive');
console.log(`${runs} runs: ${badRuns} with wrong output, wakes inside a core call: ${JSON.stringify(nestedWakes)}`);
if (badRuns || Object.keys(nestedWakes).length) fail('onCodecWake re-entered the core');
console.log('PASS');
process.exit(0);
