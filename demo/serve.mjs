// Builds and serves the demo (`make demo`):
//   http://127.0.0.1:8080/demo/  cross-origin isolated: the pthreads build
//   http://127.0.0.1:8081/demo/  not isolated: the single-threaded build in a Worker
//   node demo/serve.mjs [--port 8080] [--build-only]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { repoRoot, startServer } from '../scripts/static_server.mjs';

/** Type-checks and bundles demo/app.ts (with mediabunny), and makes the sample files once. */
export async function buildDemo() {
  // The demo is typed against the package's own declarations (dist/webcodecs-wasm.d.ts).
  execFileSync(process.execPath, [path.join(repoRoot, 'node_modules/typescript/bin/tsc'), '-p', path.join(repoRoot, 'demo/tsconfig.json')], { stdio: 'inherit' });
  await build({
    entryPoints: [path.join(repoRoot, 'demo/app.ts')],
    bundle: true,
    minify: true,
    format: 'esm',
    outfile: path.join(repoRoot, 'build/demo/app.js'),
    external: ['/dist/*'],
    logLevel: 'warning',
  });
  const dir = path.join(repoRoot, 'build/demo/media');
  mkdirSync(dir, { recursive: true });
  const make = (name, args) => {
    const out = path.join(dir, name);
    if (!existsSync(out)) execFileSync('ffmpeg', ['-loglevel', 'error', '-y', ...args, out], { stdio: 'pipe' });
  };
  const picture = ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30:duration=6'];
  const sound = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=6,volume=0.3'];
  make('h264-aac.mp4', [...picture, ...sound, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-ac', '2', '-shortest']);
  make('vp9-opus.webm', [...picture, ...sound, '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '1M', '-c:a', 'libopus', '-shortest']);
  make('anim.gif', ['-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=5:duration=2', '-loop', '0']);
  make('vorbis.ogg', [...sound, '-c:a', 'libvorbis', '-ac', '2']);
  make('av1-flac.mkv', [...picture, ...sound, '-c:v', 'libsvtav1', '-preset', '10', '-pix_fmt', 'yuv420p', '-c:a', 'flac', '-shortest']);
}

if (process.argv[1] === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2);
  const port = Number(args[args.indexOf('--port') + 1] || 8080);
  await buildDemo();
  if (!args.includes('--build-only')) {
    const isolated = await startServer({ isolated: true, port });
    const plain = await startServer({ isolated: false, port: port + 1 });
    console.log(`webcodecs-wasm demo: ${isolated.url}/demo/  (cross-origin isolated: pthreads build)`);
    console.log(`                     ${plain.url}/demo/  (not isolated: single-threaded build in a Worker)`);
  }
}
