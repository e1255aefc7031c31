// The package's "./auto" entry, copied into dist/ as is: importing it installs the WebCodecs
// interfaces the platform lacks (install(), js/index.ts) and re-exports the package. Not
// bundled, so that it and "webcodecs-wasm" are one module instance: one VideoFrame class.
import { install } from './webcodecs-wasm.js';

install();
export * from './webcodecs-wasm.js';
