/** VideoEncoder (WebCodecs §6). */
import { isCodecConfigSupported, MediaOutput, QueuedInput } from './codec_base';
import { parseVideoCodecString } from './codec_string';
import { EncodedVideoChunk } from './encoded_video_chunk';
import { EncoderBase } from './encoder_base';
import type { CoreCodecConfig, CoreEncoderParams } from './transport/transport';
import type { VideoColorSpaceInit } from './video_color_space';
import type { VideoDecoderConfig } from './video_decoder_config';
import {
  cloneVideoEncoderConfig,
  parseEncodeOptions,
  ParsedVideoEncoderConfig,
  parseVideoEncoderConfig,
  VideoEncoderConfig,
  videoEncoderConfigError,
  VideoEncoderEncodeOptions,
  VideoEncoderSupport,
} from './video_encoder_config';
import { drawableFrame, VideoFrame } from './video_frame';

/** §6.1 VideoEncoderInit. */
export interface VideoEncoderInit {
  output: (chunk: EncodedVideoChunk, metadata: EncodedVideoChunkMetadata) => void;
  error: (error: DOMException) => void;
}

/** §6.2 EncodedVideoChunkMetadata. */
export interface EncodedVideoChunkMetadata {
  decoderConfig?: VideoDecoderConfig & { rotation?: number; flip?: boolean };
  svc?: { temporalLayerId: number };
  alphaSideData?: ArrayBuffer;
}

// scalabilityMode values with one spatial layer: the number of temporal layers.
const TEMPORAL_LAYERS: ReadonlyMap<string, number> = new Map([['L1T1', 1], ['L1T2', 2], ['L1T3', 3]]);

// Chromium's software encoders (libvpx, libaom, openh264) accept up to this size.
const MAX_DIMENSION = 16384;

// H.264 Table A-1: MaxFS (macroblocks per frame) by level_idc (9 is level 1b).
const AVC_MAX_FS: ReadonlyMap<number, number> = new Map([
  [9, 99], [10, 99], [11, 396], [12, 396], [13, 396], [20, 396], [21, 792], [22, 1620], [30, 1620],
  [31, 3600], [32, 5120], [40, 8192], [41, 8192], [42, 8704], [50, 22080], [51, 36864], [52, 36864],
  [60, 139264], [61, 139264], [62, 139264],
]);

/** Whether a coded size fits an H.264 level: MaxFS, and each side at most sqrt(8·MaxFS) macroblocks (A.3.1). */
function fitsAvcLevel(level: number, width: number, height: number): boolean {
  const maxFs = AVC_MAX_FS.get(level);
  if (maxFs === undefined) return false;
  const mbWidth = Math.ceil(width / 16);
  const mbHeight = Math.ceil(height / 16);
  const maxSide = Math.sqrt(8 * maxFs);
  return mbWidth * mbHeight <= maxFs && mbWidth <= maxSide && mbHeight <= maxSide;
}

/**
 * The synchronous part of "Check Configuration Support" (§7.1) for an encoder: the core config,
 * or null for what this build cannot encode (it answers `supported: false`, never a guess).
 */
