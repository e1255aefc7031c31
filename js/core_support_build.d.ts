/** What each build of the core supports, asked of the built cores by scripts/build-dist.mjs. */
declare module 'wcw:core-support' {
  /** One codec module (wasm-build/codec-modules.txt): its file and the FFmpeg codecs it registers. */
  interface CodecModuleInfo {
    file: string;
    /** The module linked with its codec library's wasm SIMD build, where there is one. */
    simdFile?: string;
    decoders: string[];
    encoders: string[];
  }
  interface CoreBuildSupport {
    /** FFmpeg decoder names (av_codec_iterate, every module loaded). */
    decoders: string[];
    /** FFmpeg encoder names. */
    encoders: string[];
    /** Image containers ImageDecoder reads ("gif", "png", ...). */
    imageContainers: string[];
    /** The codec modules, by name (js/codec_modules.ts). */
    modules: Record<string, CodecModuleInfo>;
  }
  export const coreSupport: { mt: CoreBuildSupport; st: CoreBuildSupport };
  /** Each module file's URL beside the bundle, by file name, written out per file so that
   *  bundlers see each `new URL('./file', import.meta.url)` and copy the file. */
  export const codecModuleUrls: { mt: Record<string, () => URL>; st: Record<string, () => URL> };
}
