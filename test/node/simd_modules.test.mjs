// The codec modules' SIMD variants (docs/SIMD.md): where the engine has wasm SIMD they are what
// loads, and they encode the same bytes as the scalar modules (libvpx's and libaom's x86 kernels
// are exact against their C ones; Emscripten's SSE translation must keep them so).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ivf, decodedPsnr } from '../encode_oracle.mjs';

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), 'simd_modules_child.mjs');

function encodeWith(build) {
  const r = spawnSync(process.execPath, [child, build], { encoding: 'utf8', maxBuffer: 1 << 26 });
  assert.equal(r.status, 0, `child (${build}) failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1));
}

test('libvpx and libaom: the SIMD modules load by default and encode exactly what the scalar ones do', () => {
  const auto = encodeWith('auto');
  const scalar = encodeWith('scalar');
  assert.equal(auto.build, 'simd', 'Node has wasm SIMD');
  for (const module of ['vpx-enc', 'av1-enc']) {
    assert.ok(auto.linked.includes(`webcodecs-${module}-simd-mt.wasm`), `linked: ${auto.linked}`);
    assert.ok(!auto.linked.includes(`webcodecs-${module}-mt.wasm`));
    assert.ok(scalar.linked.includes(`webcodecs-${module}-mt.wasm`), `linked: ${scalar.linked}`);
  }
  assert.equal(scalar.build, 'scalar');
  for (const name of ['vp9', 'vp9-10bit', 'av1', 'av1-10bit']) {
    assert.equal(auto.streams[name].chunks.length, 24);
    assert.ok(auto.streams[name].stream === scalar.streams[name].stream, `${name}: the SIMD module's stream differs from the scalar one's`);
  }
  // VP8's bytes depend on timing (libvpx picks its realtime speed from it): ffmpeg decodes the
  // SIMD module's stream to the source instead.
  const { stream, chunks } = auto.streams.vp8;
  assert.equal(chunks.length, 24);
  const bytes = Buffer.from(stream, 'base64');
  let at = 0;
  const file = ivf('vp8', 320, 240, chunks.map((c) => ({ ...c, data: bytes.subarray(at, (at += c.size)) })));
  const psnrs = decodedPsnr(file, 'stream.ivf', 320, 240, 'I420');
  assert.equal(psnrs.length, 24);
  assert.ok(Math.min(...psnrs) > 30, `VP8 (SIMD) within 30 dB of the source: ${psnrs.map((p) => p.toFixed(1))}`);
});
