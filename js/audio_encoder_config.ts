/**
 * AudioEncoderConfig (WebCodecs §7.6) with the codec registrations' OpusEncoderConfig,
 * AacEncoderConfig and FlacEncoderConfig: dictionary conversion, "valid AudioEncoderConfig" and
 * "Clone Configuration" (§7.2).
 */
import { enforceUnsignedLong, enforceUnsignedLongLong, requireMember, stripAsciiWhitespace, toDictionary, toDOMString, toEnum } from './webidl';

/** §7.6 BitrateMode. */
export type BitrateMode = 'constant' | 'variable';
/** Opus registration: OpusBitstreamFormat, OpusSignal, OpusApplication. */
export type OpusBitstreamFormat = 'opus' | 'ogg';
export type OpusSignal = 'auto' | 'music' | 'voice';
export type OpusApplication = 'voip' | 'audio' | 'lowdelay';
/** AAC registration: AacBitstreamFormat. */
export type AacBitstreamFormat = 'aac' | 'adts';

export interface OpusEncoderConfig {
  format?: OpusBitstreamFormat;
  signal?: OpusSignal;
  application?: OpusApplication;
  frameDuration?: number;
  complexity?: number;
  packetlossperc?: number;
  useinbandfec?: boolean;
  usedtx?: boolean;
}

/** §7.6 AudioEncoderConfig. */
export interface AudioEncoderConfig {
  codec: string;
  sampleRate: number;
  numberOfChannels: number;
  bitrate?: number;
  bitrateMode?: BitrateMode;
  opus?: OpusEncoderConfig;
  aac?: { format?: AacBitstreamFormat };
  flac?: { blockSize?: number; compressLevel?: number };
}

/** §7.4 AudioEncoderSupport. */
export interface AudioEncoderSupport {
  supported: boolean;
  config: AudioEncoderConfig;
}

export interface ParsedAudioEncoderConfig extends AudioEncoderConfig {
  bitrateMode: BitrateMode;
}

const BITRATE_MODES: readonly BitrateMode[] = ['constant', 'variable'];
const OPUS_FORMATS: readonly OpusBitstreamFormat[] = ['opus', 'ogg'];
const OPUS_SIGNALS: readonly OpusSignal[] = ['auto', 'music', 'voice'];
const OPUS_APPLICATIONS: readonly OpusApplication[] = ['voip', 'audio', 'lowdelay'];
const AAC_FORMATS: readonly AacBitstreamFormat[] = ['aac', 'adts'];
// Opus registration: the frame durations libopus can encode, in µs.
const OPUS_FRAME_DURATIONS = new Set([2500, 5000, 10000, 20000, 40000, 60000, 80000, 100000, 120000]);

function parseOpus(value: unknown): OpusEncoderConfig {
  const dict = toDictionary(value, 'OpusEncoderConfig');
  // Members in alphabetical order, with the registration's defaults.
  const opus: OpusEncoderConfig = {
    application: dict.application === undefined ? 'audio' : toEnum(dict.application, OPUS_APPLICATIONS, 'OpusApplication'),
  };
  if (dict.complexity !== undefined) opus.complexity = enforceUnsignedLong(dict.complexity, 'complexity');
  opus.format = dict.format === undefined ? 'opus' : toEnum(dict.format, OPUS_FORMATS, 'OpusBitstreamFormat');
  opus.frameDuration = dict.frameDuration === undefined ? 20000 : enforceUnsignedLongLong(dict.frameDuration, 'frameDuration');
  opus.packetlossperc = dict.packetlossperc === undefined ? 0 : enforceUnsignedLong(dict.packetlossperc, 'packetlossperc');
  opus.signal = dict.signal === undefined ? 'auto' : toEnum(dict.signal, OPUS_SIGNALS, 'OpusSignal');
  opus.usedtx = dict.usedtx === undefined ? false : Boolean(dict.usedtx);
  opus.useinbandfec = dict.useinbandfec === undefined ? false : Boolean(dict.useinbandfec);
  return opus;
}

