/**
 * YUV → RGB on the GPU for drawing polyfilled frames (issue #11 §5): the rows of the planes that
 * the visible rect touches go up as textures to a WebGL2 (else WebGL1) context of this realm's own,
 * and a shader writes the visible pixels into that context's canvas, which drawImage(),
 * createImageBitmap() and texImage2D() then copy as they copy any canvas (GPU to GPU where the
 * page's canvases are accelerated). The shader evaluates src/color_convert/yuv_to_rgb.c's
 * fixed-point expressions with the module's own coefficients (yuvCoefficients()), in float
 * arithmetic kept exact, so it draws the bytes the wasm path draws (tested equal), which are
 * within ±1 of Chromium's.
 *
 * The wasm path stays the fallback: without WebGL, on a software renderer (SwiftShader measured
 * 7–25× slower than the wasm module for a 1080p frame; llvmpipe and the like are taken alike),
 * for the draw that finds the context lost (the next one makes a new context), without highp
 * floats, for RGB formats (nothing to convert) and for planes wider than the GPU's textures.
 */
import { AnyCanvas, createCanvas } from './canvas';
import { yuvCoefficients } from './color_convert';
import type { PixelFormatInfo } from './pixel_format';
import type { DrawableFrame } from './video_frame';

/** How frames are converted for drawing: 'auto' (WebGL on a hardware renderer, else wasm), or one way. */
export type FrameDrawingPath = 'auto' | 'webgl2' | 'webgl' | 'wasm';

type GL = WebGLRenderingContext | WebGL2RenderingContext;

let requested: FrameDrawingPath = 'auto';
/** This realm's renderer for each path tried: null where it cannot run; none again after a context loss. */
const renderers = new Map<FrameDrawingPath, FrameRenderer | null>();

/** Chooses how later frames are converted (tests and the bench force one way; default 'auto'). */
export function useFrameDrawingPath(path: FrameDrawingPath): void {
  requested = path;
}

/** The WebGL context the current path draws with, if it has one; for tests (context loss). */
export function frameDrawingContext(): WebGLRenderingContext | WebGL2RenderingContext | null {
  return renderers.get(requested)?.gl ?? null;
}

/**
 * The visible rect of `frame` converted to RGBA in this realm's WebGL canvas (valid until the next
 * frame is drawn) and the context's version, or null where the wasm path must convert it.
 */
export function webglFrameCanvas(frame: DrawableFrame): { canvas: AnyCanvas; version: 'webgl2' | 'webgl' } | null {
  if (requested === 'wasm' || !frame.format || frame.format.rgb) return null;
  if (!renderers.has(requested)) renderers.set(requested, FrameRenderer.create(requested));
  const renderer = renderers.get(requested);
  if (!renderer) return null;
  if (renderer.gl.isContextLost()) {
    renderers.delete(requested); // a new context is tried for the next frame
    return null;
  }
  const canvas = renderer.draw(frame, frame.format);
  return canvas && { canvas, version: renderer.version };
}

const VERTEX_SHADER = `
attribute vec2 position;
void main() { gl_Position = vec4(position, 0.0, 1.0); }
`;

