// Type declarations of the "./auto" entry (dist/webcodecs-wasm.auto.js): the package's own.
export * from './webcodecs-wasm';
