/**
 * Drawing a polyfilled VideoFrame as an image: its visible rect converted to RGBA, scaled to its
 * display size, rotated, then mirrored when `flip` is set (the order Chromium draws native frames
 * in). The result is a canvas that canvas and WebGL calls accept wherever they accept a native
 * VideoFrame (js/canvas_patches.ts).
 */
import { convertForDrawing } from './color_convert';
import { AnyCanvas, context2d, Context2D, createCanvas } from './canvas';
import { DrawableFrame, drawableFrame, VideoFrame } from './video_frame';
import { webglFrameCanvas } from './video_frame_webgl';
import type { PixelFormatInfo } from './pixel_format';

/** An open frame of a known pixel format. */
type OpenFrame = DrawableFrame & { format: PixelFormatInfo };

let warnedHdr = false;
/** How the last frame drawn in this realm was converted. */
let lastPath: 'webgl2' | 'webgl' | 'wasm' | null = null;

/** How the last frame drawn in this realm was converted: on the GPU ('webgl2', 'webgl') or by the wasm module; for tests and the bench. */
export function lastFrameDrawingPath(): 'webgl2' | 'webgl' | 'wasm' | null {
  return lastPath;
}

/** The pixels and geometry of `frame`; InvalidStateError when closed. */
function openFrame(frame: VideoFrame): OpenFrame {
  const drawable = drawableFrame(frame);
  if (!drawable) throw new DOMException('The VideoFrame has been closed.', 'InvalidStateError');
  if (!drawable.format) throw new DOMException('The VideoFrame has no known pixel format to draw.', 'NotSupportedError');
  const transfer = drawable.colorSpace.transfer;
  if (!drawable.format.rgb && (transfer === 'pq' || transfer === 'hlg') && !warnedHdr) {
    warnedHdr = true;
    console.warn(`webcodecs-wasm draws ${transfer} (HDR) frames without tone mapping; colours will look flat.`);
  }
  return drawable as OpenFrame;
}

/**
 * The visible pixels of `drawable` as unpremultiplied sRGB RGBA: converted on the GPU where
 * js/video_frame_webgl.ts can, else by the wasm module (ImageData over its memory). Either is
 * valid only until the next frame is drawn: callers hand it to the platform at once.
 */
function visibleImage(drawable: OpenFrame): AnyCanvas | ImageData {
  const gpu = webglFrameCanvas(drawable);
  lastPath = gpu ? gpu.version : 'wasm';
  if (gpu) return gpu.canvas;
  return convertForDrawing({ bytes: drawable.bytes, planes: drawable.planes, format: drawable.format, colorSpace: drawable.colorSpace, rect: drawable.visible });
}

/** The frame's visible pixels in a canvas (`canvas`, resized, when the wasm module converts), plus the geometry to display them. */
function visibleCanvas(frame: VideoFrame, canvas?: AnyCanvas): { canvas: AnyCanvas; drawable: DrawableFrame } {
  const drawable = openFrame(frame);
  const image = visibleImage(drawable);
  if (!(image instanceof ImageData)) return { canvas: image, drawable };
  const target = canvas ?? createCanvas(image.width, image.height);
  target.width = image.width;
  target.height = image.height;
  context2d(target).putImageData(image, 0, 0);
  return { canvas: target, drawable };
}

/** The display size after rotation: the size a native frame has as an image. */
function displayedSize(d: DrawableFrame): [number, number] {
  return d.rotation % 180 === 0 ? [d.displayWidth, d.displayHeight] : [d.displayHeight, d.displayWidth];
}

