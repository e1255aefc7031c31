/**
 * YUV → RGB and RGB → RGB conversion for VideoFrame.copyTo() with an RGB `format` (§9.4.5) and for
 * drawing polyfilled frames. The work runs in a small wasm module (src/color_convert/), with wasm
 * SIMD where the engine validates it and a scalar build elsewhere. The module is embedded in this
 * bundle and compiled synchronously on first use, because drawImage() and texImage2D() are
 * synchronous; each thread (page, worker) gets its own instance.
 */
import { colorConvertWasm } from 'wcw:color-convert-wasm';
import { pixelFormatInfo, type PixelFormatInfo, type RgbPixelFormat } from './pixel_format';
import type { PlaneRef } from './transport/transport';
import type { ResolvedColorSpace } from './video_color_space';
import type { PixelRect } from './video_frame_layout';
import { wasmSimdSupported } from './wasm_simd';

/** §9.4.5 PredefinedColorSpace of VideoFrameCopyToOptions. */
export type PredefinedColorSpace = 'srgb' | 'display-p3';

interface ColorConvertExports {
  memory: WebAssembly.Memory;
  _initialize(): void;
  wcw_scratch_base(): number;
  wcw_yuv_to_rgb(source: number, matrix: number, fullRange: number, dst: number, dstStride: number, order: number, keepAlpha: number): void;
  wcw_rgb_to_rgb(src: number, srcStride: number, dst: number, dstStride: number, width: number, height: number, swap: number, opaque: number): void;
  wcw_srgb_to_display_p3(pixels: number, stride: number, width: number, height: number, order: number): void;
  wcw_yuv_matrix_write(matrix: number, fullRange: number, out: number): void;
}

let instance: ColorConvertExports | null = null;
/** Which build runs here ('simd' or 'scalar'); for tests and benchmarks. */
export let colorConvertBuild: 'simd' | 'scalar' | null = null;

function module(): ColorConvertExports {
  if (instance) return instance;
  return useColorConvertBuild(wasmSimdSupported() ? 'simd' : 'scalar');
}

/** Instantiates the given build for this thread (tests compare the two; otherwise automatic). */
export function useColorConvertBuild(build: 'simd' | 'scalar'): ColorConvertExports {
  const useSimd = build === 'simd';
  const compiled = new WebAssembly.Module(useSimd ? colorConvertWasm.simd : colorConvertWasm.scalar);
  instance = new WebAssembly.Instance(compiled, {}).exports as unknown as ColorConvertExports;
  instance._initialize();
  colorConvertBuild = useSimd ? 'simd' : 'scalar';
  return instance;
}

/** Bump allocation in the module's memory for one call: everything is dropped when the call ends. */
class Scratch {
  readonly #wasm: ColorConvertExports;
  #next: number;

  constructor(wasm: ColorConvertExports) {
    this.#wasm = wasm;
    this.#next = wasm.wcw_scratch_base();
  }

