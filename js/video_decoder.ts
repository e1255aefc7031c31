/** VideoDecoder (WebCodecs §4). */
import { bytesOf } from './buffer_source';
import { DecoderBase, isCodecConfigSupported } from './codec_base';
import { parseVideoCodecString } from './codec_string';
import { isAvcDecoderConfigurationRecord, isHevcDecoderConfigurationRecord } from './decoder_configuration_record';
import { keyChunkCheck } from './key_chunk';
import { EncodedVideoChunk } from './encoded_video_chunk';
import type { CoreCodecConfig } from './transport/transport';
import {
  cloneVideoDecoderConfig,
  ParsedVideoDecoderConfig,
  parseVideoDecoderConfig,
  VideoDecoderConfig,
  videoDecoderConfigError,
  VideoDecoderSupport,
} from './video_decoder_config';
import { createDecodedVideoFrame, parseRotation, VideoFrame, VideoOutputConfig } from './video_frame';

/** §4.1 VideoDecoderInit. */
export interface VideoDecoderInit {
  output: (frame: VideoFrame) => void;
  error: (error: DOMException) => void;
}

// media::limits (Chromium): the largest coded size a decoder is asked to handle.
const MAX_DIMENSION = 32767;
const MAX_AREA = 16384 * 16384;

/** The synchronous part of "Check Configuration Support" (§7.1): the core config, or null if unsupported. */
function resolveCoreConfig(config: ParsedVideoDecoderConfig): CoreCodecConfig | null {
  const codec = parseVideoCodecString(config.codec);
  if (!codec) return null;
  // A software-only implementation: like Chromium without a GPU decoder, it cannot honour prefer-hardware.
  if (config.hardwareAcceleration === 'prefer-hardware') return null;
  const { codedWidth, codedHeight } = config;
  if (codedWidth !== undefined && codedHeight !== undefined) {
    if (codedWidth > MAX_DIMENSION || codedHeight > MAX_DIMENSION || codedWidth * codedHeight > MAX_AREA) return null;
  }
  const core: CoreCodecConfig = { codec: codec.ffmpegDecoder, lowDelay: config.optimizeForLatency === true };
  // The description is copied now: later changes to the caller's buffer must not matter.
  if (config.description !== undefined) core.description = bytesOf(config.description, 'description').slice();
  // An H.264/HEVC description is a decoder configuration record (an empty one means Annex B).
  if (core.description?.length) {
    if (codec.family === 'avc' && !isAvcDecoderConfigurationRecord(core.description)) return null;
    if (codec.family === 'hevc' && !isHevcDecoderConfigurationRecord(core.description)) return null;
  }
  if (codedWidth !== undefined) core.codedWidth = codedWidth;
  if (codedHeight !== undefined) core.codedHeight = codedHeight;
  return core;
}

/** WebIDL conversion and "valid VideoDecoderConfig" (§7.6); TypeError when invalid. */
export function parseValidConfig(config: unknown): ParsedVideoDecoderConfig {
  const parsed = parseVideoDecoderConfig(config);
  const error = videoDecoderConfigError(parsed);
  if (error) throw new TypeError(error);
  return parsed;
}

/** §4 VideoDecoder: decodes EncodedVideoChunks into VideoFrames. */
export class VideoDecoder extends DecoderBase<VideoDecoderConfig, EncodedVideoChunk, VideoOutputConfig, VideoFrame> {
  /** §4.2 VideoDecoder(init): TypeError unless `init.output` and `init.error` are functions. */
  constructor(init: VideoDecoderInit) {
    super(init, {
      kind: 'video-decoder',
      initName: 'VideoDecoderInit',
      chunkClass: EncodedVideoChunk,
      chunkName: 'EncodedVideoChunk',
      prepareConfigure: (config) => {
        const parsed = parseValidConfig(config);
        // The [[active decoder config]] members "Output VideoFrames" reads.
        // "Output VideoFrames" step 6 gives each frame the config's rotation and flip; a
        // VideoFrame's rotation is always a quarter turn, so it is parsed as VideoFrameInit's is.
        const activeConfig: VideoOutputConfig = { rotation: parseRotation(parsed.rotation), flip: parsed.flip };
        if (parsed.displayAspectWidth !== undefined) activeConfig.displayAspectWidth = parsed.displayAspectWidth;
        if (parsed.displayAspectHeight !== undefined) activeConfig.displayAspectHeight = parsed.displayAspectHeight;
        if (parsed.colorSpace !== undefined) activeConfig.colorSpace = parsed.colorSpace;
        const core = resolveCoreConfig(parsed);
        const codec = parseVideoCodecString(parsed.codec);
        return { core, activeConfig, isKeyChunk: codec && keyChunkCheck(codec, core?.description) };
      },
      makeOutput: (output, config) => {
        if (output.type !== 'frame') throw new Error('VideoDecoder: the core returned audio.');
        return createDecodedVideoFrame(output, config);
      },
    });
  }

  /** §4.5 isConfigSupported(): rejects with TypeError for an invalid config. */
  static isConfigSupported(config: VideoDecoderConfig): Promise<VideoDecoderSupport> {
    return isCodecConfigSupported('video-decoder', config, parseValidConfig, cloneVideoDecoderConfig, resolveCoreConfig);
  }

  get [Symbol.toStringTag](): string {
    return 'VideoDecoder';
  }
}
