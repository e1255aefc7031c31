/** The hybrid AudioEncoder (js/hybrid_codec.ts): the browser's where it encodes the config, else this package's. */
import type { AudioData } from './audio_data';
import { AudioEncoder, AudioEncoderInit, parseValidConfig } from './audio_encoder';
import { AudioEncoderConfig, AudioEncoderSupport, cloneAudioEncoderConfig } from './audio_encoder_config';
import type { EncodedAudioChunk } from './encoded_audio_chunk';
import { hybridConfigSupport, HybridCodec, HybridSpec } from './hybrid_codec';
import { markPackageClass, toPlatformAudioData, toPlatformChunk } from './platform_media';

const spec: HybridSpec = {
  name: 'AudioEncoder',
  wasm: AudioEncoder,
  snapshot: (config) => cloneAudioEncoderConfig(parseValidConfig(config)),
  // A wasm encoder's chunk becomes the platform's; the metadata is plain data either way.
  toPlatformOutput: ([chunk, metadata]) => [toPlatformChunk(chunk as EncodedAudioChunk) ?? chunk, metadata],
};

/** §5 AudioEncoder on the browser's encoder where it supports the config, else on this package's. */
export class HybridAudioEncoder extends HybridCodec {
  constructor(init: AudioEncoderInit) {
    super(init, 'AudioEncoderInit', spec);
  }

  /** Pending encode requests the codec has not taken yet. */
  get encodeQueueSize(): number {
    return this.queueSize;
  }

  /**
   * encode(): TypeError for closed audio or a value that is not an AudioData, InvalidStateError
   * unless configured. The caller may close `data` at once: the message holds a clone.
   */
  encode(data: AudioData): void {
    if (Object.prototype.toString.call(data) !== '[object AudioData]') throw new TypeError("The provided value is not of type 'AudioData'.");
    if (data.format === null && data.numberOfFrames === 0) throw new TypeError('Cannot encode a closed AudioData.');
    this.requireConfigured('encode');
    this.encodeMedia(data.clone(), toPlatformAudioData);
  }

  /** §5.5 isConfigSupported(): the browser's verdict where it says yes, else this package's. */
  static isConfigSupported(config: AudioEncoderConfig): Promise<AudioEncoderSupport> {
    return hybridConfigSupport(spec, config) as Promise<AudioEncoderSupport>;
  }

  get [Symbol.toStringTag](): string {
    return 'AudioEncoder';
  }
}
markPackageClass(AudioEncoder);
markPackageClass(HybridAudioEncoder);
