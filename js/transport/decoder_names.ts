/**
 * The FFmpeg decoders the core was configured with, from wasm-build/ffmpeg-codecs.txt (the build
 * script defines this constant), so the Worker can ask the core which of them it really has.
 */
declare const __WCW_DECODERS__: readonly string[];
export const DECODER_NAMES: readonly string[] = __WCW_DECODERS__;
