// Prints what a built core supports, as JSON, by loading it and asking it (src/bindings.cc):
// its FFmpeg decoders and encoders with every codec module loaded, the image containers it
// reads, and its codec modules (codec-modules.json of wasm-build/link-codec-modules.mjs).
// scripts/build-dist.mjs embeds the answer so that isConfigSupported()/isTypeSupported() need
// not load the core.
//   node scripts/core-support.mjs <wasm-mt build dir> <wasm-st build dir>
// → {"mt": {"decoders": [...], "encoders": [...], "imageContainers": [...], "modules": {...}}, "st": {...}}
// Run as its own process: the pthreads build's pool threads would keep a caller alive.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [mtDir, stDir] = process.argv.slice(2).map((dir) => path.resolve(dir));

const sorted = (names) => [...names].sort();
const modulesOf = (dir) => JSON.parse(readFileSync(path.join(dir, 'codec-modules', 'codec-modules.json'), 'utf8'));

function describe(core) {
  return {
    decoders: sorted(core.codecNames(false)),
    encoders: sorted(core.codecNames(true)),
    imageContainers: sorted(core.imageContainerNames()),
  };
}

/**
 * Links every module into a loaded core, one at a time (src/codec_modules.h), and notes the
 * FFmpeg decoders and encoders each one registered (the names configure() uses, e.g.
 * "libvpx-vp9" for the component libvpx_vp9).
 */
async function loadModules(core, dir, modules) {
  const described = {};
  for (const [name, { file, simdFile }] of Object.entries(modules)) {
    const before = describe(core);
    await new Promise((resolve, reject) => {
      const bytes = readFileSync(path.join(dir, 'codec-modules', file));
      core.loadCodecModule(file, bytes, (error) => (error === null ? resolve() : reject(new Error(`${file}: ${error}`))));
    });
    const after = describe(core);
    const added = (role) => after[role].filter((codec) => !before[role].includes(codec));
    // A module's SIMD variant (js/codec_modules.ts) registers the same codecs.
    described[name] = { file, ...(simdFile && { simdFile }), decoders: added('decoders'), encoders: added('encoders') };
  }
  return described;
}

// The pthreads build for Node: the same .wasm as the browser's (build-dist.mjs checks that).
const mtFactory = createRequire(import.meta.url)(path.join(mtDir, 'webcodecs-core-mt-node.cjs'));
const mt = await mtFactory({ wasmBinary: readFileSync(path.join(mtDir, 'webcodecs-core-mt-node.wasm')) });

const mtModules = await loadModules(mt, mtDir, modulesOf(mtDir));
const mtSupport = { ...describe(mt), modules: mtModules };

// The single-threaded build is linked for web and worker only; given its wasm bytes it needs
// nothing from either environment to instantiate, but it can fetch its modules only there. Its
// modules are linked from the same table (checked here), so they register the same codecs.
const { default: stFactory } = await import(pathToFileURL(path.join(stDir, 'webcodecs-core-st.mjs')).href);
const st = await stFactory({ wasmBinary: readFileSync(path.join(stDir, 'webcodecs-core-st.wasm')) });
const stTable = modulesOf(stDir);
const mtTable = modulesOf(mtDir);
const stModules = {};
for (const [name, { file, simdFile, components }] of Object.entries(stTable)) {
  if (JSON.stringify(components) !== JSON.stringify(mtTable[name]?.components)) throw new Error(`codec module ${name} differs between mt and st`);
  const { simdFile: _mtSimdFile, ...described } = mtModules[name];
  stModules[name] = { ...described, file, ...(simdFile && { simdFile }) };
}
const stSupport = { ...describe(st), decoders: mtSupport.decoders, encoders: mtSupport.encoders, modules: stModules };

process.stdout.write(`${JSON.stringify({ mt: mtSupport, st: stSupport })}\n`);
process.exit(0);
