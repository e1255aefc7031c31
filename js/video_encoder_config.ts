/**
 * VideoEncoderConfig (WebCodecs §7.7) and VideoEncoderEncodeOptions (§7.8): dictionary
 * conversion, "valid VideoEncoderConfig" and "Clone Configuration" (§7.2).
 */
import { HARDWARE_ACCELERATION, HardwareAcceleration } from './video_decoder_config';
import { enforceUnsignedLong, enforceUnsignedLongLong, optionalUnsignedLong, requireMember, stripAsciiWhitespace, toDictionary, toDOMString, toEnum, toFiniteNumber } from './webidl';

/** §7.15 AlphaOption. */
export type AlphaOption = 'keep' | 'discard';
/** §7.16 LatencyMode. */
export type LatencyMode = 'quality' | 'realtime';
/** §7.7 VideoEncoderBitrateMode. */
export type VideoEncoderBitrateMode = 'constant' | 'variable' | 'quantizer';
/** AVC registration: AvcBitstreamFormat. */
export type AvcBitstreamFormat = 'annexb' | 'avc';
/** HEVC registration: HevcBitstreamFormat. */
export type HevcBitstreamFormat = 'annexb' | 'hevc';

/** §7.7 VideoEncoderConfig, with the registrations' per-codec members. */
export interface VideoEncoderConfig {
  codec: string;
  width: number;
  height: number;
  displayWidth?: number;
  displayHeight?: number;
  bitrate?: number;
  framerate?: number;
  hardwareAcceleration?: HardwareAcceleration;
  alpha?: AlphaOption;
  scalabilityMode?: string;
  bitrateMode?: VideoEncoderBitrateMode;
  latencyMode?: LatencyMode;
  contentHint?: string;
  avc?: { format?: AvcBitstreamFormat };
  hevc?: { format?: HevcBitstreamFormat };
}

/** §7.4 VideoEncoderSupport. */
export interface VideoEncoderSupport {
  supported: boolean;
  config: VideoEncoderConfig;
}

/** A VideoEncoderConfig after WebIDL conversion: defaults applied, every member typed. */
export interface ParsedVideoEncoderConfig extends VideoEncoderConfig {
  hardwareAcceleration: HardwareAcceleration;
  alpha: AlphaOption;
  bitrateMode: VideoEncoderBitrateMode;
  latencyMode: LatencyMode;
}

const ALPHA: readonly AlphaOption[] = ['keep', 'discard'];
const LATENCY: readonly LatencyMode[] = ['quality', 'realtime'];
const BITRATE_MODES: readonly VideoEncoderBitrateMode[] = ['constant', 'variable', 'quantizer'];
const AVC_FORMATS: readonly AvcBitstreamFormat[] = ['annexb', 'avc'];
const HEVC_FORMATS: readonly HevcBitstreamFormat[] = ['annexb', 'hevc'];

/** WebIDL conversion of a VideoEncoderConfig, members in the order bindings read them (alphabetical). */
export function parseVideoEncoderConfig(value: unknown): ParsedVideoEncoderConfig {
  const dict = toDictionary(value, 'VideoEncoderConfig');
  const name = 'VideoEncoderConfig';
  const alpha = dict.alpha === undefined ? 'discard' : toEnum(dict.alpha, ALPHA, 'AlphaOption');
  let avc: VideoEncoderConfig['avc'];
  if (dict.avc !== undefined) {
    const avcDict = toDictionary(dict.avc, 'AvcEncoderConfig');
    avc = { format: avcDict.format === undefined ? 'avc' : toEnum(avcDict.format, AVC_FORMATS, 'AvcBitstreamFormat') };
  }
  const bitrate = dict.bitrate === undefined ? undefined : enforceUnsignedLongLong(dict.bitrate, 'bitrate');
  const bitrateMode = dict.bitrateMode === undefined ? 'variable' : toEnum(dict.bitrateMode, BITRATE_MODES, 'VideoEncoderBitrateMode');
  const codec = toDOMString(requireMember(dict, 'codec', name), 'codec');
  const contentHint = dict.contentHint === undefined ? undefined : toDOMString(dict.contentHint, 'contentHint');
  const displayHeight = optionalUnsignedLong(dict.displayHeight, 'displayHeight');
  const displayWidth = optionalUnsignedLong(dict.displayWidth, 'displayWidth');
  const framerate = dict.framerate === undefined ? undefined : toFiniteNumber(dict.framerate, 'framerate');
  const hardwareAcceleration =
    dict.hardwareAcceleration === undefined ? 'no-preference' : toEnum(dict.hardwareAcceleration, HARDWARE_ACCELERATION, 'HardwareAcceleration');
  const height = enforceUnsignedLong(requireMember(dict, 'height', name), 'height');
  let hevc: VideoEncoderConfig['hevc'];
  if (dict.hevc !== undefined) {
    const hevcDict = toDictionary(dict.hevc, 'HevcEncoderConfig');
    hevc = { format: hevcDict.format === undefined ? 'hevc' : toEnum(hevcDict.format, HEVC_FORMATS, 'HevcBitstreamFormat') };
  }
  const latencyMode = dict.latencyMode === undefined ? 'quality' : toEnum(dict.latencyMode, LATENCY, 'LatencyMode');
  const scalabilityMode = dict.scalabilityMode === undefined ? undefined : toDOMString(dict.scalabilityMode, 'scalabilityMode');
  const width = enforceUnsignedLong(requireMember(dict, 'width', name), 'width');

  const parsed: ParsedVideoEncoderConfig = { codec, width, height, hardwareAcceleration, alpha, bitrateMode, latencyMode };
  if (displayWidth !== undefined) parsed.displayWidth = displayWidth;
  if (displayHeight !== undefined) parsed.displayHeight = displayHeight;
  if (bitrate !== undefined) parsed.bitrate = bitrate;
  if (framerate !== undefined) parsed.framerate = framerate;
  if (scalabilityMode !== undefined) parsed.scalabilityMode = scalabilityMode;
  if (contentHint !== undefined) parsed.contentHint = contentHint;
  if (avc !== undefined) parsed.avc = avc;
  if (hevc !== undefined) parsed.hevc = hevc;
  return parsed;
}

