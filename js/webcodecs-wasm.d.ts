// The package's type declarations (dist/webcodecs-wasm.d.ts), written by hand.
//
// The WebCodecs interfaces are typed as TypeScript's own DOM declarations (lib.dom: add "dom",
// or "webworker", to "lib"), so that this package's objects and the browser's are one type:
// a typed app passes our VideoFrame where lib.dom's is expected and the browser's where ours is
// (test/package/bundlers.test.mjs runs tsc on that). What lib.dom lacks of the spec and its
// codec registrations (newer members, several dictionary members) the classes still have at run
// time; the types below add the names lib.dom does not have.

// ---- The WebCodecs interfaces (https://w3c.github.io/webcodecs/) ----
export declare const AudioData: typeof globalThis.AudioData;
export type AudioData = globalThis.AudioData;
export declare const AudioDecoder: typeof globalThis.AudioDecoder;
export type AudioDecoder = globalThis.AudioDecoder;
export declare const AudioEncoder: typeof globalThis.AudioEncoder;
export type AudioEncoder = globalThis.AudioEncoder;
export declare const EncodedAudioChunk: typeof globalThis.EncodedAudioChunk;
export type EncodedAudioChunk = globalThis.EncodedAudioChunk;
export declare const EncodedVideoChunk: typeof globalThis.EncodedVideoChunk;
export type EncodedVideoChunk = globalThis.EncodedVideoChunk;
export declare const ImageDecoder: typeof globalThis.ImageDecoder;
export type ImageDecoder = globalThis.ImageDecoder;
export declare const ImageTrack: typeof globalThis.ImageTrack;
export type ImageTrack = globalThis.ImageTrack;
export declare const ImageTrackList: typeof globalThis.ImageTrackList;
export type ImageTrackList = globalThis.ImageTrackList;
export declare const VideoColorSpace: typeof globalThis.VideoColorSpace;
export type VideoColorSpace = globalThis.VideoColorSpace;
export declare const VideoDecoder: typeof globalThis.VideoDecoder;
export type VideoDecoder = globalThis.VideoDecoder;
export declare const VideoEncoder: typeof globalThis.VideoEncoder;
export type VideoEncoder = globalThis.VideoEncoder;
export declare const VideoFrame: typeof globalThis.VideoFrame;
export type VideoFrame = globalThis.VideoFrame;

// ---- Their dictionaries and enums, as lib.dom declares them ----
export type AlphaOption = globalThis.AlphaOption;
export type AudioDataCopyToOptions = globalThis.AudioDataCopyToOptions;
export type AudioDataInit = globalThis.AudioDataInit;
export type AudioDecoderConfig = globalThis.AudioDecoderConfig;
export type AudioDecoderInit = globalThis.AudioDecoderInit;
export type AudioDecoderSupport = globalThis.AudioDecoderSupport;
export type AudioEncoderConfig = globalThis.AudioEncoderConfig;
export type AudioEncoderInit = globalThis.AudioEncoderInit;
export type AudioEncoderSupport = globalThis.AudioEncoderSupport;
export type AudioSampleFormat = globalThis.AudioSampleFormat;
export type AvcBitstreamFormat = globalThis.AvcBitstreamFormat;
export type BitrateMode = globalThis.BitrateMode;
export type CodecState = globalThis.CodecState;
export type ColorSpaceConversion = globalThis.ColorSpaceConversion;
export type EncodedAudioChunkInit = globalThis.EncodedAudioChunkInit;
export type EncodedAudioChunkMetadata = globalThis.EncodedAudioChunkMetadata;
export type EncodedAudioChunkType = globalThis.EncodedAudioChunkType;
export type EncodedVideoChunkInit = globalThis.EncodedVideoChunkInit;
export type EncodedVideoChunkMetadata = globalThis.EncodedVideoChunkMetadata;
export type EncodedVideoChunkType = globalThis.EncodedVideoChunkType;
export type HardwareAcceleration = globalThis.HardwareAcceleration;
export type ImageDecodeOptions = globalThis.ImageDecodeOptions;
export type ImageDecodeResult = globalThis.ImageDecodeResult;
export type ImageDecoderInit = globalThis.ImageDecoderInit;
export type LatencyMode = globalThis.LatencyMode;
export type OpusBitstreamFormat = globalThis.OpusBitstreamFormat;
export type OpusEncoderConfig = globalThis.OpusEncoderConfig;
export type PlaneLayout = globalThis.PlaneLayout;
export type VideoColorPrimaries = globalThis.VideoColorPrimaries;
export type VideoColorSpaceInit = globalThis.VideoColorSpaceInit;
export type VideoDecoderConfig = globalThis.VideoDecoderConfig;
export type VideoDecoderInit = globalThis.VideoDecoderInit;
export type VideoDecoderSupport = globalThis.VideoDecoderSupport;
export type VideoEncoderBitrateMode = globalThis.VideoEncoderBitrateMode;
export type VideoEncoderConfig = globalThis.VideoEncoderConfig;
export type VideoEncoderEncodeOptions = globalThis.VideoEncoderEncodeOptions;
export type VideoEncoderInit = globalThis.VideoEncoderInit;
export type VideoEncoderSupport = globalThis.VideoEncoderSupport;
export type VideoFrameBufferInit = globalThis.VideoFrameBufferInit;
export type VideoFrameCopyToOptions = globalThis.VideoFrameCopyToOptions;
export type VideoFrameInit = globalThis.VideoFrameInit;
export type VideoMatrixCoefficients = globalThis.VideoMatrixCoefficients;
export type VideoPixelFormat = globalThis.VideoPixelFormat;
export type VideoTransferCharacteristics = globalThis.VideoTransferCharacteristics;
export type WebCodecsErrorCallback = globalThis.WebCodecsErrorCallback;

