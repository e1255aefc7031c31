/** AudioEncoder (WebCodecs §5). */
import { AudioData } from './audio_data';
import {
  AudioEncoderConfig,
  audioEncoderConfigError,
  AudioEncoderSupport,
  cloneAudioEncoderConfig,
  parseAudioEncoderConfig,
  ParsedAudioEncoderConfig,
} from './audio_encoder_config';
import type { AudioDecoderConfig } from './audio_decoder_config';
import { isCodecConfigSupported, MediaOutput } from './codec_base';
import { EncodedAudioChunk } from './encoded_audio_chunk';
import { EncoderBase } from './encoder_base';
import type { CoreCodecConfig, CoreEncoderParams } from './transport/transport';

/** §5.1 AudioEncoderInit. */
export interface AudioEncoderInit {
  output: (chunk: EncodedAudioChunk, metadata: EncodedAudioChunkMetadata) => void;
  error: (error: DOMException) => void;
}

/** §5.2 EncodedAudioChunkMetadata. */
export interface EncodedAudioChunkMetadata {
  decoderConfig?: AudioDecoderConfig;
}

// What each FFmpeg encoder of the build takes: channel counts and sample rates (Hz).
interface AudioEncoderLimits {
  ffmpegEncoder: string;
  maxChannels: number;
  /** Accepted rates, or null for any rate in [MIN_SAMPLE_RATE, maxRate]. */
  rates: ReadonlySet<number> | null;
  maxRate: number;
}

const MIN_SAMPLE_RATE = 3000;
const AAC_RATES = new Set([7350, 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000, 64000, 88200, 96000]);
const MP3_RATES = new Set([8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000]);

const AUDIO_ENCODERS: ReadonlyMap<string, AudioEncoderLimits> = new Map<string, AudioEncoderLimits>([
  // libopus encodes at 48 kHz; other rates are resampled first, as Chromium does. Two channels
  // at most, as Chromium's Opus encoder.
  ['opus', { ffmpegEncoder: 'libopus', maxChannels: 2, rates: null, maxRate: 768000 }],
  // FFmpeg's native encoder: AAC-LC, the profile 'mp4a.40.2' names.
  ['mp4a.40.2', { ffmpegEncoder: 'aac', maxChannels: 8, rates: AAC_RATES, maxRate: 96000 }],
  ['mp4a.40.02', { ffmpegEncoder: 'aac', maxChannels: 8, rates: AAC_RATES, maxRate: 96000 }],
  ['flac', { ffmpegEncoder: 'flac', maxChannels: 8, rates: null, maxRate: 655350 }],
  ['vorbis', { ffmpegEncoder: 'libvorbis', maxChannels: 8, rates: null, maxRate: 192000 }],
  ['mp3', { ffmpegEncoder: 'libmp3lame', maxChannels: 2, rates: MP3_RATES, maxRate: 48000 }],
  ['ulaw', { ffmpegEncoder: 'pcm_mulaw', maxChannels: 32, rates: null, maxRate: 768000 }],
  ['alaw', { ffmpegEncoder: 'pcm_alaw', maxChannels: 32, rates: null, maxRate: 768000 }],
  ['pcm-u8', { ffmpegEncoder: 'pcm_u8', maxChannels: 32, rates: null, maxRate: 768000 }],
  ['pcm-s16', { ffmpegEncoder: 'pcm_s16le', maxChannels: 32, rates: null, maxRate: 768000 }],
  ['pcm-s24', { ffmpegEncoder: 'pcm_s24le', maxChannels: 32, rates: null, maxRate: 768000 }],
  ['pcm-s32', { ffmpegEncoder: 'pcm_s32le', maxChannels: 32, rates: null, maxRate: 768000 }],
  ['pcm-f32', { ffmpegEncoder: 'pcm_f32le', maxChannels: 32, rates: null, maxRate: 768000 }],
]);

