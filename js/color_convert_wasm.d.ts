/** The two builds of src/color_convert, embedded by scripts/build-dist.mjs. */
declare module 'wcw:color-convert-wasm' {
  export const colorConvertWasm: { simd: Uint8Array<ArrayBuffer>; scalar: Uint8Array<ArrayBuffer> };
}
