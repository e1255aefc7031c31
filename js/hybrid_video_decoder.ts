/** The hybrid VideoDecoder (js/hybrid_codec.ts): the browser's where it decodes the config, else this package's. */
import type { EncodedVideoChunk } from './encoded_video_chunk';
import { hybridConfigSupport, HybridCodec, HybridSpec } from './hybrid_codec';
import { markPackageClass, toPlatformVideoFrame } from './platform_media';
import { parseValidConfig, VideoDecoder, VideoDecoderInit } from './video_decoder';
import { cloneVideoDecoderConfig, VideoDecoderConfig, VideoDecoderSupport } from './video_decoder_config';
import type { VideoFrame } from './video_frame';

const spec: HybridSpec = {
  name: 'VideoDecoder',
  wasm: VideoDecoder,
  snapshot: (config) => cloneVideoDecoderConfig(parseValidConfig(config)),
  // A wasm decoder's frame becomes the platform's VideoFrame (one copy) and is closed.
  toPlatformOutput: ([frame]) => {
    const platform = toPlatformVideoFrame(frame as VideoFrame);
    if (!platform) return [frame];
    (frame as VideoFrame).close();
    return [platform];
  },
};

/** §4 VideoDecoder on the browser's decoder where it supports the config, else on this package's. */
export class HybridVideoDecoder extends HybridCodec {
  constructor(init: VideoDecoderInit) {
    super(init, 'VideoDecoderInit', spec);
  }

  /** Pending decode requests the codec has not taken yet. */
  get decodeQueueSize(): number {
    return this.queueSize;
  }

  /** decode(): TypeError for a value that is not an EncodedVideoChunk, InvalidStateError, DataError. */
  decode(chunk: EncodedVideoChunk): void {
    this.decodeChunk(chunk, 'EncodedVideoChunk');
  }

  /** §4.5 isConfigSupported(): the browser's verdict where it says yes, else this package's. */
  static isConfigSupported(config: VideoDecoderConfig): Promise<VideoDecoderSupport> {
    return hybridConfigSupport(spec, config) as Promise<VideoDecoderSupport>;
  }

  get [Symbol.toStringTag](): string {
    return 'VideoDecoder';
  }
}
markPackageClass(VideoDecoder);
markPackageClass(HybridVideoDecoder);
