/** What each build of the core supports, asked of the built cores by scripts/build-dist.mjs. */
declare module 'wcw:core-support' {
  interface CoreBuildSupport {
    /** FFmpeg decoder names (av_codec_iterate). */
    decoders: string[];
    /** FFmpeg encoder names. */
    encoders: string[];
    /** Image containers ImageDecoder reads ("gif", "png", ...). */
    imageContainers: string[];
  }
  export const coreSupport: { mt: CoreBuildSupport; st: CoreBuildSupport };
}
