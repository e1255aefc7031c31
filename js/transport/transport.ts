/**
 * The boundary between the WebCodecs API layer (codec_base.ts and the codec classes) and the
 * C++ core. Two implementations: SharedTransport (pthreads build on this thread, rings in shared
 * wasm memory) and MessageTransport (single-threaded build in one dedicated Worker).
 *
 * A channel is one codec instance. All methods are called on the thread that owns the WebCodecs
 * object and never block. `onOutput` is always called asynchronously (never from inside a
 * channel method), in the order the codec produced the outputs.
 */

import type { ThreadGrant } from '../thread_policy';

/** What a `configure` control message carries to the core (already validated and resolved). */
export interface CoreCodecConfig {
  /** FFmpeg decoder name, e.g. "h264", "libdav1d", "pcm_s16le". */
  codec: string;
  /** The WebCodecs `description` (avcC, hvcC, AudioSpecificConfig, OpusHead, ...), copied. */
  description?: Uint8Array;
  codedWidth?: number;
  codedHeight?: number;
  sampleRate?: number;
  numberOfChannels?: number;
  /** optimizeForLatency: no frame threading, output as soon as possible. */
  lowDelay?: boolean;
  /** Encoders: what src/codec_task.h's EncoderParams carries; absent members are the codec's defaults. */
  encoder?: CoreEncoderParams;
  /** Image decoders: ImageDecoderInit's desiredWidth/desiredHeight, both or neither. */
  desiredWidth?: number;
  desiredHeight?: number;
}

/** Encoder settings resolved from a VideoEncoderConfig/AudioEncoderConfig (see EncoderParams in C++). */
export interface CoreEncoderParams {
  bitrate?: number;
  framerate?: number;
  /** 0 variable, 1 constant, 2 quantizer. */
  bitrateMode?: number;
  /** latencyMode 'realtime'. */
  realtime?: number;
  temporalLayers?: number;
  profile?: number;
  level?: number;
  bitDepth?: number;
  annexb?: number;
  complexity?: number;
  frameDurationUs?: number;
  packetLossPerc?: number;
  inbandFec?: number;
  dtx?: number;
  signal?: number;
  application?: number;
  adts?: number;
  blockSize?: number;
  compressLevel?: number;
  screenContent?: number;
}

/** A chunk to decode, or a frame or audio buffer to encode (`data` then starts with the core's input header). */
export interface ChunkInput {
  timestamp: number;
  duration: number | null;
  key: boolean;
  /** Bytes to copy into the core; the view is not kept. */
  data: Uint8Array;
  /**
   * Encoders: the FrameBuffer.coreHandle of the picture, whose pixels `data` then does not carry
   * (SharedTransport only: the core takes its own reference to the frame when the input is sent).
   */
  frameHandle?: number;
}

/** One plane of decoded media inside a FrameBuffer. */
export interface PlaneRef {
  /** Byte offset of the plane's first row (video) or first sample (audio) in `bytes()`. */
  offset: number;
  /** Bytes from one row to the next (video); 0 for audio. */
  stride: number;
}

/**
 * Decoded pixels or samples owned by the core. `bytes()` must be called again after any await
 * or any call into the core (the backing memory may grow). `release()` is idempotent.
 */
export interface FrameBuffer {
  readonly planes: ReadonlyArray<PlaneRef>;
  /**
   * The core's handle to the frame these bytes live in, while it is held; only where the core
   * shares this thread's memory (SharedTransport), so an encoder there can take the frame itself.
   */
  readonly coreHandle?: number;
  bytes(): Uint8Array;
  release(): void;
}

export interface ColorSpaceOutput {
  primaries: string | null;
  transfer: string | null;
  matrix: string | null;
  fullRange: boolean | null;
}

export interface VideoFrameOutput {
  type: 'frame';
  /** The seq of the decode (or flush) message whose processing produced this output. */
  seq: number;
  timestamp: number;
  duration: number | null;
  /** WebCodecs VideoPixelFormat: 'I420', 'I420P10', 'I422', 'I444', 'I420A', 'NV12', ... */
  format: string;
  codedWidth: number;
  codedHeight: number;
  visibleRect: { x: number; y: number; width: number; height: number };
  /** From the bitstream's sample aspect ratio; the API layer applies config overrides. */
  displayWidth: number;
  displayHeight: number;
  colorSpace: ColorSpaceOutput;
  buffer: FrameBuffer;
}

export interface AudioDataOutput {
  type: 'audio';
  seq: number;
  timestamp: number;
  /** WebCodecs AudioSampleFormat: 'f32-planar', 's16', 's32', 'u8', 'f32', ... */
  format: string;
  sampleRate: number;
  numberOfFrames: number;
  numberOfChannels: number;
  /** One plane per channel for planar formats, one plane for interleaved ones. */
  buffer: FrameBuffer;
}