function resolveCoreConfig(config: ParsedVideoEncoderConfig): CoreCodecConfig | null {
  const codec = parseVideoCodecString(config.codec);
  if (!codec) return null;
  const { width, height } = config;
  if (width > MAX_DIMENSION || height > MAX_DIMENSION) return null;
  // Software encoders only; alpha would need a second stream (Chromium's VP8/VP9 alpha side data).
  if (config.hardwareAcceleration === 'prefer-hardware' || config.alpha === 'keep') return null;
  // A per-frame quantizer for VP9 and AV1; openh264 has none (as Chromium's encoder on it).
  if (config.bitrateMode === 'quantizer' && codec.family !== 'vp9' && codec.family !== 'av1') return null;
  const temporalLayers = TEMPORAL_LAYERS.get(config.scalabilityMode ?? 'L1T1');
  if (temporalLayers === undefined) return null;
  const params: CoreEncoderParams = {
    bitrateMode: config.bitrateMode === 'constant' ? 1 : config.bitrateMode === 'quantizer' ? 2 : 0,
    realtime: config.latencyMode === 'realtime' ? 1 : 0,
    temporalLayers,
    screenContent: config.contentHint === 'text' || config.contentHint === 'detail' ? 1 : 0,
  };
  if (config.bitrate !== undefined) params.bitrate = config.bitrate;
  if (config.framerate !== undefined) params.framerate = config.framerate;
  let ffmpegEncoder: string;
  switch (codec.family) {
    case 'avc': {
      // openh264: Constrained Baseline/Baseline (CAVLC), Main and High (CABAC), 8-bit 4:2:0 only.
      const profile = codec.profile!;
      const level = parseInt(config.codec.slice(9, 11), 16);
      if (profile !== 66 && profile !== 77 && profile !== 100) return null;
      // As Chromium: H.264 frames have even sizes, and the level must hold the frame size.
      if (width % 2 !== 0 || height % 2 !== 0) return null;
      if (!fitsAvcLevel(level, width, height)) return null;
      ffmpegEncoder = 'libopenh264';
      params.profile = profile;
      params.level = level;
      // src/codec_task.h AvcFormat: avc3 repeats the parameter sets in band.
      params.annexb = config.avc?.format === 'annexb' ? 1 : config.codec.startsWith('avc3') ? 2 : 0;
      break;
    }
    case 'vp8':
      ffmpegEncoder = 'libvpx';
      break;
    case 'vp9':
      // Profile 0 (8-bit) and 2 (10-bit), 4:2:0; the 4:4:4 profiles are not built.
      if (codec.profile !== 0 && !(codec.profile === 2 && codec.bitDepth === 10)) return null;
      ffmpegEncoder = 'libvpx-vp9';
      params.profile = codec.profile;
      params.bitDepth = codec.bitDepth!;
      break;
    case 'av1':
      // Main profile, 8 or 10 bits.
      if (codec.profile !== 0) return null;
      ffmpegEncoder = 'libaom-av1';
      params.profile = 0;
      params.bitDepth = codec.bitDepth!;
      params.level = Number(config.codec.slice(7, 9));
      break;
    default:
      // HEVC: no LGPL encoder to build (x265 is GPL).
      return null;
  }
  return { codec: ffmpegEncoder, codedWidth: width, codedHeight: height, encoder: params };
}

/** WebIDL conversion and "valid VideoEncoderConfig" (§7.7); TypeError when invalid. */
export function parseValidConfig(config: unknown): ParsedVideoEncoderConfig {
  const parsed = parseVideoEncoderConfig(config);
  const error = videoEncoderConfigError(parsed);
  if (error) throw new TypeError(error);
  return parsed;
}

/** What outputs of one configuration are built with: [[active encoder config]] and orientation. */
interface ActiveEncoderConfig {
  config: ParsedVideoEncoderConfig;
  /** [[active orientation]]: the first frame's rotation and flip, null before it. */
  orientation: { rotation: number; flip: boolean } | null;
  /** The colour space the encoder's input has: the first frame's, or BT.601 for converted RGB. */
  colorSpace: VideoColorSpaceInit | null;
}

const QUANTIZER_FAMILY: Record<string, 'vp9' | 'av1' | 'avc' | 'hevc'> = { vp09: 'vp9', av01: 'av1', avc1: 'avc', avc3: 'avc', hvc1: 'hevc', hev1: 'hevc' };

// RGB frames reach the encoder as BT.709 full-range YUV, and decoderConfig says so, as Chromium's
// does (measured: Chromium 156 reports this colour space for canvas and RGBA frames).
const RGB_AS_YUV: VideoColorSpaceInit = { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'bt709', fullRange: true };

// Byte layout of VideoInputHeader (src/codec_task.h): format[16], width, height, planeCount,
// quantizer, x, y (int32), then 4 × {offset uint64, stride int64}.
const HEADER_BYTES = 104;
const PLANES_AT = 40;

/**
 * The encoder's input for a frame: a VideoInputHeader, then the visible rectangle of each plane,
 * tightly packed (the frame's coded padding is not sent). A frame this package decoded stays
 * where it is: the header names its visible rect and the core takes the frame by its handle.
 */