// One fragment per visible pixel; the names follow yuv_to_rgb.c. Every value is an integer below
// 2^24, so float arithmetic is exact where highp float has a 24-bit significand (checked at start).
// SECOND is the channel that carries a texel's second byte (RG8 in WebGL2, LUMINANCE_ALPHA in 1).
const FRAGMENT_SHADER = `
precision highp float;
uniform sampler2D yPlane, uPlane, vPlane, aPlane;
uniform vec2 ySize, uSize, vSize, aSize; // texture sizes in texels
uniform vec2 origin;    // the visible rect's origin in the coded picture
uniform float height;   // the visible rect's height
uniform vec2 chromaSub; // chroma sub-sampling, 1 or 2 each way
uniform vec2 firstRow;  // the plane row each texture starts at: luma and alpha, chroma
uniform bool wide;      // 16-bit samples, low byte first
uniform bool interleavedUv;
uniform bool hasAlpha;
uniform vec4 depth;     // 2^bits, 2^(16 - bits), 2^(2 bits - 16), 2^(bits - 8)
uniform vec3 lumaGain;  // y_gain / 256 and y_gain % 256, bias
uniform vec4 chromaGain; // u_to_b, u_to_g, v_to_g, v_to_r

float byteOf(float unorm) { return floor(unorm * 255.0 + 0.5); }

float sampleAt(sampler2D plane, vec2 size, vec2 at) {
  vec4 texel = texture2D(plane, (at + 0.5) / size);
  return wide ? byteOf(texel.r) + 256.0 * byteOf(texel.SECOND) : byteOf(texel.r);
}

void main() {
  vec2 pixel = origin + vec2(floor(gl_FragCoord.x), height - 1.0 - floor(gl_FragCoord.y));
  vec2 luma = pixel - vec2(0.0, firstRow.x);
  vec2 chroma = floor(pixel / chromaSub) - vec2(0.0, firstRow.y);
  float u, v;
  if (interleavedUv) {
    vec4 texel = texture2D(uPlane, (chroma + 0.5) / uSize);
    u = byteOf(texel.r);
    v = byteOf(texel.SECOND);
  } else {
    u = min(floor(sampleAt(uPlane, uSize, chroma) / depth.w), 255.0);
    v = min(floor(sampleAt(vPlane, vSize, chroma) / depth.w), 255.0);
  }
  u -= 128.0;
  v -= 128.0;
  // luma16(): the sample's bits repeated up to 16.
  float y = mod(sampleAt(yPlane, ySize, luma), depth.x);
  float y16 = y * depth.y + floor(y / depth.z);
  // (y16 * y_gain) >> 16, with y_gain split in bytes so that no product reaches 2^24.
  float y1 = floor((y16 * lumaGain.x + floor(y16 * lumaGain.y / 256.0)) / 256.0);
  float alpha = hasAlpha ? min(floor(sampleAt(aPlane, aSize, luma) / depth.w), 255.0) : 255.0;
  vec3 rgb = vec3(y1 + chromaGain.w * v, y1 - chromaGain.y * u - chromaGain.z * v, y1 + chromaGain.x * u);
  rgb = clamp(floor((rgb + lumaGain.z) / 64.0), 0.0, 255.0);
  // Transparent pixels are black, as in wcw_yuv_to_rgb.
  gl_FragColor = vec4(alpha == 0.0 ? vec3(0.0) : rgb, alpha) / 255.0;
}
`;

const UNIFORMS = [
  'ySize', 'uSize', 'vSize', 'aSize', 'origin', 'height', 'chromaSub', 'firstRow',
  'wide', 'interleavedUv', 'hasAlpha', 'depth', 'lumaGain', 'chromaGain',
] as const;

type Uniforms = Record<(typeof UNIFORMS)[number], WebGLUniformLocation | null>;

/** The size a texture was given, so that a frame of the same layout reuses it. */
interface TextureShape {
  width: number;
  height: number;
  sampleBytes: number;
}

/** A WebGL context, its program and its four plane textures (Y, U or UV, V, alpha). */
class FrameRenderer {
  readonly canvas: AnyCanvas;
  readonly gl: GL;
  readonly version: 'webgl2' | 'webgl';
  readonly #uniforms: Uniforms;
  /** Texture formats (internal, external) of planes of 1-byte and of 2-byte samples. */
  readonly #formats: { narrow: [number, number]; wide: [number, number] };
  readonly #shapes: (TextureShape | null)[] = [null, null, null, null];
  readonly #maxSize: number;

