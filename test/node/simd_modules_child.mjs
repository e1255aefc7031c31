// Encodes with the libvpx encoders in a process of its own, with the codec modules' SIMD or
// scalar variant (one variant per core: a process each), for simd_modules.test.mjs.
//   node simd_modules_child.mjs <simd|scalar|auto>
// Prints one JSON line: the variant in use, the module files linked, and each stream (base64).
import { encodeScenarios } from '../browser/pages/encode_scenarios.mjs';
import { importPackage, nodeContext } from './context.mjs';

const build = process.argv[2];
const mod = await importPackage();
if (build !== 'auto') mod.__testHooks.useCodecModuleBuild(build);
const ctx = nodeContext(mod);

// VP9 at realtime speed is deterministic; libvpx's VP8 realtime mode picks its speed from the
// time frames take (vp8_auto_select_speed), so only VP9's bytes can be compared.
const cases = {
  vp9: { codec: 'vp09.00.10.08', width: 320, height: 240, format: 'I420', latencyMode: 'realtime' },
  'vp9-10bit': { codec: 'vp09.02.10.10', width: 192, height: 108, format: 'I420P10', latencyMode: 'quality' },
  vp8: { codec: 'vp8', width: 320, height: 240, format: 'I420', latencyMode: 'realtime' },
};
const streams = {};
for (const [name, { codec, width, height, format, latencyMode }] of Object.entries(cases)) {
  const r = await encodeScenarios.encodeVideo(ctx, {
    config: { codec, width, height, framerate: 30, bitrate: 600_000, latencyMode }, frames: 24, format, width, height, decodeWith: 'none',
  });
  if (r.error) throw new Error(`${name}: ${r.error}`);
  streams[name] = { stream: r.stream, chunks: r.chunks };
}
process.stdout.write(`${JSON.stringify({ build: mod.__testHooks.codecModuleBuild(), linked: mod.__testHooks.linkedCodecModules(), streams })}\n`);
process.exit(0);
