/**
 * The FFmpeg decoders and encoders the core was configured with, from wasm-build/ffmpeg-codecs.txt
 * (the build script defines these constants), so the Worker can ask the core which it really has.
 */
declare const __WCW_DECODERS__: readonly string[];
declare const __WCW_ENCODERS__: readonly string[];
export const DECODER_NAMES: readonly string[] = __WCW_DECODERS__;
export const ENCODER_NAMES: readonly string[] = __WCW_ENCODERS__;
