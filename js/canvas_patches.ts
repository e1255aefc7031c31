/**
 * Lets polyfilled VideoFrames go wherever native ones do: CanvasRenderingContext2D and
 * OffscreenCanvasRenderingContext2D drawImage(), createImageBitmap(), and WebGL/WebGL2
 * texImage2D()/texSubImage2D(). Each patch hands the platform a canvas of the frame's pixels
 * (js/video_frame_drawing.ts) and passes every other argument through untouched, so native
 * frames and other images behave exactly as before. Installed by install(), once per realm.
 */
import { AnyCanvas, Context2D, createCanvas } from './canvas';
import { drawFrameImage, frameCanvas, frameTextureImage } from './video_frame_drawing';
import { VideoFrame } from './video_frame';

const PATCHED = Symbol.for('webcodecs-wasm.canvasPatches');

/** Canvases reused by the synchronous consumers (drawImage, texImage2D): one pair per realm. */
let scratch: { visible: AnyCanvas; display: AnyCanvas } | null = null;

function textureImage(frame: VideoFrame): ImageData | AnyCanvas {
  scratch ??= { visible: createCanvas(1, 1), display: createCanvas(1, 1) };
  return frameTextureImage(frame, scratch.visible);
}

/** Replaces `proto[name]` with a wrapper that swaps the polyfilled frame at `argumentIndex(args)`. */
function wrapMethod(proto: object | undefined, name: string, argumentIndex: (args: unknown[]) => number): void {
  if (!proto || !Object.prototype.hasOwnProperty.call(proto, name)) return;
  const descriptor = Object.getOwnPropertyDescriptor(proto, name)!;
  const original = descriptor.value as (...args: unknown[]) => unknown;
  if (typeof original !== 'function') return;
  const wrapped = {
    [name](this: unknown, ...args: unknown[]): unknown {
      const index = argumentIndex(args);
      if (args[index] instanceof VideoFrame) {
        args = args.slice();
        args[index] = textureImage(args[index] as VideoFrame);
      }
      return original.apply(this, args);
    },
  }[name]!;
  Object.defineProperty(proto, name, { ...descriptor, value: wrapped });
}

/** drawImage() draws polyfilled frames itself (one resampling, rotation and flip applied). */
function patchDrawImage(proto: object | undefined): void {
  if (!proto || !Object.prototype.hasOwnProperty.call(proto, 'drawImage')) return;
  const descriptor = Object.getOwnPropertyDescriptor(proto, 'drawImage')!;
  const original = descriptor.value as (...args: unknown[]) => unknown;
  function drawImage(this: Context2D, image: unknown, ...rest: unknown[]): unknown {
    if (!(image instanceof VideoFrame)) return original.call(this, image, ...rest);
    scratch ??= { visible: createCanvas(1, 1), display: createCanvas(1, 1) };
    drawFrameImage(this, original, image, rest.map(Number), scratch.visible);
    return undefined;
  }
  Object.defineProperty(proto, 'drawImage', { ...descriptor, value: drawImage });
}

function prototypeOf(name: string): object | undefined {
  const ctor = (globalThis as Record<string, unknown>)[name];
  return typeof ctor === 'function' ? (ctor.prototype as object) : undefined;
}

/** Installs the patches in this realm (idempotent). */
export function installCanvasPatches(): void {
  const global = globalThis as Record<string | symbol, unknown>;
  if (global[PATCHED]) return;
  Object.defineProperty(globalThis, PATCHED, { value: true });
  const last = (args: unknown[]) => args.length - 1;
  patchDrawImage(prototypeOf('CanvasRenderingContext2D'));
  patchDrawImage(prototypeOf('OffscreenCanvasRenderingContext2D'));
  for (const gl of ['WebGLRenderingContext', 'WebGL2RenderingContext']) {
    wrapMethod(prototypeOf(gl), 'texImage2D', last);
    wrapMethod(prototypeOf(gl), 'texSubImage2D', last);
  }
  const createImageBitmap = global.createImageBitmap as ((...args: unknown[]) => Promise<ImageBitmap>) | undefined;
  if (typeof createImageBitmap === 'function') {
    Object.defineProperty(globalThis, 'createImageBitmap', {
      configurable: true,
      writable: true,
      enumerable: true,
      value: function createImageBitmapWithVideoFrames(this: unknown, ...args: unknown[]): Promise<ImageBitmap> {
        if (args[0] instanceof VideoFrame) {
          try {
            // A fresh canvas: the platform may read it after this call returns.
            args = [frameCanvas(args[0]), ...args.slice(1)];
          } catch (e) {
            return Promise.reject(e);
          }
        }
        return createImageBitmap.apply(this ?? globalThis, args);
      },
    });
  }
}
