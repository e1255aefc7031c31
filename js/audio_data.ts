/**
 * AudioData (WebCodecs §9.2) and AudioSampleFormat (§9.3): decoder outputs, the public
 * constructor, and copyTo() with conversion between every pair of sample formats.
 */
import {
  BufferSourceLike,
  bytesOfPossiblyDetached,
  checkTransferable,
  detachArrayBuffer,
  toArrayBufferSequence,
} from './buffer_source';
import { dropReference, MediaResource, ownedFrameBuffer, takeReference } from './media_resource';
import type { AudioDataOutput, PlaneRef } from './transport/transport';
import {
  defineInterfaceShape,
  enforceLongLong,
  enforceUnsignedLong,
  optionalUnsignedLong,
  requireMember,
  toDictionary,
  toEnum,
  toFloat32,
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

// §9.3 "Magnitude of the audio samples" leaves the conversion between sample types to the user
// agent; this one is native Chromium's (media::FixedSampleTypeTraits), so that copyTo() gives the
// same bytes: every conversion goes through a float32, negative values scale by the distance from
// the bias to the minimum and positive ones by the distance to the maximum (so -1 and +1 map to
// both ends of the integer range), arithmetic in float32, truncation toward zero.
const f32 = Math.fround;

interface IntegerTraits {
  min: number;
  max: number;
  bias: number;
  /** Distances from the bias to the maximum and to the minimum, and their inverses, as float32. */
  positiveScale: number;
  negativeScale: number;
  positiveInverse: number;
  negativeInverse: number;
  /**
   * What Chromium's float-to-integer cast gives for NaN on x86-64: cvttss2si's "integer indefinite"
   * 0x80000000, of which u8 and s16 keep the low bits (0).
   */
  nan: number;
}

function integerTraits(min: number, max: number, bias: number): IntegerTraits {
  const positiveScale = f32(f32(max) - f32(bias));
  const negativeScale = f32(f32(bias) - f32(min));
  return {
    min, max, bias, positiveScale, negativeScale,
    positiveInverse: f32(1 / positiveScale),
    negativeInverse: f32(1 / negativeScale),
    nan: min === -0x80000000 ? min : 0,
  };
}

const INTEGER_TRAITS: Record<Exclude<SampleType, 'f32'>, IntegerTraits> = {
  u8: integerTraits(0, 255, 128),
  s16: integerTraits(-0x8000, 0x7fff, 0),
  s32: integerTraits(-0x80000000, 0x7fffffff, 0),
};

/** A sample of `type` as a float32 in [-1, 1]. */
function toFloat(type: SampleType, value: number): number {
  if (type === 'f32') return value;
  const t = INTEGER_TRAITS[type];
  const offset = f32(value - t.bias);
  return f32(offset * (offset < 0 ? t.negativeInverse : t.positiveInverse));
}

/** A float32 sample as `type`, clipped to the type's range. */
function fromFloat(type: SampleType, value: number): number {
  if (type === 'f32') return value;
  const t = INTEGER_TRAITS[type];
  if (value < 0) return value <= -1 ? t.min : Math.trunc(f32(f32(value * t.negativeScale) + t.bias));
  if (value >= 1) return t.max;
  if (Number.isNaN(value)) return t.nan;
  return Math.trunc(f32(f32(value * t.positiveScale) + t.bias));
}

/** How samples are read and written: as numbers of their type, or as raw 32-bit patterns. */
type ElementType = SampleType | 'bits32';
type ElementArray = SampleArray | Uint32Array;

function typedArray(type: ElementType, buffer: ArrayBufferLike, byteOffset: number, length: number): ElementArray {
  switch (type) {
    case 'u8':
      return new Uint8Array(buffer, byteOffset, length);
    case 's16':
      return new Int16Array(buffer, byteOffset, length);
    case 's32':
      return new Int32Array(buffer, byteOffset, length);
    case 'f32':
      return new Float32Array(buffer, byteOffset, length);
    case 'bits32':
      return new Uint32Array(buffer, byteOffset, length);
  }
}

/** `length` elements starting `offset` bytes into `bytes` (4 bytes for bits32); copied when misaligned. */
function samplesAt(bytes: Uint8Array, type: ElementType, offset: number, length: number): ElementArray {
  const size = type === 'bits32' ? 4 : BYTES_PER_SAMPLE[type];
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
    // WebIDL converts the arguments in order before the method's steps: a bad destination throws
    // a TypeError even on a closed AudioData; a detached one holds 0 bytes (step 6's RangeError).
    const target = bytesOfPossiblyDetached(destination, 'destination');
    const { destFormat, elementCount, planeIndex, frameOffset } = this.#computeCopyElementCount(options);
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
    // Source samples of every plane, from frameOffset on. Between planar and interleaved float32,
    // samples move as bit patterns, so that NaN payloads survive as in a byte copy.
    const srcPlanar = isPlanar(srcFormat);
    const frames = s.numberOfFrames - frameOffset;
    const elementType: ElementType = srcType === 'f32' && dstType === 'f32' ? 'bits32' : dstType;
    const sourceType: ElementType = elementType === 'bits32' ? 'bits32' : srcType;
    const sources = srcPlanar
      ? planes.map((p) => samplesAt(bytes, sourceType, p.offset + frameOffset * srcBps, frames))
      : [samplesAt(bytes, sourceType, planes[0]!.offset + frameOffset * channels * srcBps, frames * channels)];
    const read = (channel: number, frame: number): number =>
      srcPlanar ? sources[channel]![frame]! : sources[0]![frame * channels + channel]!;
    const out = samplesAt(target, elementType, 0, elementCount);
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
    // WebIDL dictionary conversion: each member read once, in lexicographic order.
    const name = 'AudioDataCopyToOptions';
    const dict = toDictionary(options, name);
    const formatValue = dict.format;
    const format = formatValue === undefined ? undefined : toEnum(formatValue, AUDIO_SAMPLE_FORMATS, 'AudioSampleFormat');
    const frameCount = optionalUnsignedLong(dict.frameCount, 'frameCount');
    const frameOffset = optionalUnsignedLong(dict.frameOffset, 'frameOffset') ?? 0;
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
defineInterfaceShape(AudioData, 'AudioData');

let pendingSlots: AudioSlots | null = null;

function constructInternal(slots: AudioSlots): AudioData {
  pendingSlots = slots;
  return new AudioData(INTERNAL as never);
}

/** §9.2.2 AudioData(init) steps 1–5, with "valid AudioDataInit". */
function slotsFromInit(initValue: unknown): AudioSlots {
  // WebIDL dictionary conversion: each member read and converted once, in lexicographic order.
  const name = 'AudioDataInit';
  const init = toDictionary(initValue, name);
  const source = bytesOfPossiblyDetached(requireMember(init, 'data', name), 'data');
  const format = toEnum(requireMember(init, 'format', name), AUDIO_SAMPLE_FORMATS, 'AudioSampleFormat');
  const numberOfChannels = enforceUnsignedLong(requireMember(init, 'numberOfChannels', name), 'numberOfChannels');
  const numberOfFrames = enforceUnsignedLong(requireMember(init, 'numberOfFrames', name), 'numberOfFrames');
  const sampleRate = toFloat32(requireMember(init, 'sampleRate', name), 'sampleRate');
  const timestamp = enforceLongLong(requireMember(init, 'timestamp', name), 'timestamp');
  const transfer = toArrayBufferSequence(init.transfer, 'transfer');
  // Step 1, "valid AudioDataInit". Native Chromium throws NotSupportedError instead for a
  // sampleRate ≤ 0, and also for rates outside [3000, 768000] Hz and more than 32 channels, which
  // the spec allows; this follows the spec.
  if (sampleRate <= 0) throw new TypeError('sampleRate must be positive.');
  if (numberOfFrames === 0) throw new TypeError('numberOfFrames must be non-zero.');
  if (numberOfChannels === 0) throw new TypeError('numberOfChannels must be non-zero.');
  const totalSize = numberOfFrames * numberOfChannels * bytesPerSample(format);
  if (source.byteLength < totalSize) throw new TypeError('data is too small for the given format and counts.');
  // Steps 2–3.
  checkTransferable(transfer);
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
