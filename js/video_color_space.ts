/**
 * VideoColorSpace (WebCodecs §9.9 "VideoColorSpace Interface") and its enums (§9.10–9.12).
 */
import { toDictionary, toEnum } from './webidl';

/** §9.10 VideoColorPrimaries. */
export type VideoColorPrimaries = 'bt709' | 'bt470bg' | 'smpte170m' | 'bt2020' | 'smpte432';
/** §9.11 VideoTransferCharacteristics. */
export type VideoTransferCharacteristics = 'bt709' | 'smpte170m' | 'iec61966-2-1' | 'linear' | 'pq' | 'hlg';
/** §9.12 VideoMatrixCoefficients. */
export type VideoMatrixCoefficients = 'rgb' | 'bt709' | 'bt470bg' | 'smpte170m' | 'bt2020-ncl';

/** The values of VideoColorPrimaries. */
export const VIDEO_COLOR_PRIMARIES: readonly VideoColorPrimaries[] = ['bt709', 'bt470bg', 'smpte170m', 'bt2020', 'smpte432'];
/** The values of VideoTransferCharacteristics. */
export const VIDEO_TRANSFER_CHARACTERISTICS: readonly VideoTransferCharacteristics[] = [
  'bt709', 'smpte170m', 'iec61966-2-1', 'linear', 'pq', 'hlg',
];
/** The values of VideoMatrixCoefficients. */
export const VIDEO_MATRIX_COEFFICIENTS: readonly VideoMatrixCoefficients[] = ['rgb', 'bt709', 'bt470bg', 'smpte170m', 'bt2020-ncl'];

/** The VideoColorSpaceInit dictionary; every member may be null or absent. */
export interface VideoColorSpaceInit {
  primaries?: VideoColorPrimaries | null;
  transfer?: VideoTransferCharacteristics | null;
  matrix?: VideoMatrixCoefficients | null;
  fullRange?: boolean | null;
}

/** A VideoColorSpaceInit with every member present (the form toJSON() returns). */
export interface ResolvedColorSpace {
  primaries: VideoColorPrimaries | null;
  transfer: VideoTransferCharacteristics | null;
  matrix: VideoMatrixCoefficients | null;
  fullRange: boolean | null;
}

function nullableEnum<T extends string>(value: unknown, values: readonly T[], name: string): T | null {
  return value === undefined || value === null ? null : toEnum(value, values, name);
}

/**
 * Converts a VideoColorSpaceInit (WebIDL dictionary conversion: unknown enum values throw a
 * TypeError) to its four resolved members.
 */
export function parseColorSpaceInit(init: unknown): ResolvedColorSpace {
  const dict = toDictionary(init, 'VideoColorSpaceInit');
  return {
    fullRange: dict.fullRange === undefined || dict.fullRange === null ? null : Boolean(dict.fullRange),
    matrix: nullableEnum(dict.matrix, VIDEO_MATRIX_COEFFICIENTS, 'VideoMatrixCoefficients'),
    primaries: nullableEnum(dict.primaries, VIDEO_COLOR_PRIMARIES, 'VideoColorPrimaries'),
    transfer: nullableEnum(dict.transfer, VIDEO_TRANSFER_CHARACTERISTICS, 'VideoTransferCharacteristics'),
  };
}

/** Clones a VideoColorSpaceInit keeping only the members that exist (§7.2 "Clone Configuration"). */
export function cloneColorSpaceInit(init: unknown): VideoColorSpaceInit {
  const resolved = parseColorSpaceInit(init);
  const dict = toDictionary(init, 'VideoColorSpaceInit');
  const clone: VideoColorSpaceInit = {};
  if (dict.fullRange !== undefined) clone.fullRange = resolved.fullRange;
  if (dict.matrix !== undefined) clone.matrix = resolved.matrix;
  if (dict.primaries !== undefined) clone.primaries = resolved.primaries;
  if (dict.transfer !== undefined) clone.transfer = resolved.transfer;
  return clone;
}

/** §9.9 VideoColorSpace: the color space of a VideoFrame. Immutable. */
export class VideoColorSpace {
  readonly #value: ResolvedColorSpace;

  /** §9.9.2 VideoColorSpace(init): members absent from `init` become null. */
  constructor(init: VideoColorSpaceInit = {}) {
    this.#value = parseColorSpaceInit(init);
  }

  /** Color primaries, or null when unknown. */
  get primaries(): VideoColorPrimaries | null {
    return this.#value.primaries;
  }

  /** Transfer characteristics, or null when unknown. */
  get transfer(): VideoTransferCharacteristics | null {
    return this.#value.transfer;
  }

  /** Matrix coefficients, or null when unknown. */
  get matrix(): VideoMatrixCoefficients | null {
    return this.#value.matrix;
  }

  /** Whether the samples use the full range (true) or the limited range (false); null when unknown. */
  get fullRange(): boolean | null {
    return this.#value.fullRange;
  }

  /** The four members as a VideoColorSpaceInit (null members included). */
  toJSON(): ResolvedColorSpace {
    return { ...this.#value };
  }

  get [Symbol.toStringTag](): string {
    return 'VideoColorSpace';
  }
}

/** The sRGB Color Space (§1 Definitions). */
export const SRGB_COLOR_SPACE: ResolvedColorSpace = { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true };
/** The REC709 Color Space (§1 Definitions). */
export const REC709_COLOR_SPACE: ResolvedColorSpace = { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: false };