  alloc(bytes: number): number {
    const at = this.#next;
    this.#next = at + Math.ceil(bytes / 16) * 16;
    const memory = this.#wasm.memory;
    if (this.#next > memory.buffer.byteLength) {
      memory.grow(Math.ceil((this.#next - memory.buffer.byteLength) / 65536));
    }
    return at;
  }

  get bytes(): Uint8Array {
    return new Uint8Array(this.#wasm.memory.buffer);
  }
}

/** The pixels to convert: one frame's bytes and planes, its format and colour space, and a rect. */
export interface ConversionSource {
  bytes: Uint8Array;
  planes: ReadonlyArray<PlaneRef>;
  format: PixelFormatInfo;
  colorSpace: ResolvedColorSpace;
  rect: PixelRect;
}

/** Where to write: `format` pixels, rows `stride` bytes apart from `offset`, in `colorSpace`. */
export interface ConversionTarget {
  bytes: Uint8Array;
  offset: number;
  stride: number;
  format: RgbPixelFormat;
  colorSpace: PredefinedColorSpace;
  /**
   * For drawing: 255 in the fourth byte of formats without alpha, and black where alpha is 0 in
   * formats with it, as Chromium draws frames (copyTo() keeps the bytes).
   */
  forDrawing?: boolean;
}

/**
 * The module's enum wcw_matrix and range for a frame's colour space. YUV data that claims matrix
 * 'rgb' or none decodes as limited-range BT.601, as Chromium does (checked side by side).
 */
function yuvMatrix(colorSpace: ResolvedColorSpace): { matrix: number; fullRange: number } {
  switch (colorSpace.matrix) {
    case 'bt709':
      return { matrix: 1, fullRange: Number(colorSpace.fullRange === true) };
    case 'bt2020-ncl':
      return { matrix: 2, fullRange: Number(colorSpace.fullRange === true) };
    case 'bt470bg':
    case 'smpte170m':
      return { matrix: 0, fullRange: Number(colorSpace.fullRange === true) };
    default:
      return { matrix: 0, fullRange: 0 };
  }
}

/** The fixed-point coefficients wcw_yuv_to_rgb converts with (color_convert.h, yuv_matrix.h). */
export interface YuvCoefficients {
  /** Luma gain, applied to luma widened to 16 bits, then >> 16. */
  yGain: number;
  /** Luma offset and rounding, in 1/64. */
  bias: number;
  /** Chroma coefficients, in 1/64. */
  uToB: number;
  uToG: number;
  vToG: number;
  vToR: number;
}

/**
 * The coefficients the module converts `colorSpace` with: for js/video_frame_webgl.ts, whose
 * shader evaluates the module's expressions, so the two paths draw the same bytes.
 */
export function yuvCoefficients(colorSpace: ResolvedColorSpace): YuvCoefficients {
  const wasm = module();
  const out = new Scratch(wasm).alloc(6 * 4);
  const { matrix, fullRange } = yuvMatrix(colorSpace);
  wasm.wcw_yuv_matrix_write(matrix, fullRange, out);
  const [yGain, bias, uToB, uToG, vToG, vToR] = new Int32Array(wasm.memory.buffer, out, 6);
  return { yGain, bias, uToB, uToG, vToG, vToR };
}

/** Copies the rows of one plane that `rect` touches into scratch memory; returns their address. */
function copyPlaneRows(scratch: Scratch, source: ConversionSource, planeIndex: number): number {
  const plane = source.planes[planeIndex]!;
  const { subY } = source.format.planes[planeIndex]!;
  const firstRow = Math.floor(source.rect.y / subY);
  const rows = Math.floor((source.rect.y + source.rect.height - 1) / subY) - firstRow + 1;
  const start = plane.offset + firstRow * plane.stride;
  const length = rows * plane.stride;
  const at = scratch.alloc(length);
  scratch.bytes.set(source.bytes.subarray(start, Math.min(start + length, source.bytes.byteLength)), at);
  return at;
}

/**
 * Converts `source.rect` of a YUV or RGB frame to 8-bit RGB. RGB sources are copied with their
 * byte order swapped as needed (the fourth byte kept); YUV sources use the frame's matrix and
 * range. Display P3 output re-encodes the sRGB result (both use the sRGB transfer function).
 */
export function convertToRgb(source: ConversionSource, target: ConversionTarget): void {
  const wasm = module();
  const out = convertInModule(wasm, source, target);
  const { width, height } = source.rect;
  const outStride = width * 4;
  const result = new Uint8Array(wasm.memory.buffer, out, outStride * height);
  if (target.stride === outStride) {
    target.bytes.set(result, target.offset);
  } else {
    for (let row = 0; row < height; row++) {
      target.bytes.set(result.subarray(row * outStride, (row + 1) * outStride), target.offset + row * target.stride);
    }
  }
}

/**
 * `source.rect` converted for drawing (RGBA, sRGB, `forDrawing`) as ImageData over the module's
 * memory: no RGBA buffer allocated and filled per frame drawn (8 MB for 1080p). Valid only until
 * the next conversion on this thread, so its users hand it to the platform at once.
 */
export function convertForDrawing(source: ConversionSource): ImageData {
  const wasm = module();
  const out = convertInModule(wasm, source, { format: 'RGBA', colorSpace: 'srgb', forDrawing: true });
  const { width, height } = source.rect;
  return new ImageData(new Uint8ClampedArray(wasm.memory.buffer, out, width * height * 4), width, height);
}

/** Converts into the module's scratch memory; returns the address of the rows, `width * 4` bytes apart. */
function convertInModule(wasm: ColorConvertExports, source: ConversionSource, target: Omit<ConversionTarget, 'bytes' | 'offset' | 'stride'>): number {
  const scratch = new Scratch(wasm);
  const { width, height } = source.rect;
  const order = target.format.startsWith('BGR') ? 1 : 0;
  const outStride = width * 4;
  const planes = source.format.planes.map((_, i) => copyPlaneRows(scratch, source, i));
  const out = scratch.alloc(outStride * height);
  if (source.format.rgb) {
    const sourceOrder = source.format.opaque === 'BGRX' ? 1 : 0;
    const leftBytes = source.rect.x * 4;
    // enum wcw_alpha_mode: keep, opaque, clear-black. RGBX/BGRX "is always fully opaque" (§9.8),
    // its fourth byte "to be ignored": a target with alpha gets 255, never that byte.
    const targetHasAlpha = pixelFormatInfo(target.format)!.hasAlpha;
    const opaque = !source.format.hasAlpha && (targetHasAlpha || target.forDrawing);
    const alphaMode = opaque ? 1 : target.forDrawing ? 2 : 0;
    wasm.wcw_rgb_to_rgb(planes[0]! + leftBytes, source.planes[0]!.stride, out, outStride, width, height, Number(sourceOrder !== order), alphaMode);
  } else {
    const f = source.format;
    const nv12 = f.planes.length === 2;
    // The rows were copied whole; step to the column of the rect's first sample in each plane.
    const column = (i: number): number => planes[i]! + Math.floor(source.rect.x / f.planes[i]!.subX) * f.planes[i]!.sampleBytes;
    const stride = (i: number): number => source.planes[i]!.stride;
    // wcw_yuv_source, field by field (src/color_convert/color_convert.h).
    const fields = [
      column(0), column(1), nv12 ? 0 : column(2), f.hasAlpha ? column(3) : 0,
      stride(0), stride(1), nv12 ? 0 : stride(2), f.hasAlpha ? stride(3) : 0,
      source.rect.x, source.rect.y, width, height,
      Math.log2(f.planes[1]!.subX), Math.log2(f.planes[1]!.subY), f.bitDepth, Number(nv12),
    ];
    const struct = scratch.alloc(fields.length * 4);
    new Int32Array(wasm.memory.buffer, struct, fields.length).set(fields);
    // Chromium keeps alpha in the fourth byte of RGBX/BGRX targets too.
    const keepAlpha = f.hasAlpha;
    const { matrix, fullRange } = yuvMatrix(source.colorSpace);
    wasm.wcw_yuv_to_rgb(struct, matrix, fullRange, out, outStride, order, Number(keepAlpha));
  }
  if (target.colorSpace === 'display-p3') wasm.wcw_srgb_to_display_p3(out, outStride, width, height, order);
  return out;
}