function frameInput(frame: VideoFrame, quantizer: number | undefined): { data: Uint8Array; frameHandle?: number } {
  const drawable = drawableFrame(frame);
  if (!drawable) throw new TypeError('The frame is closed.');
  const { format, visible, planes, bytes, coreHandle } = drawable;
  if (!format || frame.format === null) throw new TypeError('The frame has no pixel format an encoder takes.');
  const inPlace = coreHandle !== undefined;
  const rows: { offset: number; stride: number; width: number; height: number }[] = [];
  let size = HEADER_BYTES;
  format.planes.forEach((plane, i) => {
    const width = Math.ceil(visible.width / plane.subX) * plane.sampleBytes;
    const height = Math.ceil(visible.height / plane.subY);
    const source = planes[i]!;
    const offset = source.offset + Math.floor(visible.y / plane.subY) * source.stride + Math.floor(visible.x / plane.subX) * plane.sampleBytes;
    rows.push({ offset, stride: source.stride, width, height });
    if (!inPlace) size += width * height;
  });
  const payload = new Uint8Array(size);
  const view = new DataView(payload.buffer);
  for (let i = 0; i < frame.format.length; i++) payload[i] = frame.format.charCodeAt(i);
  view.setInt32(16, visible.width, true);
  view.setInt32(20, visible.height, true);
  view.setInt32(24, rows.length, true);
  view.setInt32(28, quantizer ?? -1, true);
  if (inPlace) {
    view.setInt32(32, visible.x, true);
    view.setInt32(36, visible.y, true);
    return { data: payload, frameHandle: coreHandle };
  }
  let at = HEADER_BYTES;
  rows.forEach((plane, i) => {
    view.setBigUint64(PLANES_AT + i * 16, BigInt(at), true);
    view.setBigInt64(PLANES_AT + 8 + i * 16, BigInt(plane.width), true);
    for (let row = 0, from = plane.offset; row < plane.height; row++, from += plane.stride) {
      payload.set(bytes.subarray(from, from + plane.width), at);
      at += plane.width;
    }
  });
  return { data: payload };
}

/**
 * A frame of this package for encode(): a clone of it, or, for a VideoFrame of another
 * implementation (the browser's own), a copy of its pixels drawn the way the browser draws it.
 */
function ownFrame(frame: unknown): VideoFrame {
  if (frame instanceof VideoFrame) {
    if (!drawableFrame(frame)) throw new TypeError('Cannot encode a closed VideoFrame.');
    return frame.clone();
  }
  if (Object.prototype.toString.call(frame) !== '[object VideoFrame]') {
    throw new TypeError("The provided value is not of type 'VideoFrame'.");
  }
  const foreign = frame as { format: string | null; timestamp: number; duration: number | null };
  if (foreign.format === null) throw new TypeError('Cannot encode a closed VideoFrame.');
  const init: { timestamp: number; duration?: number } = { timestamp: foreign.timestamp };
  if (foreign.duration !== null) init.duration = foreign.duration;
  return new VideoFrame(frame as CanvasImageSource, init);
}

/** §6 VideoEncoder: encodes VideoFrames into EncodedVideoChunks. */
export class VideoEncoder extends EncoderBase<VideoEncoderConfig, ActiveEncoderConfig, EncodedVideoChunk, EncodedVideoChunkMetadata> {
  /** The configuration encode() calls belong to now (the last one configure() queued). */
  #current: ActiveEncoderConfig | null = null;

  /** §6.2 VideoEncoder(init): TypeError unless `init.output` and `init.error` are functions. */
  constructor(init: VideoEncoderInit) {
    super(init, {
      kind: 'video-encoder',
      initName: 'VideoEncoderInit',
      prepareConfigure: (config) => {
        const parsed = parseValidConfig(config);
        return { core: resolveCoreConfig(parsed), activeConfig: { config: parsed, orientation: null, colorSpace: null } };
      },
      makeOutput: (output, active) => makeOutputs(output, active),
    });
  }

  protected configured(activeConfig: ActiveEncoderConfig): void {
    this.#current = activeConfig;
  }