// ---- Names of the spec and the codec registrations that lib.dom does not have ----
/** AacEncoderConfig.format (AAC codec registration). */
export type AacBitstreamFormat = 'aac' | 'adts';
/** HevcEncoderConfig.format (HEVC codec registration). */
export type HevcBitstreamFormat = 'annexb' | 'hevc';
/** OpusEncoderConfig.application (Opus codec registration). */
export type OpusApplication = 'voip' | 'audio' | 'lowdelay';
/** OpusEncoderConfig.signal (Opus codec registration). */
export type OpusSignal = 'auto' | 'music' | 'voice';
/** VideoFrame.metadata() (VideoFrame Metadata Registry: no members registered). */
export type VideoFrameMetadata = Record<string, never>;

// ---- This package ----
/** The name of an interface install() may define. */
export type WebCodecsInterfaceName =
  | 'AudioData'
  | 'AudioDecoder'
  | 'AudioEncoder'
  | 'EncodedAudioChunk'
  | 'EncodedVideoChunk'
  | 'ImageDecoder'
  | 'ImageTrack'
  | 'ImageTrackList'
  | 'VideoColorSpace'
  | 'VideoDecoder'
  | 'VideoEncoder'
  | 'VideoFrame';

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
  /** The platform's own interfaces that `force` or `hybrid` replaced (also kept on `globalThis.__nativeWebCodecs`). */
  native: Partial<Record<WebCodecsInterfaceName, unknown>>;
}

/**
 * Defines the WebCodecs globals this package implements: only missing ones, or, with
 * `force: true`, replacing the platform's, or with `hybrid: true`, hybrid codecs over the platform's.
 * The "webcodecs-wasm/auto" entry calls it on import.
 */
export declare function install(options?: InstallOptions): InstallResult;

// ---- Hybrid codecs: the platform's codec where it supports the config, else this package's ----
export declare const HybridVideoDecoder: typeof globalThis.VideoDecoder;
export type HybridVideoDecoder = globalThis.VideoDecoder;
export declare const HybridAudioDecoder: typeof globalThis.AudioDecoder;
export type HybridAudioDecoder = globalThis.AudioDecoder;
export declare const HybridVideoEncoder: typeof globalThis.VideoEncoder;
export type HybridVideoEncoder = globalThis.VideoEncoder;
export declare const HybridAudioEncoder: typeof globalThis.AudioEncoder;
export type HybridAudioEncoder = globalThis.AudioEncoder;
/** Which implementation runs a codec's current configuration. */
export type CodecImplementation = 'native' | 'wasm';
/**
 * 'native' or 'wasm' for a hybrid codec's current configuration; null while it is unconfigured,
 * closed or still choosing, and for a codec that is not hybrid.
 */
export declare function hybridImplementation(codec: object): CodecImplementation | null;

// ---- Drawing, logs, the runtime and posting media ----
/**
 * Makes canvas drawImage(), createImageBitmap() and WebGL texImage2D()/texSubImage2D() accept this
 * package's VideoFrames. install() calls it; ES-module users who do not install the globals call
 * it themselves before drawing frames.
 */
export declare function installCanvasPatches(): void;

/** How much of the codec libraries' own log reaches the console (default 'quiet'). */
export type CodecLogLevel = 'quiet' | 'error' | 'warning' | 'info' | 'verbose' | 'debug';
/** Sets the codec libraries' log level for every codec of this page or worker. */
export declare function setCodecLogLevel(level: CodecLogLevel): void;

/** What runs behind the API in this realm (reading it never loads the core). */
export interface RuntimeInfo {
  /** 'pthreads': the threaded core on this thread (cross-origin isolated pages, workers, Node);
   *  'worker': the single-threaded core in one Worker (everywhere else). */
  build: 'pthreads' | 'worker';
  /** The engine runs wasm SIMD, so the modules that have a SIMD variant load it. */
  simd: boolean;
  /** A codec has started the core and it has loaded. */
  coreLoaded: boolean;
  /** The codec module files linked into the core so far, in link order. */
  codecModules: string[];
  /** The pthreads build: the cores the thread policy reads, the pool Workers started so far and
   *  the pthreads running now. */
  threads?: { cores: number; startedWorkers: number; runningPthreads: number };
}
/** Describes this realm's WebCodecs implementation. */
export declare function runtimeInfo(): Promise<RuntimeInfo>;

/**
 * What serializeMedia() makes and reviveMedia() takes: a plain object of structured-clonable
 * values (the kind, the bytes in `data`, the attributes; js/media_messages.ts has every field).
 */
export interface MediaMessage {
  readonly kind: 'VideoFrame' | 'AudioData' | 'EncodedVideoChunk' | 'EncodedAudioChunk';
  readonly data: ArrayBuffer;
}

/** Options of serializeMedia(). */
export interface SerializeOptions {
  /** Close the frame or audio after copying it (as transferring a native one does). */
  close?: boolean;
}

/** A frame, audio or chunk of this package as a plain message and the buffers to transfer. */
export declare function serializeMedia(
  value: VideoFrame | AudioData | EncodedVideoChunk | EncodedAudioChunk,
  options?: SerializeOptions,
): Promise<{ message: MediaMessage; transfer: ArrayBuffer[] }>;

/** The frame, audio or chunk a serializeMedia() message describes, as this package's object. */
export declare function reviveMedia(message: MediaMessage): VideoFrame | AudioData | EncodedVideoChunk | EncodedAudioChunk;
