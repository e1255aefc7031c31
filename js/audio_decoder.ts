/** AudioDecoder (WebCodecs §3). */
import { AudioData, createDecodedAudioData } from './audio_data';
import {
  AudioDecoderConfig,
  audioDecoderConfigError,
  AudioDecoderSupport,
  cloneAudioDecoderConfig,
  parseAudioDecoderConfig,
} from './audio_decoder_config';
import { bytesOf } from './buffer_source';
import { DecoderBase, isCodecConfigSupported } from './codec_base';
import { parseAudioCodecString } from './codec_string';
import { EncodedAudioChunk } from './encoded_audio_chunk';
import type { CoreCodecConfig } from './transport/transport';

/** §3.1 AudioDecoderInit. */
export interface AudioDecoderInit {
  output: (data: AudioData) => void;
  error: (error: DOMException) => void;
}

// media::limits (Chromium): channel count and sample rate range a decoder accepts.
const MAX_CHANNELS = 32;
const MIN_SAMPLE_RATE = 3000;
const MAX_SAMPLE_RATE = 768000;

/** The synchronous part of "Check Configuration Support" (§7.1): the core config, or null if unsupported. */
function resolveCoreConfig(config: AudioDecoderConfig): CoreCodecConfig | null {
  const codec = parseAudioCodecString(config.codec);
  if (!codec) return null;
  if (config.numberOfChannels > MAX_CHANNELS) return null;
  if (config.sampleRate < MIN_SAMPLE_RATE || config.sampleRate > MAX_SAMPLE_RATE) return null;
  const core: CoreCodecConfig = {
    codec: codec.ffmpegDecoder,
    sampleRate: config.sampleRate,
    numberOfChannels: config.numberOfChannels,
  };
  // The description is copied now: later changes to the caller's buffer must not matter.
  if (config.description !== undefined) core.description = bytesOf(config.description, 'description').slice();
  return core;
}

/** WebIDL conversion and "valid AudioDecoderConfig" (§7.5); TypeError when invalid. */
export function parseValidConfig(config: unknown): AudioDecoderConfig {
  const parsed = parseAudioDecoderConfig(config);
  const error = audioDecoderConfigError(parsed);
  if (error) throw new TypeError(error);
  return parsed;
}

/** §3 AudioDecoder: decodes EncodedAudioChunks into AudioData. */
export class AudioDecoder extends DecoderBase<AudioDecoderConfig, EncodedAudioChunk, null, AudioData> {
  /** §3.2 AudioDecoder(init): TypeError unless `init.output` and `init.error` are functions. */
  constructor(init: AudioDecoderInit) {
    super(init, {
      kind: 'audio-decoder',
      initName: 'AudioDecoderInit',
      chunkClass: EncodedAudioChunk,
      chunkName: 'EncodedAudioChunk',
      prepareConfigure: (config) => ({ core: resolveCoreConfig(parseValidConfig(config)), activeConfig: null }),
      makeOutput: (output) => {
        if (output.type !== 'audio') throw new Error('AudioDecoder: the core returned video.');
        return createDecodedAudioData(output);
      },
    });
  }

  /** §3.5 isConfigSupported(): rejects with TypeError for an invalid config. */
  static isConfigSupported(config: AudioDecoderConfig): Promise<AudioDecoderSupport> {
    return isCodecConfigSupported('audio-decoder', config, parseValidConfig, cloneAudioDecoderConfig, resolveCoreConfig);
  }

  get [Symbol.toStringTag](): string {
    return 'AudioDecoder';
  }
}
