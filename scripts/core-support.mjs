// Prints what a built core supports, as JSON, by loading it and asking it (src/bindings.cc):
// its FFmpeg decoders and encoders and the image containers it reads. scripts/build-dist.mjs
// embeds the answer so that isConfigSupported()/isTypeSupported() need not load the core.
//   node scripts/core-support.mjs <wasm-mt build dir> <wasm-st build dir>
// → {"mt": {"decoders": [...], "encoders": [...], "imageContainers": [...]}, "st": {...}}
// Run as its own process: the pthreads build's pool threads would keep a caller alive.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [mtDir, stDir] = process.argv.slice(2).map((dir) => path.resolve(dir));

function describe(core) {
  const sorted = (names) => [...names].sort();
  return {
    decoders: sorted(core.codecNames(false)),
    encoders: sorted(core.codecNames(true)),
    imageContainers: sorted(core.imageContainerNames()),
  };
}

// The pthreads build for Node: the same .wasm as the browser's (build-dist.mjs checks that).
const mtFactory = createRequire(import.meta.url)(path.join(mtDir, 'webcodecs-core-mt-node.cjs'));
const mt = await mtFactory({ wasmBinary: readFileSync(path.join(mtDir, 'webcodecs-core-mt-node.wasm')) });

// The single-threaded build is linked for web and worker only; given its wasm bytes it needs
// nothing from either environment to instantiate.
const { default: stFactory } = await import(pathToFileURL(path.join(stDir, 'webcodecs-core-st.mjs')).href);
const st = await stFactory({ wasmBinary: readFileSync(path.join(stDir, 'webcodecs-core-st.wasm')) });

process.stdout.write(`${JSON.stringify({ mt: describe(mt), st: describe(st) })}\n`);
process.exit(0);