const OPUS_SIGNAL = { auto: 0, music: 1, voice: 2 } as const;
const OPUS_APPLICATION = { audio: 0, voip: 1, lowdelay: 2 } as const;

/** The synchronous part of "Check Configuration Support" (§7.1): the core config, or null if unsupported. */
function resolveCoreConfig(config: ParsedAudioEncoderConfig): CoreCodecConfig | null {
  const limits = AUDIO_ENCODERS.get(config.codec);
  if (!limits) return null;
  const { sampleRate, numberOfChannels } = config;
  if (numberOfChannels > limits.maxChannels) return null;
  if (limits.rates ? !limits.rates.has(sampleRate) : sampleRate < MIN_SAMPLE_RATE || sampleRate > limits.maxRate) return null;
  const params: CoreEncoderParams = { bitrateMode: config.bitrateMode === 'constant' ? 1 : 0 };
  if (config.bitrate !== undefined) params.bitrate = config.bitrate;
  if (config.codec === 'opus') {
    const opus = config.opus;
    // Ogg-encapsulated Opus is a container format, not chunks.
    if (opus?.format === 'ogg') return null;
    if (opus) {
      params.frameDurationUs = opus.frameDuration!;
      if (opus.complexity !== undefined) params.complexity = opus.complexity;
      params.packetLossPerc = opus.packetlossperc!;
      params.inbandFec = opus.useinbandfec ? 1 : 0;
      params.dtx = opus.usedtx ? 1 : 0;
      params.signal = OPUS_SIGNAL[opus.signal!];
      params.application = OPUS_APPLICATION[opus.application!];
    }
  }
  if (limits.ffmpegEncoder === 'aac') params.adts = config.aac?.format === 'adts' ? 1 : 0;
  if (config.codec === 'flac' && config.flac) {
    params.blockSize = config.flac.blockSize!;
    params.compressLevel = config.flac.compressLevel!;
  }
  return { codec: limits.ffmpegEncoder, sampleRate, numberOfChannels, encoder: params };
}

/** WebIDL conversion and "valid AudioEncoderConfig" (§7.6); TypeError when invalid. */
export function parseValidConfig(config: unknown): ParsedAudioEncoderConfig {
  const parsed = parseAudioEncoderConfig(config);
  const error = audioEncoderConfigError(parsed);
  if (error) throw new TypeError(error);
  return parsed;
}

// Byte layout of AudioInputHeader (src/codec_task.h): sampleRate, numberOfFrames,
// numberOfChannels, reserved (int32 each), then f32-planar samples.
const HEADER_BYTES = 16;

/** The encoder's input for `data`: an AudioInputHeader and every channel as f32-planar. */
function audioPayload(data: AudioData, config: ParsedAudioEncoderConfig): Uint8Array {
  // As Chromium: audio whose layout differs from the configuration is an encoding error.
  if (data.numberOfChannels !== config.numberOfChannels || data.sampleRate !== config.sampleRate) {
    throw new Error(
      `the AudioData has ${data.numberOfChannels} channels at ${data.sampleRate} Hz; ` +
        `the encoder is configured for ${config.numberOfChannels} at ${config.sampleRate} Hz`,
    );
  }
  const frames = data.numberOfFrames;
  const payload = new Uint8Array(HEADER_BYTES + data.numberOfChannels * frames * 4);
  const view = new DataView(payload.buffer);
  view.setInt32(0, data.sampleRate, true);
  view.setInt32(4, frames, true);
  view.setInt32(8, data.numberOfChannels, true);
  for (let channel = 0; channel < data.numberOfChannels; channel++) {
    data.copyTo(new Float32Array(payload.buffer, HEADER_BYTES + channel * frames * 4, frames), { planeIndex: channel, format: 'f32-planar' });
  }
  return payload;
}

/** §5 AudioEncoder: encodes AudioData into EncodedAudioChunks. */
export class AudioEncoder extends EncoderBase<AudioEncoderConfig, ParsedAudioEncoderConfig, EncodedAudioChunk, EncodedAudioChunkMetadata> {
  #current: ParsedAudioEncoderConfig | null = null;

