/**
 * VideoFrame (WebCodecs §9.4): decoder outputs ("Create a VideoFrame"), the buffer constructor
 * `new VideoFrame(data, init)`, frames from other frames, and the CPU access methods.
 *
 * Frames from image sources (canvas, ImageBitmap, video, image elements) are not implemented yet.
 */
import {
  BufferSourceLike,
  bytesOf,
  checkTransferable,
  detachArrayBuffer,
  isBufferSource,
  toArrayBufferSequence,
} from './buffer_source';
import { queueTask } from './event_loop';
import { dropReference, MediaResource, ownedFrameBuffer, takeReference } from './media_resource';
import { convertToRgb, PredefinedColorSpace } from './color_convert';
import { imageSourcePixels } from './image_source';
import {
  isVideoPixelFormat,
  pixelFormatInfo,
  PixelFormatInfo,
  RgbPixelFormat,
  sampleBlock,
  VIDEO_PIXEL_FORMATS,
  VideoPixelFormat,
} from './pixel_format';
import type { FrameBuffer, PlaneRef, VideoFrameOutput } from './transport/transport';
import {
  REC709_COLOR_SPACE,
  ResolvedColorSpace,
  SRGB_COLOR_SPACE,
  VideoColorSpace,
  VideoColorSpaceInit,
  parseColorSpaceInit,
  VIDEO_COLOR_PRIMARIES,
  VIDEO_MATRIX_COEFFICIENTS,
  VIDEO_TRANSFER_CHARACTERISTICS,
} from './video_color_space';
import {
  CombinedLayout,
  computeLayout,
  copyPlanes,
  packedCopyLayout,
  parseLayout,
  parseVisibleRect,
  PixelRect,
  pixelRect,
  PlaneLayout,
  RectInit,
  toRectInit,
} from './video_frame_layout';
import {
  convertDictionary,
  defineInterfaceShape,
  enforceLongLong,
  enforceUnsignedLong,
  enforceUnsignedLongLong,
  optionalUnsignedLong,
  required,
  toEnum,
  toFiniteNumber,
  toUnsignedLong,
} from './webidl';

export type { PlaneLayout } from './video_frame_layout';
export type { VideoPixelFormat } from './pixel_format';

/** DOMRectInit. */
export interface DOMRectInitLike {
  x?: number;
  y?: number;
  width?: number;
  height?: number;
}

/** The read-only rectangle VideoFrame returns: a DOMRectReadOnly where the platform has one. */
export interface VideoFrameRect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** §9.4 VideoFrameBufferInit. */
export interface VideoFrameBufferInit {
  format: VideoPixelFormat;
  codedWidth: number;
  codedHeight: number;
  timestamp: number;
  duration?: number;
  layout?: PlaneLayout[];
  visibleRect?: DOMRectInitLike;
  rotation?: number;
  flip?: boolean;
  displayWidth?: number;
  displayHeight?: number;
  colorSpace?: VideoColorSpaceInit;
  transfer?: ArrayBuffer[];
  metadata?: VideoFrameMetadata;
}

/** §9.4 VideoFrameInit (for frames built from other frames). */
export interface VideoFrameInit {
  duration?: number;
  timestamp?: number;
  alpha?: 'keep' | 'discard';
  visibleRect?: DOMRectInitLike;
  rotation?: number;
  flip?: boolean;
  displayWidth?: number;
  displayHeight?: number;
  metadata?: VideoFrameMetadata;
}

/**
 * §9.4 VideoFrameMetadata: its members are those of the VideoFrame Metadata Registry, today
 * `rtpTimestamp` (an unsigned long); other properties of a given object are never read.
 */
export interface VideoFrameMetadata {
  rtpTimestamp?: number;
}

/** §9.5 VideoFrameCopyToOptions. */
export interface VideoFrameCopyToOptions {
  rect?: DOMRectInitLike;
  layout?: PlaneLayout[];
  /** An RGB format to convert to (RGBA, RGBX, BGRA, BGRX); YUV targets are refused. */
  format?: VideoPixelFormat;
  /** The colour space of converted RGB output (default 'srgb'). */
  colorSpace?: PredefinedColorSpace;
}