/** What an encoder produced: one chunk, and the decoder config it starts, if any. */
export interface EncodedChunkOutput {
  type: 'chunk';
  seq: number;
  timestamp: number;
  duration: number | null;
  key: boolean;
  /** The chunk's bytes, copied out of the core. */
  data: Uint8Array;
  /** -1: no temporal layering. */
  temporalLayerId: number;
  /** Present on the first chunk of a decoder config: what the core knows of it. */
  decoderConfig: {
    description?: Uint8Array;
    codedWidth: number;
    codedHeight: number;
    sampleRate: number;
    numberOfChannels: number;
  } | null;
}

/**
 * What an image decoder's bytes say so far (src/codec_task.h ImageTrackRecord), sent whenever
 * it changes: after the bytes of an append, and at their end.
 */
export interface ImageTrackOutput {
  type: 'image-track';
  seq: number;
  /** Frames whose bytes have all arrived. */
  frameCount: number;
  /** ImageTrack.repetitionCount: Infinity loops forever. */
  repetitionCount: number;
  width: number;
  height: number;
  animated: boolean;
  /** The container's end was read: no frame follows. */
  complete: boolean;
  /** The bytes are not this image type (or are corrupt before the first frame). */
  invalid: boolean;
  /** The bytes ended inside a frame. */
  truncated: boolean;
  /** EXIF orientation, 1 (as stored) to 8. */
  orientation: number;
  /**
   * The file's tracks: 2 for an AVIF with a still image and an image sequence (track 0 the
   * still, 1 the sequence, as native Chromium lists them), else 1. The other members describe
   * the selected track.
   */
  trackCount: number;
}

export type ChannelOutput =
  | VideoFrameOutput
  | ImageTrackOutput
  | AudioDataOutput
  | EncodedChunkOutput
  /** Every output of messages before the flush with this seq has been delivered. */
  | { type: 'flushed'; seq: number }
  /** The codec failed; name is a DOMException name ('EncodingError', 'NotSupportedError').
   *  seq 0: the core could not load, the whole channel failed. */
  | { type: 'error'; seq: number; name: string; message: string }
  /** A call that returned false (saturated, or the core still loading) may now succeed. */
  | { type: 'space' };

export type CodecKind = 'video-decoder' | 'audio-decoder' | 'video-encoder' | 'audio-encoder' | 'image-decoder';

export interface CodecChannel {
  /** Each returns false when the codec is saturated (or the core is not loaded yet): keep the
   *  control message queued and retry after the next 'space' output. */
  configure(seq: number, config: CoreCodecConfig): boolean;
  /** A chunk to decode or a frame to encode (decode()/encode() control messages). */
  input(seq: number, chunk: ChunkInput): boolean;
  flush(seq: number): boolean;
  /** Drops every queued message with seq < discardBefore and resets the codec. */
  reset(discardBefore: number): void;
  /** Frees the codec instance and its thread; outputs stop. */
  close(): void;
}

export interface Transport {
  /** Resolves when the core is loaded; rejects when it cannot load at all. */
  readonly ready: Promise<void>;
  /** The core failed (did not load, or trapped); its channels have failed; use a new transport. */
  readonly broken: boolean;
  /** Retires the core: every open channel fails (EncodingError once loaded), `broken` turns true. */
  breakDown(reason: unknown): void;
  openChannel(kind: CodecKind, onOutput: (output: ChannelOutput) => void): CodecChannel;
  /** Resolves when the codec modules a codec of `kind` named `codec` needs are loaded
   *  (js/codec_modules.ts); configure() waits for them by itself. `opening`: a new codec will be
   *  configured with it; the pthreads build starts the Workers its threads will need. */
  prepareCodec(kind: CodecKind, codec: string, opening?: CoreCodecConfig): Promise<void>;
  /** The codec module files linked into the core so far, in link order (tests, the demo). */
  linkedCodecModules(): string[];
  /** Whether the core has this FFmpeg decoder (after `ready` and prepareCodec()). */
  hasDecoder(name: string): boolean;
  /** Whether the core was built with this FFmpeg encoder (after `ready`). */
  hasEncoder(name: string): boolean;
  /** Whether the core reads this image container, e.g. "gif" (after `ready`). */
  hasImageContainer(name: string): boolean;
  /** Live codec sessions and decoded frames held by the core: leak checks in tests. */
  liveCounts(): Promise<LiveCounts>;
  /** Decoded frames encoders took from the core without a copy, so far (0 where frames are copied). */
  framesTakenByEncoders(): Promise<number>;
  /** The pthreads build's thread use (tests); undefined where the core has no threads. */
  threadUse?(): Promise<ThreadUse>;
}

/** What the thread policy (js/thread_policy.ts) gave out, and the pthreads actually running. */
export interface ThreadUse {
  /** The core count the policy reads (navigator.hardwareConcurrency). */
  cores: number;
  /** The pthread Workers the policy shares out (js/thread_policy.ts POOL_WORKERS, or more). */
  poolWorkers: number;
  /** The pthread Workers started so far, idle and running (a page starts them as needed). */
  startedWorkers: number;
  /** Pthreads running now: codec threads and their libraries' threads. */
  runningPthreads: number;
  /** Each live codec's threads and the Workers it holds. */
  grants: ThreadGrant[];
}

export interface LiveCounts {
  sessions: number;
  frames: number;
}