  /** §5.2 AudioEncoder(init): TypeError unless `init.output` and `init.error` are functions. */
  constructor(init: AudioEncoderInit) {
    super(init, {
      kind: 'audio-encoder',
      initName: 'AudioEncoderInit',
      prepareConfigure: (config) => {
        const parsed = parseValidConfig(config);
        return { core: resolveCoreConfig(parsed), activeConfig: parsed };
      },
      makeOutput: (output, config) => makeOutputs(output, config),
    });
  }

  protected configured(activeConfig: ParsedAudioEncoderConfig): void {
    this.#current = activeConfig;
  }

  /** §5.5 encode(): TypeError for closed audio, InvalidStateError unless configured. The caller may close `data` at once. */
  encode(data: AudioData): void {
    if (!(data instanceof AudioData)) {
      if (Object.prototype.toString.call(data) !== '[object AudioData]') throw new TypeError("The provided value is not of type 'AudioData'.");
    }
    if (data.format === null && data.numberOfFrames === 0) throw new TypeError('Cannot encode a closed AudioData.');
    this.requireConfigured();
    const config = this.#current!;
    // A clone of this package's AudioData, or a copy of another implementation's (the browser's own).
    const clone = data instanceof AudioData ? data.clone() : copyForeignAudio(data);
    this.queueEncode({
      take: () => ({ timestamp: clone.timestamp, duration: clone.duration, key: false, data: audioPayload(clone, config) }),
      release: () => clone.close(),
    });
  }

  /** §5.5 isConfigSupported(): rejects with TypeError for an invalid config. */
  static isConfigSupported(config: AudioEncoderConfig): Promise<AudioEncoderSupport> {
    return isCodecConfigSupported('audio-encoder', config, parseValidConfig, cloneAudioEncoderConfig, resolveCoreConfig);
  }

  get [Symbol.toStringTag](): string {
    return 'AudioEncoder';
  }
}

/** This package's AudioData with the samples of another implementation's, as f32-planar. */
function copyForeignAudio(data: AudioData): AudioData {
  const frames = data.numberOfFrames;
  const samples = new Float32Array(frames * data.numberOfChannels);
  for (let channel = 0; channel < data.numberOfChannels; channel++) {
    data.copyTo(samples.subarray(channel * frames, (channel + 1) * frames), { planeIndex: channel, format: 'f32-planar' });
  }
  return new AudioData({
    format: 'f32-planar',
    sampleRate: data.sampleRate,
    numberOfFrames: frames,
    numberOfChannels: data.numberOfChannels,
    timestamp: data.timestamp,
    data: samples,
  });
}

/** "Output EncodedAudioChunks" (§5.6) for one chunk of the core. */
function makeOutputs(output: MediaOutput, config: ParsedAudioEncoderConfig): [EncodedAudioChunk, EncodedAudioChunkMetadata] {
  if (output.type !== 'chunk') throw new Error('AudioEncoder: the core returned a decoded output.');
  const init: { type: 'key' | 'delta'; timestamp: number; duration?: number; data: Uint8Array } = {
    type: output.key ? 'key' : 'delta',
    timestamp: output.timestamp,
    data: output.data,
  };
  if (output.duration !== null) init.duration = output.duration;
  const chunk = new EncodedAudioChunk(init);
  const metadata: EncodedAudioChunkMetadata = {};
  const core = output.decoderConfig;
  if (core) {
    const decoderConfig: AudioDecoderConfig = {
      codec: config.codec,
      sampleRate: core.sampleRate || config.sampleRate,
      numberOfChannels: core.numberOfChannels || config.numberOfChannels,
    };
    if (core.description) decoderConfig.description = core.description.slice().buffer;
    metadata.decoderConfig = decoderConfig;
  }
  return [chunk, metadata];
}
