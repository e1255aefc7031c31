/**
 * The rectangle and plane-layout algorithms of VideoFrame (WebCodecs §9.4.6): "Parse Visible Rect",
 * "Verify Rect Offset Alignment", "Compute Layout and Allocation Size" and the row copy of copyTo().
 */
import { PixelFormatInfo } from './pixel_format';
import { convertDictionary, enforceUnsignedLong, requireMember, toDictionary, toUnrestrictedDouble } from './webidl';

/** An integer rectangle of pixels. */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** §9.7 PlaneLayout. */
export interface PlaneLayout {
  offset: number;
  stride: number;
}

/** "computed plane layout" (§9.4.4). */
export interface ComputedPlaneLayout {
  destinationOffset: number;
  destinationStride: number;
  sourceTop: number;
  sourceHeight: number;
  sourceLeftBytes: number;
  sourceWidthBytes: number;
}

/** "combined buffer layout" (§9.4.4). */
export interface CombinedLayout {
  allocationSize: number;
  computedLayouts: ComputedPlaneLayout[];
}

const UNSIGNED_LONG_MAX = 0xffffffff;

/** A DOMRectInit after WebIDL conversion: unrestricted doubles, 0 when absent. */
export interface RectInit {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** The WebIDL conversion of a DOMRectInit (members read once: height, width, x, y). */
export function toRectInit(value: unknown): RectInit {
  const member = (what: string) => (v: unknown) => (v === undefined ? 0 : toUnrestrictedDouble(v, what));
  return convertDictionary<RectInit>(value, 'DOMRectInit', {
    height: member('height'),
    width: member('width'),
    x: member('x'),
    y: member('y'),
  });
}

/** A converted DOMRectInit as pixels: non-finite or negative members throw; values are truncated. */
export function pixelRect(rect: RectInit, what: string): PixelRect {
  const read = (member: keyof RectInit): number => {
    const n = rect[member];
    if (!Number.isFinite(n) || n < 0) throw new TypeError(`${what}.${member} must be a finite, non-negative number.`);
    // §9.6: VideoFrame pixels are addressed by integers; DOMRectInit values are truncated.
    return Math.trunc(n);
  };
  return { height: read('height'), width: read('width'), x: read('x'), y: read('y') };
}

/** A sequence<PlaneLayout> conversion. */
export function parseLayout(value: unknown): PlaneLayout[] | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== 'object' || !(Symbol.iterator in value)) {
    throw new TypeError("The 'layout' member is not a sequence.");
  }
  return Array.from(value as Iterable<unknown>, (item) => {
    const dict = toDictionary(item, 'PlaneLayout');
    return {
      offset: enforceUnsignedLong(requireMember(dict, 'offset', 'PlaneLayout'), 'offset'),
      stride: enforceUnsignedLong(requireMember(dict, 'stride', 'PlaneLayout'), 'stride'),
    };
  });
}

/** "Verify Rect Offset Alignment": x and y are multiples of every plane's sub-sampling factors. */
export function rectOffsetAligned(format: PixelFormatInfo | undefined, rect: PixelRect): boolean {
  if (!format) return true;
  return format.planes.every((plane) => rect.x % plane.subX === 0 && rect.y % plane.subY === 0);
}

/** "Parse Visible Rect": `override` (if any) checked against the coded size, then aligned. */
export function parseVisibleRect(
  defaultRect: PixelRect,
  override: PixelRect | undefined,
  codedWidth: number,
  codedHeight: number,
  format: PixelFormatInfo | undefined,
): PixelRect {
  let rect = defaultRect;
  if (override) {
    if (override.width === 0 || override.height === 0) throw new TypeError('The rect width and height must be non-zero.');
    if (override.x + override.width > codedWidth) throw new TypeError('The rect exceeds the coded width.');
    if (override.y + override.height > codedHeight) throw new TypeError('The rect exceeds the coded height.');
    rect = override;
  }
  if (!rectOffsetAligned(format, rect)) throw new TypeError('The rect offset is not sample-aligned.');
  return rect;
}

