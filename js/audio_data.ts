/**
 * AudioData (WebCodecs §9.2) and AudioSampleFormat (§9.3): decoder outputs, the public
 * constructor, and copyTo() with conversion between every pair of sample formats.
 */
import { BufferSourceLike, bytesOf, checkTransferList, detachArrayBuffer } from './buffer_source';
import { dropReference, MediaResource, ownedFrameBuffer, takeReference } from './media_resource';
import type { AudioDataOutput, PlaneRef } from './transport/transport';
import {
  enforceLongLong,
  enforceUnsignedLong,
  requireMember,
  toDictionary,
  toEnum,
  toFiniteNumber,
} from './webidl';

/** §9.3 AudioSampleFormat. */
export type AudioSampleFormat = 'u8' | 's16' | 's32' | 'f32' | 'u8-planar' | 's16-planar' | 's32-planar' | 'f32-planar';

const AUDIO_SAMPLE_FORMATS: readonly AudioSampleFormat[] = [
  'u8', 's16', 's32', 'f32', 'u8-planar', 's16-planar', 's32-planar', 'f32-planar',
];

type SampleType = 'u8' | 's16' | 's32' | 'f32';
type SampleArray = Uint8Array | Int16Array | Int32Array | Float32Array;

const BYTES_PER_SAMPLE: Record<SampleType, number> = { u8: 1, s16: 2, s32: 4, f32: 4 };

function sampleType(format: AudioSampleFormat): SampleType {
  return format.replace('-planar', '') as SampleType;
}

function isPlanar(format: AudioSampleFormat): boolean {
  return format.endsWith('-planar');
}

function bytesPerSample(format: AudioSampleFormat): number {
  return BYTES_PER_SAMPLE[sampleType(format)];
}

/** §9.2 AudioDataInit. */
export interface AudioDataInit {
  format: AudioSampleFormat;
  sampleRate: number;
  numberOfFrames: number;
  numberOfChannels: number;
  timestamp: number;
  data: BufferSourceLike;
  transfer?: ArrayBuffer[];
}

/** §9.2.6 AudioDataCopyToOptions. */
export interface AudioDataCopyToOptions {
  planeIndex: number;
  frameOffset?: number;
  frameCount?: number;
  format?: AudioSampleFormat;
}

interface AudioSlots {
  resource: MediaResource | null;
  format: AudioSampleFormat | null;
  sampleRate: number;
  numberOfFrames: number;
  numberOfChannels: number;
  timestamp: number;
}

const INTERNAL = Symbol('AudioData internal construction');

// §9.3 "Magnitude of the audio samples": the bias and scale that map each type onto [-1, 1].
function toFloat(type: SampleType, value: number): number {
  switch (type) {
    case 'u8':
      return (value - 128) / 128;
    case 's16':
      return value / 0x8000;
    case 's32':
      return value / 0x80000000;
    case 'f32':
      return value;
  }
}

function fromFloat(type: SampleType, value: number): number {
  const clamp = (v: number, min: number, max: number): number => Math.min(max, Math.max(min, v));
  switch (type) {
    case 'u8':
      return clamp(Math.round(value * 128 + 128), 0, 255);
    case 's16':
      return clamp(Math.round(value * 0x8000), -0x8000, 0x7fff);
    case 's32':
      return clamp(Math.round(value * 0x80000000), -0x80000000, 0x7fffffff);
    case 'f32':
      return value;
  }
}

function typedArray(type: SampleType, buffer: ArrayBufferLike, byteOffset: number, length: number): SampleArray {
  switch (type) {
    case 'u8':
      return new Uint8Array(buffer, byteOffset, length);
    case 's16':
      return new Int16Array(buffer, byteOffset, length);
    case 's32':
      return new Int32Array(buffer, byteOffset, length);
    case 'f32':
      return new Float32Array(buffer, byteOffset, length);
  }
}

/** `length` samples of `type` starting `offset` bytes into `bytes`; copied when misaligned. */
function samplesAt(bytes: Uint8Array, type: SampleType, offset: number, length: number): SampleArray {
  const size = BYTES_PER_SAMPLE[type];
  const start = bytes.byteOffset + offset;
  if (start % size === 0) return typedArray(type, bytes.buffer, start, length);
  return typedArray(type, bytes.slice(offset, offset + length * size).buffer, 0, length);
}

/** §9.2 AudioData: audio samples and their metadata, referencing refcounted sample storage. */
export class AudioData {
  #s: AudioSlots;

