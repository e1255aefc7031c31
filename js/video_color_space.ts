/**
 * VideoColorSpace (WebCodecs §9.9 "VideoColorSpace Interface") and its enums (§9.10–9.12).
 */
import { defineInterfaceShape, toDictionary, toEnum } from './webidl';

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

/** The members present in a VideoColorSpaceInit, read once each in lexicographic order (WebIDL). */
function readColorSpaceInit(init: unknown): VideoColorSpaceInit {
  const dict = toDictionary(init, 'VideoColorSpaceInit');
  const read: VideoColorSpaceInit = {};
  const fullRange = dict.fullRange;
  if (fullRange !== undefined) read.fullRange = fullRange === null ? null : Boolean(fullRange);
  const matrix = dict.matrix;
  if (matrix !== undefined) read.matrix = nullableEnum(matrix, VIDEO_MATRIX_COEFFICIENTS, 'VideoMatrixCoefficients');
  const primaries = dict.primaries;
  if (primaries !== undefined) read.primaries = nullableEnum(primaries, VIDEO_COLOR_PRIMARIES, 'VideoColorPrimaries');
  const transfer = dict.transfer;
  if (transfer !== undefined) {
    read.transfer = nullableEnum(transfer, VIDEO_TRANSFER_CHARACTERISTICS, 'VideoTransferCharacteristics');
  }
  return read;
}

/**
 * Converts a VideoColorSpaceInit (WebIDL dictionary conversion: unknown enum values throw a
 * TypeError) to its four resolved members.
 */
export function parseColorSpaceInit(init: unknown): ResolvedColorSpace {
  const read = readColorSpaceInit(init);
  return {
    fullRange: read.fullRange ?? null,
    matrix: read.matrix ?? null,
    primaries: read.primaries ?? null,
    transfer: read.transfer ?? null,
  };
}

/** Clones a VideoColorSpaceInit keeping only the members that exist (§7.2 "Clone Configuration"). */
export function cloneColorSpaceInit(init: unknown): VideoColorSpaceInit {
  return readColorSpaceInit(init);
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
}
defineInterfaceShape(VideoColorSpace, 'VideoColorSpace');

/** The sRGB Color Space (§1 Definitions). */
export const SRGB_COLOR_SPACE: ResolvedColorSpace = { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true };
/** The REC709 Color Space (§1 Definitions). */
export const REC709_COLOR_SPACE: ResolvedColorSpace = { primaries: 'bt709', transfer: 'bt709', matrix: 'bt709', fullRange: false };
