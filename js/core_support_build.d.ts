/** What each build of the core supports, asked of the built cores by scripts/build-dist.mjs. */
declare module 'wcw:core-support' {
  /** One codec module (wasm-build/codec-modules.txt): its file and the FFmpeg codecs it registers. */
  interface CodecModuleInfo {
    file: string;
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
  /** Each module's URL beside the bundle, written out per module so that bundlers see each
   *  `new URL('./file', import.meta.url)` and copy the file. */
  export const codecModuleUrls: { mt: Record<string, () => URL>; st: Record<string, () => URL> };
}