  /** §9.2.2 AudioData(init): copies `init.data`, detaches the buffers in `init.transfer`. */
  constructor(init: AudioDataInit) {
    if ((init as unknown) === INTERNAL) {
      this.#s = pendingSlots!;
      pendingSlots = null;
    } else {
      this.#s = slotsFromInit(init);
    }
    if (this.#s.resource) takeReference(this, this.#s.resource, 'AudioData');
  }

  /** Sample format, or null when closed or when the decoder's format has no AudioSampleFormat. */
  get format(): AudioSampleFormat | null {
    return this.#s.format;
  }

  /** Sample rate in Hz; 0 when closed. */
  get sampleRate(): number {
    return this.#s.sampleRate;
  }

  /** Frames (samples per channel); 0 when closed. */
  get numberOfFrames(): number {
    return this.#s.numberOfFrames;
  }

  /** Channels; 0 when closed. */
  get numberOfChannels(): number {
    return this.#s.numberOfChannels;
  }

  /** Presentation timestamp in microseconds. */
  get timestamp(): number {
    return this.#s.timestamp;
  }

  /** Duration in microseconds: numberOfFrames / sampleRate × 10⁶ (§9.2.4), truncated as unsigned long long. */
  get duration(): number {
    if (this.#s.sampleRate === 0) return 0;
    return Math.trunc((this.#s.numberOfFrames / this.#s.sampleRate) * 1_000_000);
  }

  /** Bytes copyTo() writes with these options (§9.2.5 allocationSize()). */
  allocationSize(options: AudioDataCopyToOptions): number {
    const { destFormat, elementCount } = this.#computeCopyElementCount(options);
    return elementCount * bytesPerSample(destFormat);
  }

  /** Copies samples of one plane into `destination`, converting to `options.format` (§9.2.5 copyTo()). */
  copyTo(destination: BufferSourceLike, options: AudioDataCopyToOptions): void {
    const { destFormat, elementCount, planeIndex, frameOffset } = this.#computeCopyElementCount(options);
    const target = bytesOf(destination, 'destination');
    // Step 6.
    if (elementCount * bytesPerSample(destFormat) > target.byteLength) {
      throw new RangeError('The destination buffer is too small.');
    }
    const s = this.#s;
    const source = s.resource!;
    const srcFormat = s.format!;
    const srcType = sampleType(srcFormat);
    const dstType = sampleType(destFormat);
    const channels = s.numberOfChannels;
    const bytes = source.bytes();
    const planes = source.planes;
    const srcBps = BYTES_PER_SAMPLE[srcType];
    if (srcFormat === destFormat) {
      const plane = planes[isPlanar(srcFormat) ? planeIndex : 0]!;
      const start = plane.offset + frameOffset * (isPlanar(srcFormat) ? 1 : channels) * srcBps;
      target.set(bytes.subarray(start, start + elementCount * srcBps));
      return;
    }
    // Source samples of every plane, from frameOffset on.
    const srcPlanar = isPlanar(srcFormat);
    const frames = s.numberOfFrames - frameOffset;
    const sources = srcPlanar
      ? planes.map((p) => samplesAt(bytes, srcType, p.offset + frameOffset * srcBps, frames))
      : [samplesAt(bytes, srcType, planes[0]!.offset + frameOffset * channels * srcBps, frames * channels)];
    const read = (channel: number, frame: number): number =>
      srcPlanar ? sources[channel]![frame]! : sources[0]![frame * channels + channel]!;
    const out = samplesAt(target, dstType, 0, elementCount);
    const convert = srcType === dstType ? (v: number) => v : (v: number) => fromFloat(dstType, toFloat(srcType, v));
    if (isPlanar(destFormat)) {
      for (let i = 0; i < elementCount; i++) out[i] = convert(read(planeIndex, i));
    } else {
      for (let i = 0; i < elementCount; i++) out[i] = convert(read(i % channels, Math.floor(i / channels)));
    }
    if (out.buffer !== target.buffer) target.set(new Uint8Array(out.buffer, out.byteOffset, out.byteLength));
  }

  /** A new AudioData referencing the same samples ("Clone AudioData"); InvalidStateError when closed. */
  clone(): AudioData {
    this.#assertOpen('clone');
    return constructInternal({ ...this.#s });
  }

  /** Releases this object's reference to its samples ("Close AudioData"). Close is final. */
  close(): void {
    const resource = this.#s.resource;
    if (!resource) return;
    dropReference(this, resource);
    this.#s = { ...this.#s, resource: null, format: null, sampleRate: 0, numberOfFrames: 0, numberOfChannels: 0 };
  }

  get [Symbol.toStringTag](): string {
    return 'AudioData';
  }

  #assertOpen(method: string): void {
    if (!this.#s.resource) throw new DOMException(`Cannot call ${method} on a closed AudioData.`, 'InvalidStateError');
  }

  /** "Compute Copy Element Count" (§9.2.7), after the detached check and options conversion. */
  #computeCopyElementCount(options: unknown): {
    destFormat: AudioSampleFormat;
    elementCount: number;
    planeIndex: number;
    frameOffset: number;
  } {
    const dict = toDictionary(options, 'AudioDataCopyToOptions');
    const name = 'AudioDataCopyToOptions';
    const format = dict.format === undefined ? undefined : toEnum(dict.format, AUDIO_SAMPLE_FORMATS, 'AudioSampleFormat');
    const frameCount = dict.frameCount === undefined ? undefined : enforceUnsignedLong(dict.frameCount, 'frameCount');
    const frameOffset = dict.frameOffset === undefined ? 0 : enforceUnsignedLong(dict.frameOffset, 'frameOffset');
    const planeIndex = enforceUnsignedLong(requireMember(dict, 'planeIndex', name), 'planeIndex');
    this.#assertOpen('allocationSize or copyTo');
    const s = this.#s;
    // Steps 1–2.
    const destFormat = format ?? s.format;
    if (destFormat === null || s.format === null) {
      throw new DOMException('The AudioData has no known sample format.', 'NotSupportedError');
    }
    // Steps 3–4.
    if (!isPlanar(destFormat) && planeIndex > 0) throw new RangeError('planeIndex must be 0 for interleaved formats.');
    if (isPlanar(destFormat) && planeIndex >= s.numberOfChannels) throw new RangeError('planeIndex is out of range.');
    // Steps 6–9 (step 5: every conversion is supported).
    if (frameOffset >= s.numberOfFrames) throw new RangeError('frameOffset is out of range.');
    let copyFrameCount = s.numberOfFrames - frameOffset;
    if (frameCount !== undefined) {
      if (frameCount > copyFrameCount) throw new RangeError('frameCount is out of range.');
      copyFrameCount = frameCount;
    }
    // Steps 10–12.
    const elementCount = isPlanar(destFormat) ? copyFrameCount : copyFrameCount * s.numberOfChannels;
    return { destFormat, elementCount, planeIndex, frameOffset };
  }
}

let pendingSlots: AudioSlots | null = null;

function constructInternal(slots: AudioSlots): AudioData {
  pendingSlots = slots;
  return new AudioData(INTERNAL as never);
}

/** §9.2.2 AudioData(init) steps 1–5, with "valid AudioDataInit". */
function slotsFromInit(initValue: unknown): AudioSlots {
  const init = toDictionary(initValue, 'AudioDataInit');
  const name = 'AudioDataInit';
  const data = requireMember(init, 'data', name);
  const format = toEnum(requireMember(init, 'format', name), AUDIO_SAMPLE_FORMATS, 'AudioSampleFormat');
  const numberOfChannels = enforceUnsignedLong(requireMember(init, 'numberOfChannels', name), 'numberOfChannels');
  const numberOfFrames = enforceUnsignedLong(requireMember(init, 'numberOfFrames', name), 'numberOfFrames');
  const sampleRate = Math.fround(toFiniteNumber(requireMember(init, 'sampleRate', name), 'sampleRate'));
  const timestamp = enforceLongLong(requireMember(init, 'timestamp', name), 'timestamp');
  const source = bytesOf(data, 'data');
  // "valid AudioDataInit".
  if (sampleRate <= 0) throw new TypeError('sampleRate must be positive.');
  if (numberOfFrames === 0) throw new TypeError('numberOfFrames must be non-zero.');
  if (numberOfChannels === 0) throw new TypeError('numberOfChannels must be non-zero.');
  const totalSize = numberOfFrames * numberOfChannels * bytesPerSample(format);
  if (source.byteLength < totalSize) throw new TypeError('data is too small for the given format and counts.');
  // Steps 2–3.
  const transfer = checkTransferList(init.transfer);
  const bytes = source.slice(0, totalSize);
  const planeBytes = numberOfFrames * bytesPerSample(format);
  const planes: PlaneRef[] = isPlanar(format)
    ? Array.from({ length: numberOfChannels }, (_, c) => ({ offset: c * planeBytes, stride: 0 }))
    : [{ offset: 0, stride: 0 }];
  // Step 5.
  for (const buffer of transfer) detachArrayBuffer(buffer);
  return {
    resource: new MediaResource(ownedFrameBuffer(bytes, planes)),
    format,
    sampleRate,
    numberOfFrames,
    numberOfChannels,
    timestamp,
  };
}

/** "Output AudioData" (§3.6) for one decoder output. */
export function createDecodedAudioData(output: AudioDataOutput): AudioData {
  const known = (AUDIO_SAMPLE_FORMATS as readonly string[]).includes(output.format);
  return constructInternal({
    resource: new MediaResource(output.buffer),
    format: known ? (output.format as AudioSampleFormat) : null,
    sampleRate: output.sampleRate,
    numberOfFrames: output.numberOfFrames,
    numberOfChannels: output.numberOfChannels,
    timestamp: output.timestamp,
  });
}
