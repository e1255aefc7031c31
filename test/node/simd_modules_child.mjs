// Encodes with the libvpx and libaom encoders in a process of its own, with the codec modules' SIMD or
// scalar variant (one variant per core: a process each), for simd_modules.test.mjs.
//   node simd_modules_child.mjs <simd|scalar|auto>
// Prints one JSON line: the variant in use, the module files linked, and each stream (base64).
import { writeSync } from 'node:fs';
import { encodeScenarios } from '../browser/pages/encode_scenarios.mjs';
import { importPackage, nodeContext } from './context.mjs';

const build = process.argv[2];
const mod = await importPackage();
if (build !== 'auto') mod.__testHooks.useCodecModuleBuild(build);
const ctx = nodeContext(mod);

// VP9 and AV1 are deterministic; libvpx's VP8 realtime mode picks its speed from the time
// frames take (vp8_auto_select_speed), so its bytes cannot be compared.
const cases = {
  vp9: { codec: 'vp09.00.10.08', width: 320, height: 240, format: 'I420', latencyMode: 'realtime' },
  'vp9-10bit': { codec: 'vp09.02.10.10', width: 192, height: 108, format: 'I420P10', latencyMode: 'quality' },
  vp8: { codec: 'vp8', width: 320, height: 240, format: 'I420', latencyMode: 'realtime' },
  av1: { codec: 'av01.0.04M.08', width: 320, height: 240, format: 'I420', latencyMode: 'realtime' },
  'av1-10bit': { codec: 'av01.0.04M.10', width: 192, height: 108, format: 'I420P10', latencyMode: 'quality' },
};
const streams = {};
for (const [name, { codec, width, height, format, latencyMode }] of Object.entries(cases)) {
  const r = await encodeScenarios.encodeVideo(ctx, {
    config: { codec, width, height, framerate: 30, bitrate: 600_000, latencyMode }, frames: 24, format, width, height, decodeWith: 'none',
  });
  if (r.error) throw new Error(`${name}: ${r.error}`);
  streams[name] = { stream: r.stream, chunks: r.chunks };
}
// Synchronously, every byte: the exit below would cut an asynchronous write to a pipe, and a
// synchronous one may write part.
const out = Buffer.from(`${JSON.stringify({ build: mod.__testHooks.codecModuleBuild(), linked: mod.__testHooks.linkedCodecModules(), streams })}\n`);
for (let at = 0; at < out.length;) {
  try {
    at += writeSync(1, out, at);
  } catch (e) {
    if (e.code !== 'EAGAIN') throw e;
  }
}
process.exit(0);