  /**
   * §6.5 encode(): TypeError for a closed frame, InvalidStateError unless configured, DataError
   * for a frame whose orientation differs from the first one's. The caller may close `frame` at once.
   */
  encode(frame: VideoFrame, options?: VideoEncoderEncodeOptions): void {
    const parsed = parseEncodeOptions(options);
    if (!(frame instanceof VideoFrame) && Object.prototype.toString.call(frame) !== '[object VideoFrame]') {
      throw new TypeError("The provided value is not of type 'VideoFrame'.");
    }
    if (frame.format === null && frame.codedWidth === 0) throw new TypeError('Cannot encode a closed VideoFrame.');
    this.requireConfigured();
    const active = this.#current!;
    const rotation = frame.rotation ?? 0;
    const flip = frame.flip ?? false;
    if (active.orientation && (active.orientation.rotation !== rotation || active.orientation.flip !== flip)) {
      throw new DOMException('The frame has a different orientation from the first frame encoded.', 'DataError');
    }
    // The registry's per-codec quantizer, for the codec of this configuration.
    const family = active.config.codec.slice(0, 4);
    const quantizer = active.config.bitrateMode === 'quantizer' ? parsed.quantizer[QUANTIZER_FAMILY[family] ?? 'vp9'] : undefined;
    const clone = ownFrame(frame);
    if (!active.orientation) active.orientation = { rotation, flip };
    if (!active.colorSpace) active.colorSpace = pixelIsRgb(clone) ? { ...RGB_AS_YUV } : clone.colorSpace.toJSON();
    const input: QueuedInput = {
      take: () => ({
        timestamp: clone.timestamp,
        duration: clone.duration,
        key: parsed.keyFrame,
        ...frameInput(clone, quantizer),
      }),
      release: () => clone.close(),
    };
    this.queueEncode(input);
  }

  /** §6.5 isConfigSupported(): rejects with TypeError for an invalid config. */
  static isConfigSupported(config: VideoEncoderConfig): Promise<VideoEncoderSupport> {
    return isCodecConfigSupported('video-encoder', config, parseValidConfig, cloneVideoEncoderConfig, resolveCoreConfig);
  }

  get [Symbol.toStringTag](): string {
    return 'VideoEncoder';
  }
}

function pixelIsRgb(frame: VideoFrame): boolean {
  const format = frame.format;
  return format === 'RGBA' || format === 'RGBX' || format === 'BGRA' || format === 'BGRX';
}

/** "Output EncodedVideoChunks" (§6.6) for one chunk of the core. */
function makeOutputs(output: MediaOutput, active: ActiveEncoderConfig): [EncodedVideoChunk, EncodedVideoChunkMetadata] {
  if (output.type !== 'chunk') throw new Error('VideoEncoder: the core returned a decoded output.');
  const init: { type: 'key' | 'delta'; timestamp: number; duration?: number; data: Uint8Array } = {
    type: output.key ? 'key' : 'delta',
    timestamp: output.timestamp,
    data: output.data,
  };
  if (output.duration !== null) init.duration = output.duration;
  const chunk = new EncodedVideoChunk(init);
  const metadata: EncodedVideoChunkMetadata = {};
  const core = output.decoderConfig;
  if (core) {
    const { config } = active;
    // As Chromium: the config's codec string, the display aspect only when the config sets a
    // display size, and the config's hardwareAcceleration.
    const decoderConfig: EncodedVideoChunkMetadata['decoderConfig'] = {
      codec: config.codec,
      codedWidth: core.codedWidth,
      codedHeight: core.codedHeight,
      hardwareAcceleration: config.hardwareAcceleration,
    };
    if (config.displayWidth !== undefined && config.displayHeight !== undefined) {
      decoderConfig.displayAspectWidth = config.displayWidth;
      decoderConfig.displayAspectHeight = config.displayHeight;
    }
    if (active.colorSpace) decoderConfig.colorSpace = { ...active.colorSpace };
    if (core.description) decoderConfig.description = core.description.slice().buffer;
    decoderConfig.rotation = active.orientation?.rotation ?? 0;
    decoderConfig.flip = active.orientation?.flip ?? false;
    metadata.decoderConfig = decoderConfig;
  }
  if (output.temporalLayerId >= 0) metadata.svc = { temporalLayerId: output.temporalLayerId };
  return [chunk, metadata];
}
