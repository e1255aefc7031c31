// Type declarations of the package entry (dist/webcodecs-wasm.js); generated ones live in types/.
export * from './types/index';