/** A rectangle with fractional coordinates. */
interface PixelRectF {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Maps a rectangle of display space (rotated, mirrored, scaled) to visible-rect pixels. */
function toVisibleRect(d: DrawableFrame, source: [number, number, number, number]): PixelRectF {
  const [width] = displayedSize(d);
  const scaleX = d.visible.width / d.displayWidth;
  const scaleY = d.visible.height / d.displayHeight;
  // Undo the mirror, then the rotation, then the scaling.
  const toVisible = (x: number, y: number): [number, number] => {
    const mx = d.flip ? width - x : x;
    let u = mx, v = y;
    if (d.rotation === 90) [u, v] = [y, d.displayHeight - mx];
    else if (d.rotation === 180) [u, v] = [d.displayWidth - mx, d.displayHeight - y];
    else if (d.rotation === 270) [u, v] = [d.displayWidth - y, mx];
    return [u * scaleX, v * scaleY];
  };
  const [sx, sy, sw, sh] = source;
  const [x0, y0] = toVisible(sx, sy);
  const [x1, y1] = toVisible(sx + sw, sy + sh);
  return { x: Math.min(x0, x1), y: Math.min(y0, y1), width: Math.abs(x1 - x0), height: Math.abs(y1 - y0) };
}

/**
 * Draws the rectangle (dx, dy, dw, dh) of `context` from the display-space rectangle
 * (sx, sy, sw, sh) of `visible`, rotated and mirrored: one resampling, as a native frame gets.
 */
function drawTransformed(
  context: Context2D,
  draw: (...args: unknown[]) => unknown,
  visible: AnyCanvas,
  d: DrawableFrame,
  sourceInVisible: PixelRectF,
  destination: [number, number, number, number],
): void {
  const [dx, dy, dw, dh] = destination;
  const quarter = d.rotation % 180 !== 0;
  context.save();
  context.translate(dx + dw / 2, dy + dh / 2);
  if (d.flip) context.scale(-1, 1);
  context.rotate((d.rotation * Math.PI) / 180);
  const w = quarter ? dh : dw;
  const h = quarter ? dw : dh;
  const s = sourceInVisible;
  draw.call(context, visible, s.x, s.y, s.width, s.height, -w / 2, -h / 2, w, h);
  context.restore();
}

/**
 * CanvasRenderingContext2D.drawImage(frame, ...) for a polyfilled frame, in each argument form:
 * the frame is an image of its (rotated) display size. `draw` is the platform's drawImage.
 */
export function drawFrameImage(context: Context2D, draw: (...args: unknown[]) => unknown, frame: VideoFrame, args: number[], scratch?: AnyCanvas): void {
  const drawable = drawableFrame(frame);
  if (!drawable) throw new DOMException('The VideoFrame has been closed.', 'InvalidStateError');
  const [width, height] = displayedSize(drawable);
  let source: [number, number, number, number] = [0, 0, width, height];
  let destination: [number, number, number, number];
  if (args.length === 2) destination = [args[0]!, args[1]!, width, height];
  else if (args.length === 4) destination = [args[0]!, args[1]!, args[2]!, args[3]!];
  else if (args.length >= 8) {
    source = [args[0]!, args[1]!, args[2]!, args[3]!];
    destination = [args[4]!, args[5]!, args[6]!, args[7]!];
  } else {
    throw new TypeError(`drawImage() takes 3, 5 or 9 arguments, not ${args.length + 1}.`);
  }
  // Sampled in place, edges included, as Chromium samples a native frame's source rectangle.
  const { canvas } = visibleCanvas(frame, scratch);
  drawTransformed(context, draw, canvas, drawable, toVisibleRect(drawable, source), destination);
}

/**
 * `frame` as a WebGL texture gets it from Chromium: the visible rect at its own size (display size
 * ignored), rotated and mirrored. ImageData or a canvas, which every WebGL accepts as a source.
 */
export function frameTextureImage(frame: VideoFrame, scratch?: AnyCanvas): ImageData | AnyCanvas {
  const drawable = openFrame(frame);
  if (drawable.rotation === 0 && !drawable.flip) return visibleImage(drawable);
  const { canvas } = visibleCanvas(frame, scratch);
  const quarter = drawable.rotation % 180 !== 0;
  const width = quarter ? canvas.height : canvas.width;
  const height = quarter ? canvas.width : canvas.height;
  const target = createCanvas(width, height);
  const context = context2d(target);
  const unscaled = { ...drawable, displayWidth: canvas.width, displayHeight: canvas.height };
  const whole = { x: 0, y: 0, width: canvas.width, height: canvas.height };
  drawTransformed(context, context.drawImage as (...args: unknown[]) => unknown, canvas, unscaled, whole, [0, 0, width, height]);
  return context.getImageData(0, 0, width, height);
}

/** `frame` as a canvas of its (rotated) display size: for createImageBitmap(). */
export function frameCanvas(frame: VideoFrame, reuse?: { visible: AnyCanvas; display: AnyCanvas }): AnyCanvas {
  const { canvas, drawable } = visibleCanvas(frame, reuse?.visible);
  const [width, height] = displayedSize(drawable);
  if (drawable.rotation === 0 && !drawable.flip && width === canvas.width && height === canvas.height) return canvas;
  const display = reuse?.display ?? createCanvas(width, height);
  display.width = width;
  display.height = height;
  const context = context2d(display);
  const whole = { x: 0, y: 0, width: canvas.width, height: canvas.height };
  drawTransformed(context, context.drawImage as (...args: unknown[]) => unknown, canvas, drawable, whole, [0, 0, width, height]);
  return display;
}