/** "Compute Layout and Allocation Size" (§9.4.6). */
export function computeLayout(rect: PixelRect, format: PixelFormatInfo, layout: PlaneLayout[] | undefined): CombinedLayout {
  const planes = format.planes;
  if (layout && layout.length !== planes.length) {
    throw new TypeError(`The layout must have ${planes.length} planes for this format.`);
  }
  let minAllocationSize = 0;
  const computedLayouts: ComputedPlaneLayout[] = [];
  const endOffsets: number[] = [];
  planes.forEach((plane, planeIndex) => {
    const computed: ComputedPlaneLayout = {
      destinationOffset: 0,
      destinationStride: 0,
      sourceTop: Math.ceil(rect.y / plane.subY),
      sourceHeight: Math.ceil(rect.height / plane.subY),
      sourceLeftBytes: Math.floor(rect.x / plane.subX) * plane.sampleBytes,
      sourceWidthBytes: Math.ceil(rect.width / plane.subX) * plane.sampleBytes,
    };
    const planeLayout = layout?.[planeIndex];
    if (planeLayout) {
      if (planeLayout.stride < computed.sourceWidthBytes) {
        throw new TypeError(`The stride of plane ${planeIndex} is smaller than a row of the rect.`);
      }
      computed.destinationOffset = planeLayout.offset;
      computed.destinationStride = planeLayout.stride;
    } else {
      computed.destinationOffset = minAllocationSize;
      computed.destinationStride = computed.sourceWidthBytes;
    }
    const planeSize = computed.destinationStride * computed.sourceHeight;
    const planeEnd = planeSize + computed.destinationOffset;
    if (planeSize > UNSIGNED_LONG_MAX || planeEnd > UNSIGNED_LONG_MAX) {
      throw new TypeError(`Plane ${planeIndex} does not fit in an unsigned long.`);
    }
    endOffsets.push(planeEnd);
    minAllocationSize = Math.max(minAllocationSize, planeEnd);
    for (let earlier = 0; earlier < planeIndex; earlier++) {
      const earlierLayout = computedLayouts[earlier]!;
      const disjoint =
        planeEnd <= earlierLayout.destinationOffset || endOffsets[earlier]! <= computed.destinationOffset;
      if (!disjoint) throw new TypeError(`Plane ${planeIndex} overlaps plane ${earlier}.`);
    }
    computedLayouts.push(computed);
  });
  return { allocationSize: minAllocationSize, computedLayouts };
}

/**
 * The copy of `rect` into a tightly packed buffer of `width`×`height` pixels, at least the rect's
 * size: the source rows of `rect`, the destination planes of the whole buffer.
 */
export function packedCopyLayout(rect: PixelRect, width: number, height: number, format: PixelFormatInfo): CombinedLayout {
  const packed = computeLayout({ x: 0, y: 0, width, height }, format, undefined);
  const source = computeLayout(rect, format, undefined);
  const computedLayouts = source.computedLayouts.map((computed, planeIndex) => {
    const { destinationOffset, destinationStride } = packed.computedLayouts[planeIndex]!;
    return { ...computed, destinationOffset, destinationStride };
  });
  return { allocationSize: packed.allocationSize, computedLayouts };
}

/** One plane of a source buffer: where its first row starts and the bytes between rows. */
export interface SourcePlane {
  offset: number;
  stride: number;
}

/** The copy loop of copyTo() (§9.4.5 step 8): row by row, each plane, source → destination. */
export function copyPlanes(source: Uint8Array, planes: ReadonlyArray<SourcePlane>, layout: CombinedLayout, destination: Uint8Array): void {
  layout.computedLayouts.forEach((computed, planeIndex) => {
    const plane = planes[planeIndex]!;
    let sourceOffset = plane.offset + computed.sourceTop * plane.stride + computed.sourceLeftBytes;
    let destinationOffset = computed.destinationOffset;
    for (let row = 0; row < computed.sourceHeight; row++) {
      destination.set(source.subarray(sourceOffset, sourceOffset + computed.sourceWidthBytes), destinationOffset);
      sourceOffset += plane.stride;
      destinationOffset += computed.destinationStride;
    }
  });
}
