/**
 * VideoPixelFormat (WebCodecs §9.8 "Pixel Format"): the planes of each format, their
 * sub-sampling factors and bytes per sample, and each format's equivalent opaque format.
 */

/** §9.8 VideoPixelFormat. */
export type VideoPixelFormat =
  | 'I420' | 'I420P10' | 'I420P12' | 'I420A' | 'I420AP10' | 'I420AP12'
  | 'I422' | 'I422P10' | 'I422P12' | 'I422A' | 'I422AP10' | 'I422AP12'
  | 'I444' | 'I444P10' | 'I444P12' | 'I444A' | 'I444AP10' | 'I444AP12'
  | 'NV12' | 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';

/** One plane of a pixel format. */
export interface PlaneFormat {
  /** Bytes of one sample (2 for 10/12-bit samples, 2 for NV12's interleaved UV, 4 for RGBA). */
  sampleBytes: number;
  /** Horizontal sub-sampling factor. */
  subX: number;
  /** Vertical sub-sampling factor. */
  subY: number;
}

/** What the algorithms need to know about a pixel format. */
export interface PixelFormatInfo {
  planes: readonly PlaneFormat[];
  /** Whether this is an RGB Format (§1 Definitions). */
  rgb: boolean;
  /** The equivalent opaque format (§9.8). */
  opaque: VideoPixelFormat;
  /** Significant bits per sample (8, 10 or 12). */
  bitDepth: number;
  /** Whether the last plane (YUV) or the fourth byte (RGBA, BGRA) is alpha. */
  hasAlpha: boolean;
}

const FORMATS = new Map<string, PixelFormatInfo>();

// The planar YUV family: I4xx[A][P10|P12].
for (const [chroma, subX, subY] of [['420', 2, 2], ['422', 2, 1], ['444', 1, 1]] as const) {
  for (const depth of ['', 'P10', 'P12']) {
    const sampleBytes = depth === '' ? 1 : 2;
    const bitDepth = depth === '' ? 8 : Number(depth.slice(1));
    const luma: PlaneFormat = { sampleBytes, subX: 1, subY: 1 };
    const chromaPlane: PlaneFormat = { sampleBytes, subX, subY };
    const opaque = `I${chroma}${depth}` as VideoPixelFormat;
    FORMATS.set(opaque, { planes: [luma, chromaPlane, chromaPlane], rgb: false, opaque, bitDepth, hasAlpha: false });
    FORMATS.set(`I${chroma}A${depth}`, {
      planes: [luma, chromaPlane, chromaPlane, luma],
      rgb: false,
      opaque,
      bitDepth,
      hasAlpha: true,
    });
  }
}
FORMATS.set('NV12', {
  planes: [{ sampleBytes: 1, subX: 1, subY: 1 }, { sampleBytes: 2, subX: 2, subY: 2 }],
  rgb: false,
  opaque: 'NV12',
  bitDepth: 8,
  hasAlpha: false,
});
for (const [format, opaque] of [['RGBA', 'RGBX'], ['RGBX', 'RGBX'], ['BGRA', 'BGRX'], ['BGRX', 'BGRX']] as const) {
  FORMATS.set(format, { planes: [{ sampleBytes: 4, subX: 1, subY: 1 }], rgb: true, opaque, bitDepth: 8, hasAlpha: format !== opaque });
}

/** The RGB formats copyTo() converts to (§9.4.5 "Parse VideoFrameCopyToOptions"). */
export type RgbPixelFormat = 'RGBA' | 'RGBX' | 'BGRA' | 'BGRX';

/** Every VideoPixelFormat value. */
export const VIDEO_PIXEL_FORMATS: readonly VideoPixelFormat[] = [...FORMATS.keys()] as VideoPixelFormat[];

/** The description of a recognised format, or undefined. */
export function pixelFormatInfo(format: string): PixelFormatInfo | undefined {
  return FORMATS.get(format);
}

/** Whether `format` is a VideoPixelFormat value. */
export function isVideoPixelFormat(format: string): format is VideoPixelFormat {
  return FORMATS.has(format);
}

/**
 * The pixels one sample of every plane covers (2×2 for 4:2:0 and NV12, 2×1 for 4:2:2, else 1×1):
 * a size in whole samples is a multiple of it.
 */
export function sampleBlock(format: PixelFormatInfo): { width: number; height: number } {
  return {
    width: Math.max(...format.planes.map((plane) => plane.subX)),
    height: Math.max(...format.planes.map((plane) => plane.subY)),
  };
}