  /** A renderer for `path`, or null where that path cannot run here. */
  static create(path: FrameDrawingPath): FrameRenderer | null {
    const versions = path === 'auto' ? (['webgl2', 'webgl'] as const) : path === 'webgl2' || path === 'webgl' ? [path] : [];
    for (const version of versions) {
      let canvas: AnyCanvas;
      try {
        canvas = createCanvas(1, 1);
      } catch {
        return null;
      }
      const gl = canvas.getContext(version, {
        alpha: true,
        premultipliedAlpha: false, // the shader writes straight alpha, as the wasm path's ImageData holds
        antialias: false,
        depth: false,
        stencil: false,
        preserveDrawingBuffer: false, // the canvas is read in the same task as it is drawn
        // 'auto' takes no software renderer: there the wasm module converts faster.
        failIfMajorPerformanceCaveat: path === 'auto',
      }) as GL | null;
      if (!gl || (path === 'auto' && softwareRenderer(gl))) continue;
      const highp = gl.getShaderPrecisionFormat(gl.FRAGMENT_SHADER, gl.HIGH_FLOAT);
      if (!highp || highp.precision < 23) continue;
      const program = linkProgram(gl, version);
      if (program) return new FrameRenderer(canvas, gl, version, program);
    }
    return null;
  }

  private constructor(canvas: AnyCanvas, gl: GL, version: 'webgl2' | 'webgl', program: WebGLProgram) {
    this.canvas = canvas;
    this.gl = gl;
    this.version = version;
    gl.useProgram(program);
    // One triangle that covers the viewport.
    gl.bindBuffer(gl.ARRAY_BUFFER, gl.createBuffer());
    gl.bufferData(gl.ARRAY_BUFFER, new Float32Array([-1, -1, 3, -1, -1, 3]), gl.STATIC_DRAW);
    const position = gl.getAttribLocation(program, 'position');
    gl.enableVertexAttribArray(position);
    gl.vertexAttribPointer(position, 2, gl.FLOAT, false, 0, 0);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 1); // rows are `stride` bytes apart, any stride
    // Plane i's texture stays bound to texture unit i: #upload() selects the unit, the shader's
    // samplers read them. Texels are read whole, at their centres.
    ['yPlane', 'uPlane', 'vPlane', 'aPlane'].forEach((name, unit) => {
      gl.activeTexture(gl.TEXTURE0 + unit);
      gl.bindTexture(gl.TEXTURE_2D, gl.createTexture());
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, gl.NEAREST);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
      gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
      gl.uniform1i(gl.getUniformLocation(program, name), unit);
    });
    this.#uniforms = Object.fromEntries(UNIFORMS.map((name) => [name, gl.getUniformLocation(program, name)])) as Uniforms;
    // WebGL2's RED/RG hold bytes as they are; WebGL1 has only LUMINANCE and LUMINANCE_ALPHA.
    const gl2 = gl as WebGL2RenderingContext;
    this.#formats = version === 'webgl2'
      ? { narrow: [gl2.R8, gl2.RED], wide: [gl2.RG8, gl2.RG] }
      : { narrow: [gl.LUMINANCE, gl.LUMINANCE], wide: [gl.LUMINANCE_ALPHA, gl.LUMINANCE_ALPHA] };
    const [maxWidth, maxHeight] = gl.getParameter(gl.MAX_VIEWPORT_DIMS) as Int32Array;
    this.#maxSize = Math.min(gl.getParameter(gl.MAX_TEXTURE_SIZE) as number, maxWidth!, maxHeight!);
  }

  /** Draws the visible rect of `frame` into the canvas; null when a plane does not fit a texture. */
  draw(frame: DrawableFrame, format: PixelFormatInfo): AnyCanvas | null {
    const gl = this.gl;
    const rect = frame.visible;
    if (rect.width > this.#maxSize || rect.height > this.#maxSize) return null;
    const bytes = frame.bytes;
    const sizes: [number, number][] = [];
    const firstRows: number[] = [];
    for (let i = 0; i < format.planes.length; i++) {
      const { sampleBytes, subY } = format.planes[i]!;
      const { offset, stride } = frame.planes[i]!;
      // A texture row is a whole plane row, padding included: the shader reads the visible columns.
      if (stride % sampleBytes !== 0 || stride / sampleBytes > this.#maxSize) return null;
      const firstRow = Math.floor(rect.y / subY);
      const rows = Math.floor((rect.y + rect.height - 1) / subY) - firstRow + 1;
      const start = offset + firstRow * stride;
      // Planes hold whole rows (§9.4 "Compute Layout and Allocation Size"; the core's planes too).
      if (start + rows * stride > bytes.byteLength) return null;
      this.#upload(i, { width: stride / sampleBytes, height: rows, sampleBytes }, bytes, start, stride);
      sizes.push([stride / sampleBytes, rows]);
      firstRows.push(firstRow);
    }
    if (this.canvas.width !== rect.width || this.canvas.height !== rect.height) {
      this.canvas.width = rect.width;
      this.canvas.height = rect.height;
    }
    const u = this.#uniforms;
    const interleavedUv = format.planes.length === 2;
    const bits = format.bitDepth;
    const m = yuvCoefficients(frame.colorSpace);
    gl.uniform2fv(u.ySize, sizes[0]!);
    gl.uniform2fv(u.uSize, sizes[1]!);
    gl.uniform2fv(u.vSize, sizes[interleavedUv ? 1 : 2]!);
    gl.uniform2fv(u.aSize, sizes[format.hasAlpha ? 3 : 0]!);
    gl.uniform2f(u.origin, rect.x, rect.y);
    gl.uniform1f(u.height, rect.height);
    gl.uniform2f(u.chromaSub, format.planes[1]!.subX, format.planes[1]!.subY);
    gl.uniform2f(u.firstRow, firstRows[0]!, firstRows[1]!);
    gl.uniform1i(u.wide, Number(bits > 8));
    gl.uniform1i(u.interleavedUv, Number(interleavedUv));
    gl.uniform1i(u.hasAlpha, Number(format.hasAlpha));
    gl.uniform4f(u.depth, 2 ** bits, 2 ** (16 - bits), 2 ** (2 * bits - 16), 2 ** (bits - 8));
    gl.uniform3f(u.lumaGain, Math.floor(m.yGain / 256), m.yGain % 256, m.bias);
    gl.uniform4f(u.chromaGain, m.uToB, m.uToG, m.vToG, m.vToR);
    gl.viewport(0, 0, rect.width, rect.height);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
    return this.canvas;
  }

  /** Uploads `shape.height` rows of `stride` bytes from `start` into plane texture `index`. */
  #upload(index: number, shape: TextureShape, bytes: Uint8Array, start: number, stride: number): void {
    const gl = this.gl;
    const [internalFormat, format] = shape.sampleBytes === 2 ? this.#formats.wide : this.#formats.narrow;
    gl.activeTexture(gl.TEXTURE0 + index);
    const old = this.#shapes[index];
    if (!old || old.width !== shape.width || old.height !== shape.height || old.sampleBytes !== shape.sampleBytes) {
      gl.texImage2D(gl.TEXTURE_2D, 0, internalFormat, shape.width, shape.height, 0, format, gl.UNSIGNED_BYTE, null);
      this.#shapes[index] = shape;
    }
    const rows = bytes.subarray(start, start + shape.height * stride);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 0, shape.width, shape.height, format, gl.UNSIGNED_BYTE, rows);
  }
}

