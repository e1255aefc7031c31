/**
 * The public surface of webcodecs-wasm: the WebCodecs interfaces as ES exports (a ponyfill), and
 * install() to define them as globals (a polyfill).
 */
import { AudioData } from './audio_data';
import { AudioDecoder } from './audio_decoder';
import { AudioEncoder } from './audio_encoder';
import { EncodedAudioChunk } from './encoded_audio_chunk';
import { EncodedVideoChunk } from './encoded_video_chunk';
import { VideoColorSpace } from './video_color_space';
import { VideoDecoder } from './video_decoder';
import { ImageDecoder } from './image_decoder';
import { ImageTrack, ImageTrackList } from './image_track';
import { VideoEncoder } from './video_encoder';
import { VideoFrame } from './video_frame';
import { HybridAudioDecoder } from './hybrid_audio_decoder';
import { HybridAudioEncoder } from './hybrid_audio_encoder';
import { HybridVideoDecoder } from './hybrid_video_decoder';
import { HybridVideoEncoder } from './hybrid_video_encoder';
import { isPackageClass } from './platform_media';
import { getTransport } from './core_loader';
import { answerSupportFromLoadedCore } from './core_support';
import { installCanvasPatches } from './canvas_patches';
import { installMediaPosting } from './media_posting';
import { useColorConvertBuild } from './color_convert';
import { codecModuleBuild, useCodecModuleBuild } from './codec_modules';
import { codecThreads } from './thread_policy';
import { frameDrawingContext, FrameDrawingPath, useFrameDrawingPath } from './video_frame_webgl';
import { lastFrameDrawingPath } from './video_frame_drawing';

/**
 * Makes canvas drawImage(), createImageBitmap() and WebGL texImage2D()/texSubImage2D() accept this
 * package's VideoFrames. install() calls it; ES-module users who do not install the globals call
 * it themselves before drawing frames.
 */
export { installCanvasPatches };
export { reviveMedia, serializeMedia } from './media_messages';
export { setCodecLogLevel } from './codec_log';
export { runtimeInfo } from './runtime_info';
export type { RuntimeInfo } from './runtime_info';
export type { CodecLogLevel } from './codec_log';
export type { AudioDataMessage, EncodedChunkMessage, MediaMessage, SerializeOptions, VideoFrameMessage } from './media_messages';
export { AudioData, AudioDecoder, AudioEncoder, EncodedAudioChunk, EncodedVideoChunk, ImageDecoder, ImageTrack, ImageTrackList };
export { VideoColorSpace, VideoDecoder, VideoEncoder, VideoFrame };
/**
 * The hybrid codec interfaces (ponyfill use; install({hybrid: true}) defines them as the globals):
 * each configuration runs on the browser's own codec where it supports it, else on this package's.
 */
export { HybridAudioDecoder, HybridAudioEncoder, HybridVideoDecoder, HybridVideoEncoder };
export { hybridImplementation } from './hybrid_codec';
export type { CodecImplementation } from './hybrid_codec';
export type { ColorSpaceConversion, ImageDecodeOptions, ImageDecodeResult, ImageDecoderInit } from './image_decoder';
export type { AudioDataCopyToOptions, AudioDataInit, AudioSampleFormat } from './audio_data';
export type { AudioDecoderInit } from './audio_decoder';
export type { AudioDecoderConfig, AudioDecoderSupport } from './audio_decoder_config';
export type { AudioEncoderInit, EncodedAudioChunkMetadata } from './audio_encoder';
export type {
  AacBitstreamFormat,
  AudioEncoderConfig,
  AudioEncoderSupport,
  BitrateMode,
  OpusApplication,
  OpusBitstreamFormat,
  OpusEncoderConfig,
  OpusSignal,
} from './audio_encoder_config';
export type { CodecState, WebCodecsErrorCallback } from './codec_base';
export type { EncodedAudioChunkInit, EncodedAudioChunkType } from './encoded_audio_chunk';
export type { EncodedVideoChunkInit, EncodedVideoChunkType } from './encoded_video_chunk';
export type {
  VideoColorPrimaries,
  VideoColorSpaceInit,
  VideoMatrixCoefficients,
  VideoTransferCharacteristics,
} from './video_color_space';
export type { VideoDecoderInit } from './video_decoder';
export type { HardwareAcceleration, VideoDecoderConfig, VideoDecoderSupport } from './video_decoder_config';
export type { EncodedVideoChunkMetadata, VideoEncoderInit } from './video_encoder';
export type {
  AlphaOption,
  AvcBitstreamFormat,
  HevcBitstreamFormat,
  LatencyMode,
  VideoEncoderBitrateMode,
  VideoEncoderConfig,
  VideoEncoderEncodeOptions,
  VideoEncoderSupport,
} from './video_encoder_config';
export type {
  PlaneLayout,
  VideoFrameBufferInit,
  VideoFrameCopyToOptions,
  VideoFrameInit,
  VideoFrameMetadata,
  VideoFrameRect,
  VideoPixelFormat,
} from './video_frame';

/** The interfaces install() defines, by global name. */
export const webCodecsInterfaces = {
  AudioData,
  AudioDecoder,
  AudioEncoder,
  EncodedAudioChunk,
  EncodedVideoChunk,
  ImageDecoder,
  ImageTrack,
  ImageTrackList,
  VideoColorSpace,
  VideoDecoder,
  VideoEncoder,
  VideoFrame,
} as const;

/** The name of an interface install() may define. */
export type WebCodecsInterfaceName = keyof typeof webCodecsInterfaces;