/** VideoFrameCopyToOptions after WebIDL conversion. */
interface ConvertedCopyToOptions {
  colorSpace: PredefinedColorSpace | undefined;
  format: VideoPixelFormat | undefined;
  layout: PlaneLayout[] | undefined;
  rect: RectInit | undefined;
}

/** A parsed VideoFrameCopyToOptions: the rect, the destination layout and any conversion. */
interface CopyPlan {
  rect: PixelRect;
  layout: CombinedLayout;
  /** The RGB format to convert to, or null for a plain copy of the planes. */
  convertTo: RgbPixelFormat | null;
  colorSpace: PredefinedColorSpace;
}

/** The internal slots of a VideoFrame (§9.4.2), minus [[Detached]] (resource === null). */
interface FrameSlots {
  resource: MediaResource | null;
  format: VideoPixelFormat | null;
  codedWidth: number;
  codedHeight: number;
  visible: PixelRect;
  /** The display size before rotation; the attributes swap it for 90 and 270 degrees. */
  displayWidth: number;
  displayHeight: number;
  timestamp: number;
  duration: number | null;
  colorSpace: VideoColorSpace;
  rotation: number;
  flip: boolean;
  metadata: VideoFrameMetadata;
}

const INTERNAL = Symbol('VideoFrame internal construction');

const PREDEFINED_COLOR_SPACES: readonly PredefinedColorSpace[] = ['srgb', 'display-p3'];

/**
 * The internal slots of each VideoFrame. A WeakMap rather than a private field read by a class
 * static block: esbuild renames a class that refers to itself in its body ("_VideoFrame").
 */
const FRAME_SLOTS = new WeakMap<object, FrameSlots>();

/** The VideoFrame getters' and methods' brand check (WebIDL): a TypeError for other objects. */
function framesSlots(frame: VideoFrame): FrameSlots {
  const slots = FRAME_SLOTS.get(frame);
  if (!slots) throw new TypeError('Illegal invocation: not a VideoFrame.');
  return slots;
}

/**
 * The DOMRectReadOnly objects codedRect and visibleRect return, made once per frame: native
 * Chromium returns the same object on every read (the rects never change until close()).
 */
const RECTS = new WeakMap<VideoFrame, { coded?: VideoFrameRect; visible?: VideoFrameRect }>();

function cachedRect(frame: VideoFrame, which: 'coded' | 'visible', make: () => VideoFrameRect): VideoFrameRect {
  let rects = RECTS.get(frame);
  if (!rects) RECTS.set(frame, (rects = {}));
  return (rects[which] ??= make());
}

function makeRect(x: number, y: number, width: number, height: number): VideoFrameRect {
  if (typeof DOMRectReadOnly === 'function') return new DOMRectReadOnly(x, y, width, height);
  return Object.freeze({ x, y, width, height, top: y, right: x + width, bottom: y + height, left: x });
}

/** "Pick Color Space" (§9.4.6). */
function pickColorSpace(override: ResolvedColorSpace | undefined, format: VideoPixelFormat | null): VideoColorSpace {
  if (override) return new VideoColorSpace(override);
  const rgb = format !== null && pixelFormatInfo(format)!.rgb;
  return new VideoColorSpace(rgb ? SRGB_COLOR_SPACE : REC709_COLOR_SPACE);
}

/** "Parse Rotation": the nearest multiple of 90 (ties toward +∞), in [0, 360). */
export function parseRotation(degrees: number): number {
  const quarter = Math.floor(degrees / 90 + 0.5) * 90;
  return ((quarter % 360) + 360) % 360;
}

/**
 * "Add Rotations": a further rotation turns a mirrored frame the other way, and the flips cancel
 * (as Chromium composes them).
 */
function addRotations(baseRotation: number, baseFlip: boolean, rotation: number, flip: boolean): { rotation: number; flip: boolean } {
  const combined = baseFlip ? baseRotation - rotation : baseRotation + rotation;
  return { rotation: ((combined % 360) + 360) % 360, flip: baseFlip !== flip };
}

