/**
 * VideoDecoderConfig (WebCodecs §7.6): dictionary conversion, "valid VideoDecoderConfig" and
 * "Clone Configuration" (§7.2).
 */
import { BufferSourceLike, bytesOf, isBufferSource, isSourceDetached } from './buffer_source';
import { VideoColorSpaceInit, cloneColorSpaceInit, parseColorSpaceInit, ResolvedColorSpace } from './video_color_space';
import { optionalUnsignedLong, requireMember, stripAsciiWhitespace, toDictionary, toDOMString, toEnum, toFiniteNumber } from './webidl';

/** §7.9 HardwareAcceleration. */
export type HardwareAcceleration = 'no-preference' | 'prefer-hardware' | 'prefer-software';

export const HARDWARE_ACCELERATION: readonly HardwareAcceleration[] = ['no-preference', 'prefer-hardware', 'prefer-software'];

/** §7.6 VideoDecoderConfig. */
export interface VideoDecoderConfig {
  codec: string;
  description?: BufferSourceLike;
  codedWidth?: number;
  codedHeight?: number;
  displayAspectWidth?: number;
  displayAspectHeight?: number;
  colorSpace?: VideoColorSpaceInit;
  hardwareAcceleration?: HardwareAcceleration;
  optimizeForLatency?: boolean;
  rotation?: number;
  flip?: boolean;
}

/** §7.3 VideoDecoderSupport. */
export interface VideoDecoderSupport {
  supported: boolean;
  config: VideoDecoderConfig;
}

/** A VideoDecoderConfig after WebIDL conversion; `description` still references the caller's buffer. */
export interface ParsedVideoDecoderConfig extends Omit<VideoDecoderConfig, 'colorSpace' | 'hardwareAcceleration' | 'rotation' | 'flip'> {
  colorSpace?: ResolvedColorSpace;
  /** The caller's colorSpace dictionary, kept to clone only the members it has. */
  colorSpaceInit?: unknown;
  hardwareAcceleration: HardwareAcceleration;
  rotation: number;
  flip: boolean;
}

/** WebIDL conversion of a VideoDecoderConfig; throws TypeError for wrong types and missing `codec`. */
export function parseVideoDecoderConfig(value: unknown): ParsedVideoDecoderConfig {
  const dict = toDictionary(value, 'VideoDecoderConfig');
  const parsed: ParsedVideoDecoderConfig = {
    codec: toDOMString(requireMember(dict, 'codec', 'VideoDecoderConfig'), 'codec'),
    hardwareAcceleration:
      dict.hardwareAcceleration === undefined
        ? 'no-preference'
        : toEnum(dict.hardwareAcceleration, HARDWARE_ACCELERATION, 'HardwareAcceleration'),
    // `double rotation = 0` (a restricted double: NaN and ±Infinity are a TypeError) and
    // `boolean flip = false`. Chromium 156 converts rotation as an unsigned long instead
    // (-90 becomes 4294967206, 89.9 becomes 89); the spec's type is kept here.
    rotation: dict.rotation === undefined ? 0 : toFiniteNumber(dict.rotation, 'rotation'),
    flip: dict.flip === undefined ? false : Boolean(dict.flip),
  };
  parsed.codedWidth = optionalUnsignedLong(dict.codedWidth, 'codedWidth');
  parsed.codedHeight = optionalUnsignedLong(dict.codedHeight, 'codedHeight');
  parsed.displayAspectWidth = optionalUnsignedLong(dict.displayAspectWidth, 'displayAspectWidth');
  parsed.displayAspectHeight = optionalUnsignedLong(dict.displayAspectHeight, 'displayAspectHeight');
  if (dict.colorSpace !== undefined) {
    parsed.colorSpace = parseColorSpaceInit(dict.colorSpace);
    parsed.colorSpaceInit = dict.colorSpace;
  }
  if (dict.description !== undefined) {
    if (!isBufferSource(dict.description)) throw new TypeError("The 'description' member is not a BufferSource.");
    parsed.description = dict.description;
  }
  if (dict.optimizeForLatency !== undefined) parsed.optimizeForLatency = Boolean(dict.optimizeForLatency);
  return parsed;
}

/** §7.6 "valid VideoDecoderConfig": the reason the config is invalid, or null when it is valid. */
export function videoDecoderConfigError(config: ParsedVideoDecoderConfig): string | null {
  // Step 1.
  if (stripAsciiWhitespace(config.codec) === '') return 'Invalid codec; codec is required.';
  // Steps 2–3.
  if ((config.codedWidth === undefined) !== (config.codedHeight === undefined)) {
    return 'Invalid config; codedWidth and codedHeight must be given together.';
  }
  if (config.codedWidth === 0 || config.codedHeight === 0) return 'Invalid coded size; it must be non-zero.';
  // Steps 4–5.
  if ((config.displayAspectWidth === undefined) !== (config.displayAspectHeight === undefined)) {
    return 'Invalid config; displayAspectWidth and displayAspectHeight must be given together.';
  }
  if (config.displayAspectWidth === 0 || config.displayAspectHeight === 0) {
    return 'Invalid display aspect; it must be non-zero.';
  }
  // Step 6 (description is [detached]).
  if (config.description !== undefined && isSourceDetached(config.description)) {
    return 'Invalid description; the buffer is detached.';
  }
  return null;
}

/** §7.2 "Clone Configuration": only recognised members that exist, `description` deep-copied. */
export function cloneVideoDecoderConfig(config: ParsedVideoDecoderConfig): VideoDecoderConfig {
  const clone: VideoDecoderConfig = { codec: config.codec };
  if (config.codedHeight !== undefined) clone.codedHeight = config.codedHeight;
  if (config.codedWidth !== undefined) clone.codedWidth = config.codedWidth;
  if (config.colorSpaceInit !== undefined) clone.colorSpace = cloneColorSpaceInit(config.colorSpaceInit);
  if (config.description !== undefined) clone.description = bytesOf(config.description, 'description').slice().buffer;
  if (config.displayAspectHeight !== undefined) clone.displayAspectHeight = config.displayAspectHeight;
  if (config.displayAspectWidth !== undefined) clone.displayAspectWidth = config.displayAspectWidth;
  clone.hardwareAcceleration = config.hardwareAcceleration;
  if (config.optimizeForLatency !== undefined) clone.optimizeForLatency = config.optimizeForLatency;
  clone.rotation = config.rotation;
  clone.flip = config.flip;
  return clone;
}
