/**
 * Reading the pixels of a CanvasImageSource for `new VideoFrame(image, init)` (§9.4.3): the
 * "Check the usability of the image argument" step, then the picture drawn into a canvas and read
 * back. Reading back is where the platform enforces origin-clean: a tainted source throws the
 * platform's SecurityError, as the spec asks.
 */
import { convertToRgb } from './color_convert';
import { createCanvas } from './canvas';
import { pixelFormatInfo } from './pixel_format';

/** The pixels of an image source, as Chromium stores canvas frames: BGRA, unpremultiplied here. */
export interface ImagePixels {
  bytes: Uint8Array;
  width: number;
  height: number;
  /** A default timestamp the source carries (video elements, native frames), in microseconds. */
  timestamp?: number;
  duration?: number | null;
}

/** The browser's own VideoFrame class, if it has one (captured before install() replaces it). */
const nativeVideoFrame = (globalThis as { VideoFrame?: unknown }).VideoFrame as (new (...args: never[]) => object) | undefined;

function isInstance(value: unknown, name: string): boolean {
  const ctor = (globalThis as Record<string, unknown>)[name];
  return typeof ctor === 'function' && value instanceof ctor;
}

function unusable(what: string): DOMException {
  return new DOMException(`The image argument is ${what}.`, 'InvalidStateError');
}

interface SizedSource {
  image: CanvasImageSource;
  width: number;
  height: number;
  timestamp?: number;
  duration?: number | null;
}

/** The source's natural size after the usability checks; TypeError for what is no image source. */
function checkUsability(image: unknown): SizedSource {
  if (isInstance(image, 'HTMLImageElement')) {
    const img = image as HTMLImageElement;
    if (!img.complete || img.naturalWidth === 0 || img.naturalHeight === 0) throw unusable('an image that is not decoded');
    return { image: img, width: img.naturalWidth, height: img.naturalHeight };
  }
  if (isInstance(image, 'SVGImageElement')) {
    const svg = image as SVGImageElement;
    const width = svg.width.baseVal.value;
    const height = svg.height.baseVal.value;
    if (width === 0 || height === 0) throw unusable('an SVG image without a size');
    return { image: svg, width, height };
  }
  if (isInstance(image, 'HTMLCanvasElement') || isInstance(image, 'OffscreenCanvas')) {
    const canvas = image as HTMLCanvasElement | OffscreenCanvas;
    if (canvas.width === 0 || canvas.height === 0) throw unusable('a canvas with a width or height of 0');
    return { image: canvas, width: canvas.width, height: canvas.height };
  }
  if (isInstance(image, 'ImageBitmap')) {
    const bitmap = image as ImageBitmap;
    if (bitmap.width === 0 || bitmap.height === 0) throw unusable('a closed (detached) ImageBitmap');
    return { image: bitmap, width: bitmap.width, height: bitmap.height };
  }
  if (isInstance(image, 'HTMLVideoElement')) {
    const video = image as HTMLVideoElement;
    if (video.readyState < 2 || video.videoWidth === 0) throw unusable('a video element without a current frame');
    return { image: video, width: video.videoWidth, height: video.videoHeight, timestamp: Math.round(video.currentTime * 1e6) };
  }
  // The browser's own frames: by class where it was there when this module loaded, else by
  // brand (a page that hid it first, another realm's). This package's frames never get here.
  if ((nativeVideoFrame && image instanceof nativeVideoFrame) || Object.prototype.toString.call(image) === '[object VideoFrame]') {
    const frame = image as unknown as { format: string | null; displayWidth: number; displayHeight: number; timestamp: number; duration: number | null };
    if (frame.format === null && frame.displayWidth === 0) throw unusable('a closed VideoFrame');
    return { image: frame as unknown as CanvasImageSource, width: frame.displayWidth, height: frame.displayHeight, timestamp: frame.timestamp, duration: frame.duration };
  }
  throw new TypeError('The image argument is not a VideoFrame, CanvasImageSource or BufferSource.');
}

/** Draws `image` at its natural size and reads it back as BGRA. */
export function imageSourcePixels(image: unknown): ImagePixels {
  const source = checkUsability(image);
  const { width, height } = source;
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true }) as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
  if (!context) throw new DOMException('No 2D context is available to read the image.', 'NotSupportedError');
  context.drawImage(source.image, 0, 0, width, height);
  const rgba = context.getImageData(0, 0, width, height);
  const bytes = new Uint8Array(width * height * 4);
  convertToRgb(
    {
      bytes: new Uint8Array(rgba.data.buffer),
      planes: [{ offset: 0, stride: width * 4 }],
      format: pixelFormatInfo('RGBA')!,
      colorSpace: { primaries: 'bt709', transfer: 'iec61966-2-1', matrix: 'rgb', fullRange: true },
      rect: { x: 0, y: 0, width, height },
    },
    { bytes, offset: 0, stride: width * 4, format: 'BGRA', colorSpace: 'srgb' },
  );
  return { bytes, width, height, timestamp: source.timestamp, duration: source.duration };
}