/** The WebIDL conversion of a VideoFrameMetadata: the registered members only, read once. */
function toVideoFrameMetadata(value: unknown): VideoFrameMetadata {
  const { rtpTimestamp } = convertDictionary<VideoFrameMetadata>(value, 'VideoFrameMetadata', {
    rtpTimestamp: (v) => (v === undefined ? undefined : toUnsignedLong(v, 'rtpTimestamp')),
  });
  return rtpTimestamp === undefined ? {} : { rtpTimestamp };
}

/** "Copy VideoFrame metadata": a structured copy, so the frame's metadata stays immutable. */
function copyMetadata(metadata: VideoFrameMetadata): VideoFrameMetadata {
  return { ...metadata };
}

/** §9.4 VideoFrame: a picture and its metadata, referencing refcounted pixel storage. */
export class VideoFrame {
  /**
   * §9.4.3 VideoFrame(image, init): from another VideoFrame (sharing its pixels), or from a canvas,
   * OffscreenCanvas, ImageBitmap, image, SVG image or video element (copied, as BGRA/BGRX).
   */
  constructor(image: VideoFrame | CanvasImageSource, init?: VideoFrameInit);
  /** §9.4.3 VideoFrame(data, init): copies pixels of a planar or packed format. */
  constructor(data: BufferSourceLike, init: VideoFrameBufferInit);
  // `init` has a default so that VideoFrame.length is 1, as WebIDL counts the required arguments.
  constructor(source: unknown, init: unknown = undefined) {
    let slots: FrameSlots;
    if (source === INTERNAL) {
      slots = init as FrameSlots;
    } else if (FRAME_SLOTS.has(source as object)) {
      slots = slotsFromOtherFrame(source as VideoFrame, init);
    } else if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer || isShared(source)) {
      slots = slotsFromBuffer(source as BufferSourceLike, init);
    } else {
      slots = slotsFromImage(source, init);
    }
    FRAME_SLOTS.set(this, slots);
    if (slots.resource) takeReference(this, slots.resource, 'VideoFrame');
  }

  /** Pixel format, or null when closed or when the decoder's format has no VideoPixelFormat. */
  get format(): VideoPixelFormat | null {
    return framesSlots(this).format;
  }

  /** Width in pixels including non-visible padding; 0 when closed. */
  get codedWidth(): number {
    return framesSlots(this).codedWidth;
  }

  /** Height in pixels including non-visible padding; 0 when closed. */
  get codedHeight(): number {
    return framesSlots(this).codedHeight;
  }

  /** The coded size at (0, 0); null when closed. */
  get codedRect(): VideoFrameRect | null {
    const s = framesSlots(this);
    if (!s.resource) return null;
    return cachedRect(this, 'coded', () => makeRect(0, 0, s.codedWidth, s.codedHeight));
  }

  /** The visible rectangle of pixels; null when closed. */
  get visibleRect(): VideoFrameRect | null {
    const s = framesSlots(this);
    if (!s.resource) return null;
    return cachedRect(this, 'visible', () => makeRect(s.visible.x, s.visible.y, s.visible.width, s.visible.height));
  }

  /** Rotation in degrees clockwise to apply when displaying (0, 90, 180 or 270). */
  get rotation(): number {
    return framesSlots(this).rotation;
  }

  /** Whether to mirror horizontally when displaying (after rotating, as Chromium draws it). */
  get flip(): boolean {
    return framesSlots(this).flip;
  }

  /** Width when displayed, after aspect ratio adjustments and rotation; 0 when closed. */
  get displayWidth(): number {
    const s = framesSlots(this);
    return s.rotation % 180 === 0 ? s.displayWidth : s.displayHeight;
  }

  /** Height when displayed, after aspect ratio adjustments and rotation; 0 when closed. */
  get displayHeight(): number {
    const s = framesSlots(this);
    return s.rotation % 180 === 0 ? s.displayHeight : s.displayWidth;
  }

  /** Presentation timestamp in microseconds (kept when closed). */
  get timestamp(): number {
    return framesSlots(this).timestamp;
  }

  /** Presentation duration in microseconds, or null (kept when closed). */
  get duration(): number | null {
    return framesSlots(this).duration;
  }

  /** The color space of the pixels (kept when closed: "Close VideoFrame" leaves [[color space]]). */
  get colorSpace(): VideoColorSpace {
    return framesSlots(this).colorSpace;
  }

  /** A copy of the frame's metadata; InvalidStateError when closed. */
  metadata(): VideoFrameMetadata {
    return copyMetadata(openSlots(this, 'metadata').metadata);
  }

  /** Bytes copyTo() needs with these options (§9.4.5 allocationSize()). */
  allocationSize(options: VideoFrameCopyToOptions = {}): number {
    return parseCopyToOptions(this, convertCopyToOptions(options)).layout.allocationSize;
  }

  /**
   * Copies the planes into `destination` (§9.4.5 copyTo()): by default the visible rectangle,
   * planes tightly packed in order. Resolves with the layout of each plane in `destination`.
   */
  copyTo(destination: BufferSourceLike, options: VideoFrameCopyToOptions = {}): Promise<PlaneLayout[]> {
    try {
      // WebIDL converts both arguments before the method's steps (a null destination is a TypeError
      // even on a closed frame); a promise-returning operation rejects instead of throwing.
      if (!isBufferSource(destination)) throw new TypeError('destination is not an ArrayBuffer or ArrayBufferView.');
      const planeLayouts = copyFrameTo(this, destination, options);
      return new Promise((resolve) => queueTask(() => resolve(planeLayouts)));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** A new VideoFrame referencing the same pixels ("Clone VideoFrame"); InvalidStateError when closed. */
  clone(): VideoFrame {
    const s = openSlots(this, 'clone');
    return frameWithSlots({ ...s, visible: { ...s.visible } });
  }

  /** Releases this frame's reference to its pixels ("Close VideoFrame"). Close is final. */
  close(): void {
    const s = framesSlots(this);
    const resource = s.resource;
    if (!resource) return;
    dropReference(this, resource);
    // "Close VideoFrame" steps 1–6: timestamp, duration and [[color space]] are left as they were.
    s.resource = null;
    s.format = null;
    s.codedWidth = s.codedHeight = 0;
    s.visible = { x: 0, y: 0, width: 0, height: 0 };
    s.rotation = 0;
    s.displayWidth = s.displayHeight = 0;
    s.flip = false;
    s.metadata = {};
  }
}
defineInterfaceShape(VideoFrame, 'VideoFrame');

/**
 * A VideoFrame with the given slots. Outside the class body: a class that names itself inside its
 * body is renamed by esbuild (VideoFrame.name would read "_VideoFrame").
 */
function frameWithSlots(slots: FrameSlots): VideoFrame {
  return new VideoFrame(INTERNAL as never, slots as never);
}

/** The slots of an open frame; InvalidStateError when it is closed ([[Detached]]). */
function openSlots(frame: VideoFrame, method: string): FrameSlots {
  const s = framesSlots(frame);
  if (!s.resource) throw new DOMException(`Cannot call ${method} on a closed VideoFrame.`, 'InvalidStateError');
  return s;
}

/** The WebIDL conversion of a VideoFrameCopyToOptions (members read once, in lexicographic order). */
function convertCopyToOptions(value: unknown): ConvertedCopyToOptions {
  return convertDictionary<ConvertedCopyToOptions>(value, 'VideoFrameCopyToOptions', {
    colorSpace: (v) => (v === undefined ? undefined : toEnum(v, PREDEFINED_COLOR_SPACES, 'PredefinedColorSpace')),
    format: (v) => (v === undefined ? undefined : toEnum(v, VIDEO_PIXEL_FORMATS, 'VideoPixelFormat')),
    layout: parseLayout,
    rect: (v) => (v === undefined ? undefined : toRectInit(v)),
  });
}

/** "Parse VideoFrameCopyToOptions" preceded by the detached and null-format checks. */
function parseCopyToOptions(frame: VideoFrame, options: ConvertedCopyToOptions): CopyPlan {
  const s = openSlots(frame, 'allocationSize or copyTo');
  if (s.format === null) throw new DOMException('The frame has no known pixel format.', 'NotSupportedError');
  const info = pixelFormatInfo(s.format)!;
  const colorSpace = options.colorSpace ?? 'srgb';
  const override = options.rect && pixelRect(options.rect, 'rect');
  // "Parse Visible Rect" also runs "Verify Rect Offset Alignment": a TypeError for a rect that does
  // not start on a whole sample of every plane.
  const rect = parseVisibleRect(s.visible, override, s.codedWidth, s.codedHeight, info);
  if (options.format === undefined) return { rect, layout: computeLayout(rect, info, options.layout), convertTo: null, colorSpace };
  // Conversion targets are the RGB formats only (RGB → YUV is not offered, as in Chromium).
  const targetInfo = pixelFormatInfo(options.format)!;
  if (!targetInfo.rgb) {
    throw new DOMException(`copyTo() converts to RGBA, RGBX, BGRA or BGRX only, not ${options.format}.`, 'NotSupportedError');
  }
  if (!info.rgb && (s.colorSpace.transfer === 'pq' || s.colorSpace.transfer === 'hlg')) {
    throw new DOMException(`Converting ${s.colorSpace.transfer} (HDR) frames to RGB needs tone mapping, which this implementation does not do yet.`, 'NotSupportedError');
  }
  return { rect, layout: computeLayout(rect, targetInfo, options.layout), convertTo: options.format as RgbPixelFormat, colorSpace };
}

function isShared(value: unknown): boolean {
  return typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer;
}

/** The display size given (both or neither, non-zero) or, when absent, the given default. */
function displaySize(width: number | undefined, height: number | undefined, defaultWidth: number, defaultHeight: number): [number, number] {
  if ((width === undefined) !== (height === undefined)) {
    throw new TypeError('displayWidth and displayHeight must be given together.');
  }
  if (width === 0 || height === 0) throw new TypeError('displayWidth and displayHeight must be non-zero.');
  return width === undefined ? [defaultWidth, defaultHeight] : [width, height!];
}

/** VideoFrameBufferInit after WebIDL conversion. */
interface ConvertedBufferInit {
  codedHeight: number;
  codedWidth: number;
  colorSpace: ResolvedColorSpace | undefined;
  displayHeight: number | undefined;
  displayWidth: number | undefined;
  duration: number | null;
  flip: boolean;
  format: VideoPixelFormat;
  layout: PlaneLayout[] | undefined;
  metadata: VideoFrameMetadata;
  rotation: number;
  timestamp: number;
  transfer: ArrayBuffer[];
  visibleRect: RectInit | undefined;
}

/**
 * The WebIDL conversion of a VideoFrameBufferInit: each member read once, in lexicographic order,
 * nested dictionaries (colorSpace, layout, metadata, visibleRect) converted as they are read.
 */
function convertBufferInit(value: unknown): ConvertedBufferInit {
  const name = 'VideoFrameBufferInit';
  return convertDictionary<ConvertedBufferInit>(value, name, {
    codedHeight: required(name, 'codedHeight', enforceUnsignedLong),
    codedWidth: required(name, 'codedWidth', enforceUnsignedLong),
    colorSpace: (v) => (v === undefined ? undefined : parseColorSpaceInit(v)),
    displayHeight: (v) => optionalUnsignedLong(v, 'displayHeight'),
    displayWidth: (v) => optionalUnsignedLong(v, 'displayWidth'),
    duration: (v) => (v === undefined ? null : enforceUnsignedLongLong(v, 'duration')),
    flip: (v) => Boolean(v),
    format: required(name, 'format', (v) => toEnum(v, VIDEO_PIXEL_FORMATS, 'VideoPixelFormat')),
    layout: parseLayout,
    metadata: toVideoFrameMetadata,
    rotation: (v) => (v === undefined ? 0 : toFiniteNumber(v, 'rotation')),
    timestamp: required(name, 'timestamp', enforceLongLong),
    transfer: (v) => toArrayBufferSequence(v, 'transfer'),
    visibleRect: (v) => (v === undefined ? undefined : toRectInit(v)),
  });
}

/** §9.4.3 VideoFrame(data, init), steps 1–22. Layout and size checks follow Chromium: `data` covers the coded size. */
function slotsFromBuffer(data: BufferSourceLike, initValue: unknown): FrameSlots {
  const init = convertBufferInit(initValue);
  const info = pixelFormatInfo(init.format)!;
  // Step 1: "valid VideoFrameBufferInit".
  if (init.codedWidth === 0 || init.codedHeight === 0) throw new TypeError('codedWidth and codedHeight must be non-zero.');
  const codedRect = { x: 0, y: 0, width: init.codedWidth, height: init.codedHeight };
  const override = init.visibleRect && pixelRect(init.visibleRect, 'visibleRect');
  // Steps 2–6: "Parse Visible Rect".
  const visible = parseVisibleRect(codedRect, override, init.codedWidth, init.codedHeight, info);
  const [displayWidth, displayHeight] = displaySize(init.displayWidth, init.displayHeight, visible.width, visible.height);
  // Steps 7–11.
  const sourceLayout = computeLayout(codedRect, info, init.layout);
  const source = bytesOf(data, 'data');
  if (source.byteLength < sourceLayout.allocationSize) throw new TypeError('data is not large enough.');
  // Steps 12–13.
  checkTransferable(init.transfer);

  // Step 15: the resource holds the visible rect only, at (0, 0), its coded size rounded up to
  // whole samples of every plane. The spec lets the User Agent "copy only the visible rectangle",
  // "reposition" it and "allocate resource with a larger coded size"; Chromium does all three.
  const block = sampleBlock(info);
  const codedWidth = Math.ceil(visible.width / block.width) * block.width;
  const codedHeight = Math.ceil(visible.height / block.height) * block.height;
  // The rounding may reach past the given coded size; those pixels stay zero.
  const copied = {
    ...visible,
    width: Math.min(codedWidth, init.codedWidth - visible.x),
    height: Math.min(codedHeight, init.codedHeight - visible.y),
  };
  const layout = packedCopyLayout(copied, codedWidth, codedHeight, info);
  const bytes = new Uint8Array(layout.allocationSize);
  const sourcePlanes = sourceLayout.computedLayouts.map((c) => ({ offset: c.destinationOffset, stride: c.destinationStride }));
  copyPlanes(source, sourcePlanes, layout, bytes);
  const planes: PlaneRef[] = layout.computedLayouts.map((c) => ({ offset: c.destinationOffset, stride: c.destinationStride }));
  // Step 16.
  for (const buffer of init.transfer) detachArrayBuffer(buffer);
  // Step 21.
  return {
    resource: new MediaResource(ownedFrameBuffer(bytes, planes)),
    format: init.format,
    codedWidth,
    codedHeight,
    visible: { x: 0, y: 0, width: visible.width, height: visible.height },
    displayWidth,
    displayHeight,
    timestamp: init.timestamp,
    duration: init.duration,
    colorSpace: pickColorSpace(init.colorSpace, init.format),
    rotation: parseRotation(init.rotation),
    flip: init.flip,
    metadata: init.metadata,
  };
}

/** VideoFrameInit after WebIDL conversion; absent members stay undefined. */
interface ConvertedFrameInit {
  alpha: 'keep' | 'discard';
  displayHeight: number | undefined;
  displayWidth: number | undefined;
  duration: number | undefined;
  flip: boolean;
  metadata: VideoFrameMetadata | undefined;
  rotation: number;
  timestamp: number | undefined;
  visibleRect: RectInit | undefined;
}

/** The WebIDL conversion of a VideoFrameInit (members read once, in lexicographic order). */
function convertFrameInit(value: unknown): ConvertedFrameInit {
  return convertDictionary<ConvertedFrameInit>(value, 'VideoFrameInit', {
    alpha: (v) => (v === undefined ? 'keep' : toEnum(v, ['keep', 'discard'] as const, 'AlphaOption')),
    displayHeight: (v) => optionalUnsignedLong(v, 'displayHeight'),
    displayWidth: (v) => optionalUnsignedLong(v, 'displayWidth'),
    duration: (v) => (v === undefined ? undefined : enforceUnsignedLongLong(v, 'duration')),
    flip: (v) => Boolean(v),
    metadata: (v) => (v === undefined ? undefined : toVideoFrameMetadata(v)),
    rotation: (v) => (v === undefined ? 0 : toFiniteNumber(v, 'rotation')),
    timestamp: (v) => (v === undefined ? undefined : enforceLongLong(v, 'timestamp')),
    visibleRect: (v) => (v === undefined ? undefined : toRectInit(v)),
  });
}

/** "Initialize Frame With Resource" (§9.4.6) for image sources; `timestamp` is required. */
function slotsFromImage(image: unknown, initValue: unknown): FrameSlots {
  const init = convertFrameInit(initValue);
  const pixels = imageSourcePixels(image);
  if (init.timestamp === undefined && pixels.timestamp === undefined) {
    throw new TypeError('VideoFrameInit must provide timestamp for this image source.');
  }
  const { width, height } = pixels;
  const base: FrameSlots = {
    resource: new MediaResource(ownedFrameBuffer(pixels.bytes, [{ offset: 0, stride: width * 4 }])),
    format: 'BGRA',
    codedWidth: width,
    codedHeight: height,
    visible: { x: 0, y: 0, width, height },
    displayWidth: width,
    displayHeight: height,
    timestamp: pixels.timestamp ?? 0,
    duration: pixels.duration ?? null,
    colorSpace: pickColorSpace(undefined, 'BGRA'),
    rotation: 0,
    flip: false,
    metadata: {},
  };
  try {
    return applyFrameInit(base, init);
  } catch (e) {
    base.resource!.release();
    throw e;
  }
}

/** "Initialize Frame From Other Frame" (§9.4.6). */
function slotsFromOtherFrame(other: VideoFrame, initValue: unknown): FrameSlots {
  const init = convertFrameInit(initValue);
  const source = framesSlots(other);
  if (!source.resource) throw new DOMException('The source VideoFrame is closed.', 'InvalidStateError');
  return applyFrameInit(source, init);
}

/** The VideoFrameInit members applied over the slots of a source frame. */
function applyFrameInit(source: FrameSlots, init: ConvertedFrameInit): FrameSlots {
  let format = source.format;
  if (init.alpha === 'discard' && format !== null) format = pixelFormatInfo(format)!.opaque;
  const info: PixelFormatInfo | undefined = format === null ? undefined : pixelFormatInfo(format);
  const override = init.visibleRect && pixelRect(init.visibleRect, 'visibleRect');
  const visible = parseVisibleRect(source.visible, override, source.codedWidth, source.codedHeight, info);
  // "Initialize Visible Rect and Display Size": scale the other frame's display size with the new rect.
  const widthScale = source.displayWidth / source.visible.width;
  const heightScale = source.displayHeight / source.visible.height;
  const [displayWidth, displayHeight] = displaySize(
    init.displayWidth,
    init.displayHeight,
    Math.round(visible.width * widthScale),
    Math.round(visible.height * heightScale),
  );
  return {
    ...source,
    format,
    visible,
    displayWidth,
    displayHeight,
    duration: init.duration ?? source.duration,
    timestamp: init.timestamp ?? source.timestamp,
    ...addRotations(source.rotation, source.flip, parseRotation(init.rotation), init.flip),
    metadata: copyMetadata(init.metadata ?? source.metadata),
  };
}

/**
 * The steps of copyTo() (§9.4.5) without its promise: the pixels are in `destination` when this
 * returns. The package's own copies use it (a frame handed to the platform's VideoFrame, js/platform_media.ts).
 */
export function copyFrameTo(frame: VideoFrame, destination: BufferSourceLike, options: VideoFrameCopyToOptions = {}): PlaneLayout[] {
  const plan = parseCopyToOptions(frame, convertCopyToOptions(options));
  const layout = plan.layout;
  const target = bytesOf(destination, 'destination');
  // Step 5.
  if (target.byteLength < layout.allocationSize) throw new TypeError('The destination buffer is too small.');
  const s = framesSlots(frame);
  const resource = s.resource!;
  if (plan.convertTo) {
    const computed = layout.computedLayouts[0]!;
    convertToRgb(
      { bytes: resource.bytes(), planes: resource.planes, format: pixelFormatInfo(s.format!)!, colorSpace: s.colorSpace.toJSON(), rect: plan.rect },
      { bytes: target, offset: computed.destinationOffset, stride: computed.destinationStride, format: plan.convertTo, colorSpace: plan.colorSpace },
    );
  } else {
    copyPlanes(resource.bytes(), resource.planes, layout, target);
  }
  return layout.computedLayouts.map((c) => ({ offset: c.destinationOffset, stride: c.destinationStride }));
}

/** What drawing a frame needs (js/video_frame_drawing.ts); null when the frame is closed. */
export interface DrawableFrame {
  bytes: Uint8Array;
  planes: ReadonlyArray<PlaneRef>;
  /** The core's frame behind the pixels (a decoded frame), which an encoder takes without a copy. */
  coreHandle: number | undefined;
  format: PixelFormatInfo | undefined;
  colorSpace: ResolvedColorSpace;
  visible: PixelRect;
  /** The display size before rotation. */
  displayWidth: number;
  displayHeight: number;
  rotation: number;
  flip: boolean;
}

/** The pixels and geometry of an open frame, for drawing it. */
export function drawableFrame(frame: VideoFrame): DrawableFrame | null {
  const s = framesSlots(frame);
  if (!s.resource) return null;
  return {
    bytes: s.resource.bytes(),
    planes: s.resource.planes,
    coreHandle: s.resource.coreHandle,
    format: s.format === null ? undefined : pixelFormatInfo(s.format),
    colorSpace: s.colorSpace.toJSON(),
    visible: s.visible,
    displayWidth: s.displayWidth,
    displayHeight: s.displayHeight,
    rotation: s.rotation,
    flip: s.flip,
  };
}

/** The [[active decoder config]] members "Output VideoFrames" uses (§4.6). */
export interface VideoOutputConfig {
  displayAspectWidth?: number;
  displayAspectHeight?: number;
  colorSpace?: ResolvedColorSpace;
  /** VideoDecoderConfig.rotation after "Parse Rotation", and flip: every output frame's. */
  rotation: number;
  flip: boolean;
}

function knownOrNull<T extends string>(value: string | null, values: readonly T[]): T | null {
  return value !== null && (values as readonly string[]).includes(value) ? (value as T) : null;
}

/** "Output VideoFrames" steps 1–6 with "Create a VideoFrame" (§4.6, §9.4.6), for one decoder output. */
export function createDecodedVideoFrame(output: VideoFrameOutput, config: VideoOutputConfig): VideoFrame {
  const format = isVideoPixelFormat(output.format) ? output.format : null;
  let displayWidth = output.displayWidth;
  let displayHeight = output.displayHeight;
  // Step 8 of "Create a VideoFrame": grow one dimension until the ratio matches the config's.
  if (config.displayAspectWidth !== undefined && config.displayAspectHeight !== undefined) {
    const ratio = config.displayAspectWidth / config.displayAspectHeight;
    if (displayWidth / displayHeight < ratio) displayWidth = Math.round(displayHeight * ratio);
    else if (displayWidth / displayHeight > ratio) displayHeight = Math.round(displayWidth / ratio);
  }
  const detected = output.colorSpace;
  // A bitstream that signals no colour description decodes as BT.709, as native Chromium does
  // (checked side by side for VP9, AV1 and HEVC streams without a colour description).
  const detectedColorSpace: ResolvedColorSpace =
    detected.primaries === null && detected.transfer === null && detected.matrix === null
      ? { ...REC709_COLOR_SPACE, fullRange: detected.fullRange ?? REC709_COLOR_SPACE.fullRange }
      : {
          primaries: knownOrNull(detected.primaries, VIDEO_COLOR_PRIMARIES),
          transfer: knownOrNull(detected.transfer, VIDEO_TRANSFER_CHARACTERISTICS),
          matrix: knownOrNull(detected.matrix, VIDEO_MATRIX_COEFFICIENTS),
          fullRange: detected.fullRange,
        };
  return wrapFrameBuffer(output.buffer, {
    format,
    codedWidth: output.codedWidth,
    codedHeight: output.codedHeight,
    visible: { ...output.visibleRect },
    displayWidth,
    displayHeight,
    timestamp: output.timestamp,
    duration: output.duration,
    colorSpace: pickColorSpace(config.colorSpace ?? detectedColorSpace, format),
    rotation: config.rotation,
    flip: config.flip,
    metadata: {},
  });
}

/** A VideoFrame owning the only reference to `buffer`, with the given slots. */
function wrapFrameBuffer(buffer: FrameBuffer, slots: Omit<FrameSlots, 'resource'>): VideoFrame {
  return frameWithSlots({ ...slots, resource: new MediaResource(buffer) });
}