/** WebIDL conversion of an AudioEncoderConfig; TypeError for wrong types and missing required members. */
export function parseAudioEncoderConfig(value: unknown): ParsedAudioEncoderConfig {
  const dict = toDictionary(value, 'AudioEncoderConfig');
  const name = 'AudioEncoderConfig';
  let aac: AudioEncoderConfig['aac'];
  if (dict.aac !== undefined) {
    const aacDict = toDictionary(dict.aac, 'AacEncoderConfig');
    aac = { format: aacDict.format === undefined ? 'aac' : toEnum(aacDict.format, AAC_FORMATS, 'AacBitstreamFormat') };
  }
  const bitrate = dict.bitrate === undefined ? undefined : enforceUnsignedLongLong(dict.bitrate, 'bitrate');
  const bitrateMode = dict.bitrateMode === undefined ? 'variable' : toEnum(dict.bitrateMode, BITRATE_MODES, 'BitrateMode');
  const codec = toDOMString(requireMember(dict, 'codec', name), 'codec');
  let flac: AudioEncoderConfig['flac'];
  if (dict.flac !== undefined) {
    const flacDict = toDictionary(dict.flac, 'FlacEncoderConfig');
    flac = {
      blockSize: flacDict.blockSize === undefined ? 0 : enforceUnsignedLong(flacDict.blockSize, 'blockSize'),
      compressLevel: flacDict.compressLevel === undefined ? 5 : enforceUnsignedLong(flacDict.compressLevel, 'compressLevel'),
    };
  }
  const numberOfChannels = enforceUnsignedLong(requireMember(dict, 'numberOfChannels', name), 'numberOfChannels');
  const opus = dict.opus === undefined ? undefined : parseOpus(dict.opus);
  const sampleRate = enforceUnsignedLong(requireMember(dict, 'sampleRate', name), 'sampleRate');

  const parsed: ParsedAudioEncoderConfig = { codec, sampleRate, numberOfChannels, bitrateMode };
  if (bitrate !== undefined) parsed.bitrate = bitrate;
  if (opus !== undefined) parsed.opus = opus;
  if (aac !== undefined) parsed.aac = aac;
  if (flac !== undefined) parsed.flac = flac;
  return parsed;
}

/** §7.6 "valid AudioEncoderConfig" and the registrations' validity rules; null when valid. */
export function audioEncoderConfigError(config: ParsedAudioEncoderConfig): string | null {
  if (stripAsciiWhitespace(config.codec) === '') return 'Invalid codec; codec is required.';
  if (config.sampleRate === 0) return 'Invalid sample rate; sample rate must be non-zero.';
  if (config.numberOfChannels === 0) return 'Invalid channel count; channel count must be non-zero.';
  if (config.bitrate === 0) return 'Invalid bitrate; it must be non-zero.';
  const opus = config.opus;
  if (opus && config.codec === 'opus') {
    if (!OPUS_FRAME_DURATIONS.has(opus.frameDuration!)) return 'Invalid Opus frameDuration.';
    if (opus.complexity !== undefined && opus.complexity > 10) return 'Invalid Opus complexity; it must be 0 to 10.';
    if (opus.packetlossperc! > 100) return 'Invalid Opus packetlossperc; it must be 0 to 100.';
  }
  if (config.flac && config.codec === 'flac' && config.flac.compressLevel! > 8) {
    return 'Invalid FLAC compressLevel; it must be 0 to 8.';
  }
  return null;
}

/** §7.2 "Clone Configuration". */
export function cloneAudioEncoderConfig(config: ParsedAudioEncoderConfig): AudioEncoderConfig {
  const clone: AudioEncoderConfig = { codec: config.codec, sampleRate: config.sampleRate, numberOfChannels: config.numberOfChannels };
  if (config.bitrate !== undefined) clone.bitrate = config.bitrate;
  clone.bitrateMode = config.bitrateMode;
  if (config.opus !== undefined) clone.opus = { ...config.opus };
  if (config.aac !== undefined) clone.aac = { ...config.aac };
  if (config.flac !== undefined) clone.flac = { ...config.flac };
  return clone;
}
