/**
 * VideoFrame (WebCodecs §9.4): decoder outputs ("Create a VideoFrame"), the buffer constructor
 * `new VideoFrame(data, init)`, frames from other frames, and the CPU access methods.
 *
 * Frames from image sources (canvas, ImageBitmap, video, image elements) are not implemented yet.
 */
import { BufferSourceLike, bytesOf, checkTransferList, detachArrayBuffer } from './buffer_source';
import { queueTask } from './event_loop';
import { dropReference, MediaResource, ownedFrameBuffer, takeReference } from './media_resource';
import { convertToRgb, PredefinedColorSpace } from './color_convert';
import { imageSourcePixels } from './image_source';
import {
  isVideoPixelFormat,
  pixelFormatInfo,
  PixelFormatInfo,
  RgbPixelFormat,
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
  parseLayout,
  parseRectInit,
  parseVisibleRect,
  PixelRect,
  PlaneLayout,
} from './video_frame_layout';
import {
  enforceLongLong,
  enforceUnsignedLong,
  enforceUnsignedLongLong,
  optionalUnsignedLong,
  requireMember,
  toDictionary,
  toEnum,
  toFiniteNumber,
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

/** §9.4 VideoFrameMetadata: members are recorded in the VideoFrame Metadata Registry. */
export type VideoFrameMetadata = Record<string, unknown>;

/** §9.5 VideoFrameCopyToOptions. */
export interface VideoFrameCopyToOptions {
  rect?: DOMRectInitLike;
  layout?: PlaneLayout[];
  /** An RGB format to convert to (RGBA, RGBX, BGRA, BGRX); YUV targets are refused. */
  format?: VideoPixelFormat;
  /** The colour space of converted RGB output (default 'srgb'). */
  colorSpace?: PredefinedColorSpace;
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

/** Reads another frame's internal slots (set by VideoFrame's static block). */
let framesSlots: (frame: VideoFrame) => FrameSlots;

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
function parseRotation(value: unknown): number {
  if (value === undefined) return 0;
  const degrees = toFiniteNumber(value, 'rotation');
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

function copyMetadata(metadata: unknown): VideoFrameMetadata {
  if (metadata === undefined || metadata === null) return {};
  return structuredClone(toDictionary(metadata, 'VideoFrameMetadata')) as VideoFrameMetadata;
}

/** §9.4 VideoFrame: a picture and its metadata, referencing refcounted pixel storage. */
export class VideoFrame {
  #s: FrameSlots;

  static {
    framesSlots = (frame) => frame.#s;
  }

  /**
   * §9.4.3 VideoFrame(image, init): from another VideoFrame (sharing its pixels), or from a canvas,
   * OffscreenCanvas, ImageBitmap, image, SVG image or video element (copied, as BGRA/BGRX).
   */
  constructor(image: VideoFrame | CanvasImageSource, init?: VideoFrameInit);
  /** §9.4.3 VideoFrame(data, init): copies pixels of a planar or packed format. */
  constructor(data: BufferSourceLike, init: VideoFrameBufferInit);
  constructor(source: unknown, init?: unknown) {
    if (source === INTERNAL) {
      this.#s = init as FrameSlots;
    } else if (source instanceof VideoFrame) {
      this.#s = slotsFromOtherFrame(source, init);
    } else if (ArrayBuffer.isView(source) || source instanceof ArrayBuffer || isShared(source)) {
      this.#s = slotsFromBuffer(source as BufferSourceLike, init);
    } else {
      this.#s = slotsFromImage(source, init);
    }
    if (this.#s.resource) takeReference(this, this.#s.resource, 'VideoFrame');
  }

  /** Pixel format, or null when closed or when the decoder's format has no VideoPixelFormat. */
  get format(): VideoPixelFormat | null {
    return this.#s.format;
  }

  /** Width in pixels including non-visible padding; 0 when closed. */
  get codedWidth(): number {
    return this.#s.codedWidth;
  }

  /** Height in pixels including non-visible padding; 0 when closed. */
  get codedHeight(): number {
    return this.#s.codedHeight;
  }

  /** The coded size at (0, 0); null when closed. */
  get codedRect(): VideoFrameRect | null {
    if (!this.#s.resource) return null;
    return makeRect(0, 0, this.#s.codedWidth, this.#s.codedHeight);
  }

  /** The visible rectangle of pixels; null when closed. */
  get visibleRect(): VideoFrameRect | null {
    if (!this.#s.resource) return null;
    const v = this.#s.visible;
    return makeRect(v.x, v.y, v.width, v.height);
  }

  /** Rotation in degrees clockwise to apply when displaying (0, 90, 180 or 270). */
  get rotation(): number {
    return this.#s.rotation;
  }

  /** Whether to mirror horizontally when displaying (after rotating, as Chromium draws it). */
  get flip(): boolean {
    return this.#s.flip;
  }

  /** Width when displayed, after aspect ratio adjustments and rotation; 0 when closed. */
  get displayWidth(): number {
    return this.#s.rotation % 180 === 0 ? this.#s.displayWidth : this.#s.displayHeight;
  }

  /** Height when displayed, after aspect ratio adjustments and rotation; 0 when closed. */
  get displayHeight(): number {
    return this.#s.rotation % 180 === 0 ? this.#s.displayHeight : this.#s.displayWidth;
  }

  /** Presentation timestamp in microseconds. */
  get timestamp(): number {
    return this.#s.timestamp;
  }

  /** Presentation duration in microseconds, or null. */
  get duration(): number | null {
    return this.#s.duration;
  }

  /** The color space of the pixels. */
  get colorSpace(): VideoColorSpace {
    return this.#s.colorSpace;
  }

  /** A copy of the frame's metadata; InvalidStateError when closed. */
  metadata(): VideoFrameMetadata {
    this.#assertOpen('metadata');
    return copyMetadata(this.#s.metadata);
  }

  /** Bytes copyTo() needs with these options (§9.4.5 allocationSize()). */
  allocationSize(options: VideoFrameCopyToOptions = {}): number {
    return this.#parseCopyToOptions(options).layout.allocationSize;
  }

  /**
   * Copies the planes into `destination` (§9.4.5 copyTo()): by default the visible rectangle,
   * planes tightly packed in order. Resolves with the layout of each plane in `destination`.
   */
  copyTo(destination: BufferSourceLike, options: VideoFrameCopyToOptions = {}): Promise<PlaneLayout[]> {
    try {
      const plan = this.#parseCopyToOptions(options);
      const layout = plan.layout;
      const target = bytesOf(destination, 'destination');
      // Step 5.
      if (target.byteLength < layout.allocationSize) throw new TypeError('The destination buffer is too small.');
      const resource = this.#s.resource!;
      if (plan.convertTo) {
        const computed = layout.computedLayouts[0]!;
        convertToRgb(
          { bytes: resource.bytes(), planes: resource.planes, format: pixelFormatInfo(this.#s.format!)!, colorSpace: this.#s.colorSpace.toJSON(), rect: plan.rect },
          { bytes: target, offset: computed.destinationOffset, stride: computed.destinationStride, format: plan.convertTo, colorSpace: plan.colorSpace },
        );
      } else {
        copyPlanes(resource.bytes(), resource.planes, layout, target);
      }
      const planeLayouts = layout.computedLayouts.map((c) => ({ offset: c.destinationOffset, stride: c.destinationStride }));
      return new Promise((resolve) => queueTask(() => resolve(planeLayouts)));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** A new VideoFrame referencing the same pixels ("Clone VideoFrame"); InvalidStateError when closed. */
  clone(): VideoFrame {
    this.#assertOpen('clone');
    return new VideoFrame(INTERNAL as never, { ...this.#s, visible: { ...this.#s.visible } } as never);
  }

  /** Releases this frame's reference to its pixels ("Close VideoFrame"). Close is final. */
  close(): void {
    const resource = this.#s.resource;
    if (!resource) return;
    dropReference(this, resource);
    this.#s.resource = null;
    this.#s.format = null;
    this.#s.codedWidth = this.#s.codedHeight = 0;
    this.#s.visible = { x: 0, y: 0, width: 0, height: 0 };
    this.#s.displayWidth = this.#s.displayHeight = 0;
    this.#s.metadata = {};
  }

  get [Symbol.toStringTag](): string {
    return 'VideoFrame';
  }

  #assertOpen(method: string): void {
    if (!this.#s.resource) throw new DOMException(`Cannot call ${method} on a closed VideoFrame.`, 'InvalidStateError');
  }

  /** "Parse VideoFrameCopyToOptions" preceded by the detached and null-format checks. */
  #parseCopyToOptions(options: unknown): CopyPlan {
    const dict = toDictionary(options, 'VideoFrameCopyToOptions');
    const format = dict.format === undefined ? undefined : toEnum(dict.format, VIDEO_PIXEL_FORMATS, 'VideoPixelFormat');
    const colorSpace = dict.colorSpace === undefined ? 'srgb' : toEnum(dict.colorSpace, PREDEFINED_COLOR_SPACES, 'PredefinedColorSpace');
    this.#assertOpen('allocationSize or copyTo');
    const s = this.#s;
    if (s.format === null) throw new DOMException('The frame has no known pixel format.', 'NotSupportedError');
    const info = pixelFormatInfo(s.format)!;
    const override = dict.rect === undefined ? undefined : parseRectInit(dict.rect, 'rect');
    const rect = parseVisibleRect(s.visible, override, s.codedWidth, s.codedHeight, info);
    const layoutOption = parseLayout(dict.layout);
    if (format === undefined) return { rect, layout: computeLayout(rect, info, layoutOption), convertTo: null, colorSpace };
    // Conversion targets are the RGB formats only (RGB → YUV is not offered, as in Chromium).
    const targetInfo = pixelFormatInfo(format)!;
    if (!targetInfo.rgb) {
      throw new DOMException(`copyTo() converts to RGBA, RGBX, BGRA or BGRX only, not ${format}.`, 'NotSupportedError');
    }
    if (!info.rgb && (s.colorSpace.transfer === 'pq' || s.colorSpace.transfer === 'hlg')) {
      throw new DOMException(`Converting ${s.colorSpace.transfer} (HDR) frames to RGB needs tone mapping, which this implementation does not do yet.`, 'NotSupportedError');
    }
    return { rect, layout: computeLayout(rect, targetInfo, layoutOption), convertTo: format as RgbPixelFormat, colorSpace };
  }
}

function isShared(value: unknown): boolean {
  return typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer;
}

/** The display size from `init` or, when absent, the given default. */
function displaySize(init: Record<string, unknown>, defaultWidth: number, defaultHeight: number): [number, number] {
  const width = optionalUnsignedLong(init.displayWidth, 'displayWidth');
  const height = optionalUnsignedLong(init.displayHeight, 'displayHeight');
  if ((width === undefined) !== (height === undefined)) {
    throw new TypeError('displayWidth and displayHeight must be given together.');
  }
  if (width === 0 || height === 0) throw new TypeError('displayWidth and displayHeight must be non-zero.');
  return width === undefined ? [defaultWidth, defaultHeight] : [width, height!];
}

/** §9.4.3 VideoFrame(data, init), steps 1–22. Layout and size checks follow Chromium: `data` covers the coded size. */
function slotsFromBuffer(data: BufferSourceLike, initValue: unknown): FrameSlots {
  const init = toDictionary(initValue, 'VideoFrameBufferInit');
  const name = 'VideoFrameBufferInit';
  const codedHeight = enforceUnsignedLong(requireMember(init, 'codedHeight', name), 'codedHeight');
  const codedWidth = enforceUnsignedLong(requireMember(init, 'codedWidth', name), 'codedWidth');
  const duration = init.duration === undefined ? null : enforceUnsignedLongLong(init.duration, 'duration');
  const format = toEnum(requireMember(init, 'format', name), VIDEO_PIXEL_FORMATS, 'VideoPixelFormat');
  const timestamp = enforceLongLong(requireMember(init, 'timestamp', name), 'timestamp');
  const layout = parseLayout(init.layout);
  const info = pixelFormatInfo(format)!;
  // "valid VideoFrameBufferInit".
  if (codedWidth === 0 || codedHeight === 0) throw new TypeError('codedWidth and codedHeight must be non-zero.');
  const codedRect = { x: 0, y: 0, width: codedWidth, height: codedHeight };
  const override = init.visibleRect === undefined ? undefined : parseRectInit(init.visibleRect, 'visibleRect');
  const visible = parseVisibleRect(codedRect, override, codedWidth, codedHeight, info);
  const [displayWidth, displayHeight] = displaySize(init, visible.width, visible.height);
  const sourceLayout = computeLayout(codedRect, info, layout);
  const source = bytesOf(data, 'data');
  if (source.byteLength < sourceLayout.allocationSize) throw new TypeError('data is not large enough.');
  const transfer = checkTransferList(init.transfer);
  const colorSpace = init.colorSpace === undefined ? undefined : parseColorSpaceInit(init.colorSpace);
  const rotation = parseRotation(init.rotation);
  const flip = init.flip === undefined ? false : Boolean(init.flip);
  const metadata = copyMetadata(init.metadata);

  // Step 15: copy into a tightly packed resource of the coded size.
  const packed = computeLayout(codedRect, info, undefined);
  const bytes = new Uint8Array(packed.allocationSize);
  const sourcePlanes = sourceLayout.computedLayouts.map((c) => ({ offset: c.destinationOffset, stride: c.destinationStride }));
  copyPlanes(source, sourcePlanes, packed, bytes);
  const planes: PlaneRef[] = packed.computedLayouts.map((c) => ({ offset: c.destinationOffset, stride: c.destinationStride }));
  // Step 16.
  for (const buffer of transfer) detachArrayBuffer(buffer);
  return {
    resource: new MediaResource(ownedFrameBuffer(bytes, planes)),
    format,
    codedWidth,
    codedHeight,
    visible,
    displayWidth,
    displayHeight,
    timestamp,
    duration,
    colorSpace: pickColorSpace(colorSpace, format),
    rotation,
    flip,
    metadata,
  };
}

/** "Initialize Frame With Resource" (§9.4.6) for image sources; `timestamp` is required. */
function slotsFromImage(image: unknown, initValue: unknown): FrameSlots {
  const init = toDictionary(initValue, 'VideoFrameInit');
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
  const source = framesSlots(other);
  if (!source.resource) throw new DOMException('The source VideoFrame is closed.', 'InvalidStateError');
  return applyFrameInit(source, toDictionary(initValue, 'VideoFrameInit'));
}

/** The VideoFrameInit members applied over the slots of a source frame. */
function applyFrameInit(source: FrameSlots, init: Record<string, unknown>): FrameSlots {
  let format = source.format;
  const alpha = init.alpha === undefined ? 'keep' : toEnum(init.alpha, ['keep', 'discard'] as const, 'AlphaOption');
  if (alpha === 'discard' && format !== null) format = pixelFormatInfo(format)!.opaque;
  const info: PixelFormatInfo | undefined = format === null ? undefined : pixelFormatInfo(format);
  const override = init.visibleRect === undefined ? undefined : parseRectInit(init.visibleRect, 'visibleRect');
  const visible = parseVisibleRect(source.visible, override, source.codedWidth, source.codedHeight, info);
  // "Initialize Visible Rect and Display Size": scale the other frame's display size with the new rect.
  const widthScale = source.displayWidth / source.visible.width;
  const heightScale = source.displayHeight / source.visible.height;
  const [displayWidth, displayHeight] = displaySize(
    init,
    Math.round(visible.width * widthScale),
    Math.round(visible.height * heightScale),
  );
  return {
    ...source,
    format,
    visible,
    displayWidth,
    displayHeight,
    duration: init.duration === undefined ? source.duration : enforceUnsignedLongLong(init.duration, 'duration'),
    timestamp: init.timestamp === undefined ? source.timestamp : enforceLongLong(init.timestamp, 'timestamp'),
    ...addRotations(source.rotation, source.flip, parseRotation(init.rotation), init.flip === undefined ? false : Boolean(init.flip)),
    metadata: init.metadata === undefined ? copyMetadata(source.metadata) : copyMetadata(init.metadata),
  };
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
    rotation: 0,
    flip: false,
    metadata: {},
  });
}

/** A VideoFrame owning the only reference to `buffer`, with the given slots. */
function wrapFrameBuffer(buffer: FrameBuffer, slots: Omit<FrameSlots, 'resource'>): VideoFrame {
  return new VideoFrame(INTERNAL as never, { ...slots, resource: new MediaResource(buffer) } as never);
}
