/**
 * AudioDecoderConfig (WebCodecs §7.5): dictionary conversion, "valid AudioDecoderConfig" and
 * "Clone Configuration" (§7.2).
 */
import { BufferSourceLike, bytesOf, isBufferSource, isSourceDetached } from './buffer_source';
import { enforceUnsignedLong, requireMember, stripAsciiWhitespace, toDictionary, toDOMString } from './webidl';

/** §7.5 AudioDecoderConfig. */
export interface AudioDecoderConfig {
  codec: string;
  sampleRate: number;
  numberOfChannels: number;
  description?: BufferSourceLike;
}

/** §7.3 AudioDecoderSupport. */
export interface AudioDecoderSupport {
  supported: boolean;
  config: AudioDecoderConfig;
}

/** WebIDL conversion of an AudioDecoderConfig; throws TypeError for wrong types and missing required members. */
export function parseAudioDecoderConfig(value: unknown): AudioDecoderConfig {
  const dict = toDictionary(value, 'AudioDecoderConfig');
  const parsed: AudioDecoderConfig = {
    codec: toDOMString(requireMember(dict, 'codec', 'AudioDecoderConfig'), 'codec'),
    numberOfChannels: enforceUnsignedLong(requireMember(dict, 'numberOfChannels', 'AudioDecoderConfig'), 'numberOfChannels'),
    sampleRate: enforceUnsignedLong(requireMember(dict, 'sampleRate', 'AudioDecoderConfig'), 'sampleRate'),
  };
  if (dict.description !== undefined) {
    if (!isBufferSource(dict.description)) throw new TypeError("The 'description' member is not a BufferSource.");
    parsed.description = dict.description;
  }
  return parsed;
}

/** §7.5 "valid AudioDecoderConfig": the reason the config is invalid, or null when it is valid. */
export function audioDecoderConfigError(config: AudioDecoderConfig): string | null {
  if (stripAsciiWhitespace(config.codec) === '') return 'Invalid codec; codec is required.';
  // w3c/webcodecs#878, as Chromium does: zero rates and channel counts are TypeErrors.
  if (config.sampleRate === 0) return 'Invalid sample rate; sample rate must be non-zero.';
  if (config.numberOfChannels === 0) return 'Invalid channel count; channel count must be non-zero.';
  if (config.description !== undefined && isSourceDetached(config.description)) {
    return 'Invalid description; the buffer is detached.';
  }
  return null;
}

/** §7.2 "Clone Configuration": only recognised members that exist, `description` deep-copied. */
export function cloneAudioDecoderConfig(config: AudioDecoderConfig): AudioDecoderConfig {
  const clone: AudioDecoderConfig = {
    codec: config.codec,
    numberOfChannels: config.numberOfChannels,
    sampleRate: config.sampleRate,
  };
  if (config.description !== undefined) clone.description = bytesOf(config.description, 'description').slice().buffer;
  return clone;
}
