/**
 * The platform's own WebCodecs interfaces (the browser's native ones), and copies of this
 * package's media objects as the platform's. The hybrid codecs (js/hybrid_codec.ts) use them so
 * that frames, audio and chunks cross between the two implementations unnoticed: what a wasm
 * codec outputs reaches the page as the browser's own object, and what a native codec is given
 * is the browser's own object (issue #10 §2).
 */
import { AudioData, AudioSampleFormat } from './audio_data';
import { EncodedAudioChunk } from './encoded_audio_chunk';
import { EncodedVideoChunk } from './encoded_video_chunk';
import { copyFrameTo, VideoFrame } from './video_frame';

/** The interfaces the platform may have in its own implementation. */
export type PlatformInterfaceName =
  | 'VideoDecoder'
  | 'AudioDecoder'
  | 'VideoEncoder'
  | 'AudioEncoder'
  | 'VideoFrame'
  | 'AudioData'
  | 'EncodedVideoChunk'
  | 'EncodedAudioChunk';

/** A constructor of the platform, typed loosely: its objects are checked where they are used. */
type PlatformClass = new (...args: never[]) => unknown;

/** This package's classes and the hybrid ones, which are never the platform's. */
const packageClasses = new Set<unknown>([VideoFrame, AudioData, EncodedVideoChunk, EncodedAudioChunk]);

/** Whether `value` is one of this package's interfaces (never the platform's). */
export function isPackageClass(value: unknown): boolean {
  return packageClasses.has(value);
}

/** Marks a class of this package (the codec classes and their hybrids) as not the platform's. */
export function markPackageClass(value: unknown): void {
  packageClasses.add(value);
}

/**
 * The platform's own interface `name`, or undefined where it has none. install({force}) keeps the
 * replaced ones on `globalThis.__nativeWebCodecs`; an interface of this package is never the platform's.
 */
export function platformInterface(name: PlatformInterfaceName): PlatformClass | undefined {
  const global = globalThis as Record<string, unknown>;
  const saved = (global.__nativeWebCodecs as Record<string, unknown> | undefined)?.[name];
  const value = saved ?? global[name];
  if (typeof value !== 'function' || packageClasses.has(value)) return undefined;
  return value as PlatformClass;
}

/** Whether `value` is an object of this package's media interfaces (not the platform's). */
export function isPackageMedia(value: unknown): value is VideoFrame | AudioData | EncodedVideoChunk | EncodedAudioChunk {
  return value instanceof VideoFrame || value instanceof AudioData || value instanceof EncodedVideoChunk || value instanceof EncodedAudioChunk;
}

/**
 * The platform's VideoFrame with this frame's pixels, metadata and colour space (one copy of the
 * coded picture), or undefined where the platform has no VideoFrame or refuses the format (e.g. a
 * high bit depth one): the caller then keeps this package's frame. `frame` stays open.
 */
export function toPlatformVideoFrame(frame: VideoFrame): VideoFrame | undefined {
  const Platform = platformInterface('VideoFrame') as (new (data: ArrayBuffer, init: unknown) => VideoFrame) | undefined;
  if (!Platform || frame.format === null) return undefined;
  try {
    const rect = { x: 0, y: 0, width: frame.codedWidth, height: frame.codedHeight };
    const visible = frame.visibleRect!;
    const buffer = new ArrayBuffer(frame.allocationSize({ rect }));
    const layout = copyFrameTo(frame, buffer, { rect });
    // VideoFrameBufferInit's display size is before rotation; the getters give it after.
    const quarterTurn = frame.rotation % 180 !== 0;
    const init: Record<string, unknown> = {
      format: frame.format,
      codedWidth: frame.codedWidth,
      codedHeight: frame.codedHeight,
      timestamp: frame.timestamp,
      visibleRect: { x: visible.x, y: visible.y, width: visible.width, height: visible.height },
      displayWidth: quarterTurn ? frame.displayHeight : frame.displayWidth,
      displayHeight: quarterTurn ? frame.displayWidth : frame.displayHeight,
      colorSpace: frame.colorSpace.toJSON(),
      layout,
      rotation: frame.rotation,
      flip: frame.flip,
      transfer: [buffer],
    };
    if (frame.duration !== null) init.duration = frame.duration;
    const platform = new Platform(buffer, init);
    // A platform without rotation and flip in VideoFrameBufferInit would lose the orientation.
    if ((platform.rotation ?? 0) !== frame.rotation || (platform.flip ?? false) !== frame.flip) {
      platform.close();
      return undefined;
    }
    return platform;
  } catch {
    return undefined;
  }
}

/** The platform's AudioData with this audio's samples, or undefined (see toPlatformVideoFrame). `data` stays open. */
export function toPlatformAudioData(data: AudioData): AudioData | undefined {
  const Platform = platformInterface('AudioData') as (new (init: unknown) => AudioData) | undefined;
  const format = data.format as AudioSampleFormat | null;
  if (!Platform || format === null) return undefined;
  try {
    return copyAudio(Platform, data, format);
  } catch {
    return undefined;
  }
}

function copyAudio(Platform: new (init: unknown) => AudioData, data: AudioData, format: AudioSampleFormat): AudioData {
  const planes = format.endsWith('-planar') ? data.numberOfChannels : 1;
  const sizes = Array.from({ length: planes }, (_, planeIndex) => data.allocationSize({ planeIndex }));
  const bytes = new Uint8Array(sizes.reduce((a, b) => a + b, 0));
  let at = 0;
  sizes.forEach((size, planeIndex) => {
    data.copyTo(bytes.subarray(at, at + size), { planeIndex });
    at += size;
  });
  return new Platform({
    format,
    sampleRate: data.sampleRate,
    numberOfFrames: data.numberOfFrames,
    numberOfChannels: data.numberOfChannels,
    timestamp: data.timestamp,
    data: bytes,
    transfer: [bytes.buffer],
  });
}

/** The platform's EncodedVideoChunk / EncodedAudioChunk with this chunk's bytes, or undefined. */
export function toPlatformChunk<Chunk extends EncodedVideoChunk | EncodedAudioChunk>(chunk: Chunk): Chunk | undefined {
  const name = chunk instanceof EncodedVideoChunk ? 'EncodedVideoChunk' : 'EncodedAudioChunk';
  const Platform = platformInterface(name) as (new (init: unknown) => Chunk) | undefined;
  if (!Platform) return undefined;
  try {
    const data = new Uint8Array(chunk.byteLength);
    chunk.copyTo(data);
    const init: Record<string, unknown> = { type: chunk.type, timestamp: chunk.timestamp, data, transfer: [data.buffer] };
    if (chunk.duration !== null) init.duration = chunk.duration;
    return new Platform(init);
  } catch {
    return undefined;
  }
}