/** §7.7 "valid VideoEncoderConfig": the reason the config is invalid, or null when it is valid. */
export function videoEncoderConfigError(config: ParsedVideoEncoderConfig): string | null {
  if (stripAsciiWhitespace(config.codec) === '') return 'Invalid codec; codec is required.';
  if (config.width === 0 || config.height === 0) return 'Invalid size; width and height must be non-zero.';
  if (config.displayWidth === 0 || config.displayHeight === 0) return 'Invalid display size; it must be non-zero.';
  // As Chromium: a display size is both members or neither.
  if ((config.displayWidth === undefined) !== (config.displayHeight === undefined)) {
    return 'Invalid display size; displayWidth and displayHeight must be given together.';
  }
  if (config.bitrate === 0) return 'Invalid bitrate; it must be non-zero.';
  if (config.framerate !== undefined && config.framerate <= 0) return 'Invalid framerate; it must be positive.';
  return null;
}

/** §7.2 "Clone Configuration": the members that exist, nested dictionaries copied. */
export function cloneVideoEncoderConfig(config: ParsedVideoEncoderConfig): VideoEncoderConfig {
  const clone: VideoEncoderConfig = { codec: config.codec, width: config.width, height: config.height };
  if (config.displayWidth !== undefined) clone.displayWidth = config.displayWidth;
  if (config.displayHeight !== undefined) clone.displayHeight = config.displayHeight;
  if (config.bitrate !== undefined) clone.bitrate = config.bitrate;
  if (config.framerate !== undefined) clone.framerate = config.framerate;
  clone.hardwareAcceleration = config.hardwareAcceleration;
  clone.alpha = config.alpha;
  if (config.scalabilityMode !== undefined) clone.scalabilityMode = config.scalabilityMode;
  clone.bitrateMode = config.bitrateMode;
  clone.latencyMode = config.latencyMode;
  // Chromium's IDL gives contentHint a default of "", so its clones always have it.
  clone.contentHint = config.contentHint ?? '';
  if (config.avc !== undefined) clone.avc = { ...config.avc };
  if (config.hevc !== undefined) clone.hevc = { ...config.hevc };
  return clone;
}

/** §7.8 VideoEncoderEncodeOptions, with the registrations' per-codec quantizer members. */
export interface VideoEncoderEncodeOptions {
  keyFrame?: boolean;
  vp9?: { quantizer?: number };
  av1?: { quantizer?: number };
  avc?: { quantizer?: number };
  hevc?: { quantizer?: number };
}

/** The converted options: keyFrame and the quantizer of each codec that has one. */
export interface ParsedEncodeOptions {
  keyFrame: boolean;
  quantizer: Partial<Record<'vp9' | 'av1' | 'avc' | 'hevc', number>>;
}

/** WebIDL conversion of VideoEncoderEncodeOptions; quantizers are [EnforceRange] unsigned short. */
export function parseEncodeOptions(value: unknown): ParsedEncodeOptions {
  const dict = toDictionary(value, 'VideoEncoderEncodeOptions');
  const quantizer: ParsedEncodeOptions['quantizer'] = {};
  for (const family of ['av1', 'avc', 'hevc', 'vp9'] as const) {
    if (dict[family] === undefined) continue;
    const options = toDictionary(dict[family], `VideoEncoderEncodeOptionsFor${family}`);
    if (options.quantizer === undefined) continue;
    const q = enforceUnsignedLong(options.quantizer, 'quantizer');
    if (q > 0xffff) throw new TypeError('quantizer is outside the range [0, 65535].');
    quantizer[family] = q;
  }
  return { keyFrame: dict.keyFrame === undefined ? false : Boolean(dict.keyFrame), quantizer };
}