/** The interfaces install({hybrid: true}) defines over the platform's own codecs. */
const hybridInterfaces: Partial<Record<WebCodecsInterfaceName, unknown>> = {
  AudioDecoder: HybridAudioDecoder,
  AudioEncoder: HybridAudioEncoder,
  VideoDecoder: HybridVideoDecoder,
  VideoEncoder: HybridVideoEncoder,
};

/** Options of install(). */
export interface InstallOptions {
  /** Replace interfaces the platform already has (default false: only missing ones are defined). */
  force?: boolean;
  /**
   * Where the platform has a codec interface, define the hybrid one over it (default false): each
   * configuration runs on the platform's codec where its isConfigSupported() says yes, else on
   * this package's; frames, audio and chunks stay the platform's. Missing interfaces are defined
   * as without it; `force` then applies to the others only.
   */
  hybrid?: boolean;
}

/** What install() did. */
export interface InstallResult {
  /** The globals this call defined. */
  installed: WebCodecsInterfaceName[];
  /** The platform's own interfaces that `force` replaced (also kept on `globalThis.__nativeWebCodecs`). */
  native: Partial<Record<WebCodecsInterfaceName, unknown>>;
}

/**
 * Defines the WebCodecs globals this package implements. Without `force`, only missing globals
 * are defined, so native implementations stay in use. With `force: true`, native ones are replaced
 * and stay reachable as `globalThis.__nativeWebCodecs.VideoDecoder` etc. (for comparing outputs).
 * With `hybrid: true`, the platform's codec interfaces are replaced by hybrid ones (see
 * InstallOptions.hybrid). Globals are defined like WebIDL interface objects: writable,
 * configurable, not enumerable.
 */
export function install(options: InstallOptions = {}): InstallResult {
  const global = globalThis as Record<string, unknown>;
  const result: InstallResult = { installed: [], native: {} };
  for (const name of Object.keys(webCodecsInterfaces) as WebCodecsInterfaceName[]) {
    const existing = global[name];
    const hybrid = options.hybrid ? hybridInterfaces[name] : undefined;
    if (existing === webCodecsInterfaces[name] || (hybrid && existing === hybrid)) continue;
    let value: unknown = webCodecsInterfaces[name];
    if (existing !== undefined) {
      if (hybrid) value = hybrid;
      else if (!options.force) continue;
      // A hybrid class an earlier install() defined is this package's, not the platform's.
      if (!isPackageClass(existing)) result.native[name] = existing;
    }
    Object.defineProperty(globalThis, name, {
      value,
      writable: true,
      configurable: true,
      enumerable: false,
    });
    result.installed.push(name);
  }
  // Canvas and WebGL accept the polyfill's VideoFrames only through these patches.
  // Polyfilled VideoFrames reach pages from this VideoFrame, and from this ImageDecoder where it is
  // installed alone (Safari 16.4+ has native VideoFrame but no ImageDecoder): both must draw.
  // A hybrid VideoDecoder's wasm frames are this package's where the platform refuses their format.
  const ownFrames = ['VideoFrame', 'ImageDecoder', 'VideoDecoder'] as const;
  if (ownFrames.some((name) => result.installed.includes(name)) || global.VideoFrame === VideoFrame) {
    installCanvasPatches();
  }
  // postMessage() and structuredClone() carry the polyfill's media objects only through these wrappers.
  const media = ['VideoFrame', 'AudioData', 'EncodedVideoChunk', 'EncodedAudioChunk'] as const;
  if (media.some((name) => global[name] === webCodecsInterfaces[name])) installMediaPosting();
  if (Object.keys(result.native).length > 0) {
    const saved = (global.__nativeWebCodecs ?? {}) as Record<string, unknown>;
    Object.defineProperty(globalThis, '__nativeWebCodecs', {
      value: Object.assign(saved, result.native),
      writable: true,
      configurable: true,
      enumerable: false,
    });
  }
  return result;
}

/**
 * Counters for leak checks in this package's own tests (live codec sessions and decoded frames
 * held by the core). Not part of the WebCodecs surface; may change without notice.
 * @internal
 */
export const __testHooks = {
  /** Switches this thread's colour conversion to the SIMD or the scalar wasm build. */
  useColorConvertBuild: (build: 'simd' | 'scalar') => {
    useColorConvertBuild(build);
  },
  /** Loads the codec modules' SIMD or scalar variants from now on (before the first codec). */
  useCodecModuleBuild,
  /** Which variant of the codec modules this realm loads. */
  codecModuleBuild,
  /** The codec module files linked into the core so far. */
  linkedCodecModules: () => getTransport().linkedCodecModules(),
  /** How this realm converts frames for drawing: 'auto', or forced to 'webgl2', 'webgl' or 'wasm'. */
  useFrameDrawingPath: (path: FrameDrawingPath) => {
    useFrameDrawingPath(path);
  },
  /** How the last frame drawn in this realm was converted: 'webgl2', 'webgl' or 'wasm'. */
  lastFrameDrawingPath,
  /** The WebGL context the current drawing path converts with, or null. */
  frameDrawingContext,
  liveCounts: () => getTransport().liveCounts(),
  framesTakenByEncoders: () => getTransport().framesTakenByEncoders(),
  /** The thread policy's grants and the pthreads running (undefined for the Worker build). */
  threadUse: () => getTransport().threadUse?.(),
  /** js/thread_policy.ts's rule for one codec, as a pure function of its inputs. */
  codecThreads,
  /** Retires the current core as if it had trapped; later codecs get a fresh one. */
  breakCore: () => getTransport().breakDown('retired by a test'),
  /** isConfigSupported()/isTypeSupported() ask the loaded core (true) instead of the build's description. */
  answerSupportFromLoadedCore: (on: boolean) => {
    answerSupportFromLoadedCore(on);
  },
};