/** The program, or null if this context does not compile or link it. */
function linkProgram(gl: GL, version: 'webgl2' | 'webgl'): WebGLProgram | null {
  const program = gl.createProgram();
  if (!program) return null;
  const second = version === 'webgl2' ? 'g' : 'a';
  for (const [type, source] of [[gl.VERTEX_SHADER, VERTEX_SHADER], [gl.FRAGMENT_SHADER, `#define SECOND ${second}\n${FRAGMENT_SHADER}`]] as const) {
    const shader = gl.createShader(type);
    if (!shader) return null;
    gl.shaderSource(shader, source);
    gl.compileShader(shader);
    gl.attachShader(program, shader);
  }
  gl.linkProgram(program);
  return gl.getProgramParameter(program, gl.LINK_STATUS) ? program : null;
}

/**
 * Whether the context renders in software. Chromium's failIfMajorPerformanceCaveat did not refuse
 * SwiftShader here (headless Chromium 156), so the renderer's name decides too. Chromium masks
 * RENDERER and names the device through WEBGL_debug_renderer_info; Firefox names it in RENDERER
 * (and warns when the extension is asked for).
 */
function softwareRenderer(gl: GL): boolean {
  let name = String(gl.getParameter(gl.RENDERER));
  if (name === 'WebKit WebGL') {
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    if (info) name = String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL));
  }
  return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name);
}
