/** The hybrid VideoEncoder (js/hybrid_codec.ts): the browser's where it encodes the config, else this package's. */
import type { EncodedVideoChunk } from './encoded_video_chunk';
import { hybridConfigSupport, HybridCodec, HybridSpec } from './hybrid_codec';
import { markPackageClass, toPlatformChunk, toPlatformVideoFrame } from './platform_media';
import { cloneVideoEncoderConfig, parseEncodeOptions, VideoEncoderConfig, VideoEncoderEncodeOptions, VideoEncoderSupport } from './video_encoder_config';
import { parseValidConfig, VideoEncoder, VideoEncoderInit } from './video_encoder';
import type { VideoFrame } from './video_frame';

const spec: HybridSpec = {
  name: 'VideoEncoder',
  wasm: VideoEncoder,
  snapshot: (config) => cloneVideoEncoderConfig(parseValidConfig(config)),
  // A wasm encoder's chunk becomes the platform's; the metadata is plain data either way.
  toPlatformOutput: ([chunk, metadata]) => [toPlatformChunk(chunk as EncodedVideoChunk) ?? chunk, metadata],
};

/** §6 VideoEncoder on the browser's encoder where it supports the config, else on this package's. */
export class HybridVideoEncoder extends HybridCodec {
  constructor(init: VideoEncoderInit) {
    super(init, 'VideoEncoderInit', spec);
  }

  /** Pending encode requests the codec has not taken yet. */
  get encodeQueueSize(): number {
    return this.queueSize;
  }

  /**
   * encode(): TypeError for a closed frame or a value that is not a VideoFrame, InvalidStateError
   * unless configured. The caller may close `frame` at once: the message holds a clone.
   */
  encode(frame: VideoFrame, options?: VideoEncoderEncodeOptions): void {
    // WebIDL conversion of both arguments first; the options are kept as converted now.
    if (Object.prototype.toString.call(frame) !== '[object VideoFrame]') throw new TypeError("The provided value is not of type 'VideoFrame'.");
    const parsed = parseEncodeOptions(options);
    if (frame.format === null && frame.codedWidth === 0) throw new TypeError('Cannot encode a closed VideoFrame.');
    this.requireConfigured('encode');
    const converted: Record<string, unknown> = { keyFrame: parsed.keyFrame };
    for (const [family, quantizer] of Object.entries(parsed.quantizer)) converted[family] = { quantizer };
    this.encodeMedia(frame.clone(), toPlatformVideoFrame, converted);
  }

  /** §6.5 isConfigSupported(): the browser's verdict where it says yes, else this package's. */
  static isConfigSupported(config: VideoEncoderConfig): Promise<VideoEncoderSupport> {
    return hybridConfigSupport(spec, config) as Promise<VideoEncoderSupport>;
  }

  get [Symbol.toStringTag](): string {
    return 'VideoEncoder';
  }
}
markPackageClass(VideoEncoder);
markPackageClass(HybridVideoEncoder);
