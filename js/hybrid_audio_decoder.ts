/** The hybrid AudioDecoder (js/hybrid_codec.ts): the browser's where it decodes the config, else this package's. */
import type { EncodedAudioChunk } from './encoded_audio_chunk';
import { hybridConfigSupport, HybridCodec, HybridSpec } from './hybrid_codec';
import { markPackageClass, toPlatformAudioData } from './platform_media';
import { parseValidConfig, AudioDecoder, AudioDecoderInit } from './audio_decoder';
import { AudioDecoderConfig, AudioDecoderSupport, cloneAudioDecoderConfig } from './audio_decoder_config';
import type { AudioData } from './audio_data';

const spec: HybridSpec = {
  name: 'AudioDecoder',
  wasm: AudioDecoder,
  snapshot: (config) => cloneAudioDecoderConfig(parseValidConfig(config)),
  // A wasm decoder's data becomes the platform's AudioData (one copy) and is closed.
  toPlatformOutput: ([data]) => {
    const platform = toPlatformAudioData(data as AudioData);
    if (!platform) return [data];
    (data as AudioData).close();
    return [platform];
  },
};

/** §3 AudioDecoder on the browser's decoder where it supports the config, else on this package's. */
export class HybridAudioDecoder extends HybridCodec {
  constructor(init: AudioDecoderInit) {
    super(init, 'AudioDecoderInit', spec);
  }

  /** Pending decode requests the codec has not taken yet. */
  get decodeQueueSize(): number {
    return this.queueSize;
  }

  /** decode(): TypeError for a value that is not an EncodedAudioChunk, InvalidStateError, DataError. */
  decode(chunk: EncodedAudioChunk): void {
    this.decodeChunk(chunk, 'EncodedAudioChunk');
  }

  /** §3.5 isConfigSupported(): the browser's verdict where it says yes, else this package's. */
  static isConfigSupported(config: AudioDecoderConfig): Promise<AudioDecoderSupport> {
    return hybridConfigSupport(spec, config) as Promise<AudioDecoderSupport>;
  }

  get [Symbol.toStringTag](): string {
    return 'AudioDecoder';
  }
}
markPackageClass(AudioDecoder);
markPackageClass(HybridAudioDecoder);
