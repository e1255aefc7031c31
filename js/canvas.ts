/** Canvases for drawing and reading pixels: off-screen where the platform has OffscreenCanvas. */
export type AnyCanvas = OffscreenCanvas | HTMLCanvasElement;
export type Context2D = OffscreenCanvasRenderingContext2D | CanvasRenderingContext2D;

/** A canvas of the given size, off-screen where the platform allows it (workers included). */
export function createCanvas(width: number, height: number): AnyCanvas {
  if (typeof OffscreenCanvas === 'function') return new OffscreenCanvas(width, height);
  if (typeof document !== 'undefined') {
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    return canvas;
  }
  throw new DOMException('Drawing a VideoFrame needs OffscreenCanvas or a document.', 'NotSupportedError');
}

export function context2d(canvas: AnyCanvas): Context2D {
  const context = canvas.getContext('2d') as Context2D | null;
  if (!context) throw new DOMException('No 2D context is available to draw a VideoFrame.', 'NotSupportedError');
  return context;
}
