/**
 * Whether this engine runs wasm SIMD (fixed-width SIMD, in every engine since 2021; Safari from
 * 16.4). The builds with SIMD code, the codec modules' SIMD variants (js/codec_modules.ts) and
 * the colour conversion (js/color_convert.ts), are used only where it does.
 */

/** A minimal module with a SIMD instruction (43 bytes): one function returning `v128.const 0`. */
const simdProbe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version 1
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type section: () -> v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x0b, // code: v128.const 0
]);

let supported: boolean | undefined;

export function wasmSimdSupported(): boolean {
  return (supported ??= WebAssembly.validate(simdProbe));
}
