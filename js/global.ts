/**
 * Entry of the classic-script build (`<script src="webcodecs-wasm.global.js">`): defines the
 * WebCodecs globals that are missing, and exposes the module as `globalThis.WebCodecsWasm`.
 */
import * as WebCodecsWasm from './index';

WebCodecsWasm.install();
Object.defineProperty(globalThis, 'WebCodecsWasm', {
  value: WebCodecsWasm,
  writable: true,
  configurable: true,
  enumerable: false,
});
