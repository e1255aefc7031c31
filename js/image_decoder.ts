/**
 * ImageDecoder (WebCodecs §10.2): a whole image file, given at once or as a ReadableStream, is
 * read by an `image-decoder` codec session (src/codecs/image_decoder.cc) on the same codec work
 * queue as the other codecs: the bytes go in as they arrive, the core tells what they contain
 * so far (ImageTrackOutput), and each decode() is a task that outputs one VideoFrame.
 *
 * Where the spec and native Chromium 156 differ, native is followed and the README says so: a
 * type that is not `image/*` is a NotSupportedError (not a TypeError), and decode() called
 * before the tracks are established waits for them (the spec rejects it).
 */
import { bytesOf, isBufferSource, isSourceDetached } from './buffer_source';
import { getTransport } from './core_loader';
import { coreHas, loadedCoreHas } from './core_support';
import { queueTask } from './event_loop';
import { closeTracks, createImageTrackList, establishTracks, ImageTrackInit, ImageTrackList, ImageTrackOwner, updateTrack } from './image_track';
import type { ChannelOutput, CodecChannel, ImageTrackOutput, VideoFrameOutput } from './transport/transport';
import { createDecodedVideoFrame, VideoFrame, VideoOutputConfig } from './video_frame';
import {
  convertDictionary,
  defineInterfaceShape,
  enforceUnsignedLong,
  optionalUnsignedLong,
  required,
  toDOMString,
  toEnum,
} from './webidl';

/** §10.3 ImageDecoderInit. */
export interface ImageDecoderInit {
  type: string;
  data: BufferSource | ReadableStream<BufferSource>;
  colorSpaceConversion?: ColorSpaceConversion;
  desiredWidth?: number;
  desiredHeight?: number;
  preferAnimation?: boolean;
  transfer?: ArrayBuffer[];
}

/** HTML's ColorSpaceConversion (ImageBitmapOptions). */
export type ColorSpaceConversion = 'default' | 'none';

/** §10.4 ImageDecodeOptions. */
export interface ImageDecodeOptions {
  frameIndex?: number;
  completeFramesOnly?: boolean;
}

/** §10.5 ImageDecodeResult. */
export interface ImageDecodeResult {
  image: VideoFrame;
  complete: boolean;
}

/**
 * The container the core reads for an image MIME type: the types native Chromium 156 says it
 * supports (measured), minus what the core has no reader for. A type with parameters is not
 * supported there either.
 */
const CONTAINERS: Readonly<Record<string, string>> = {
  'image/gif': 'gif',
  'image/png': 'png',
  'image/apng': 'png',
  'image/x-png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/pjpeg': 'jpeg',
  'image/bmp': 'bmp',
  'image/webp': 'webp',
  'image/avif': 'avif',
};

function containerOf(type: string): string | null {
  return CONTAINERS[type.toLowerCase()] ?? null;
}

/**
 * Check Type Support (§10.2.5): whether the core reads the type's container. isTypeSupported()
 * asks the build's description (core_support.ts), loading nothing; the constructor the loaded core.
 */
function checkTypeSupport(type: string, ask: typeof coreHas = loadedCoreHas): Promise<boolean> {
  const container = containerOf(type);
  if (!container) return Promise.resolve(false);
  return ask('image-container', container);
}

/** ImageInputHeader (src/codec_task.h): what each input task of an image decoder session is. */
const enum ImageOp {
  Append = 1,
  End = 2,
  Decode = 3,
  SelectTrack = 4,
}

/** `index`: Decode's frame, SelectTrack's track. */
function imageTask(op: ImageOp, index = 0, bytes?: Uint8Array): Uint8Array {
  const payload = new Uint8Array(8 + (bytes?.byteLength ?? 0));
  const header = new DataView(payload.buffer);
  header.setUint32(0, op, true);
  header.setUint32(4, index, true);
  if (bytes) payload.set(bytes, 8);
  return payload;
}

/**
 * ImageTrack.frameCount for what the core read: the frames whose bytes have all arrived, and,
 * as native Chromium counts it, a frame the data ended inside of (decoding it fails, below).
 */
function trackFrameCount(read: ImageTrackOutput): number {
  return read.frameCount + (read.truncated ? 1 : 0);
}

/** EXIF orientation (1–8) as VideoFrame rotation and flip, as Chromium maps it. */
function orientationTransform(orientation: number): { rotation: number; flip: boolean } {
  switch (orientation) {
    case 2: return { rotation: 0, flip: true };
    case 3: return { rotation: 180, flip: false };
    case 4: return { rotation: 180, flip: true };
    case 5: return { rotation: 90, flip: true };
    case 6: return { rotation: 90, flip: false };
    case 7: return { rotation: 270, flip: true };
    case 8: return { rotation: 270, flip: false };
    default: return { rotation: 0, flip: false };
  }
}

interface ParsedInit {
  colorSpaceConversion: ColorSpaceConversion;
  data: unknown;
  desiredHeight: number | undefined;
  desiredWidth: number | undefined;
  preferAnimation: boolean | undefined;
  transfer: ArrayBuffer[];
  type: string;
}

/** WebIDL conversion of ImageDecoderInit (members read in lexicographic order). */
function parseInit(init: unknown): ParsedInit {
  return convertDictionary<ParsedInit>(init, 'ImageDecoderInit', {
    colorSpaceConversion: (v) => (v === undefined ? 'default' : toEnum(v, ['default', 'none'] as const, 'ColorSpaceConversion')),
    data: required('ImageDecoderInit', 'data', (v) => {
      if (!isBufferSource(v) && !(typeof ReadableStream === 'function' && v instanceof ReadableStream)) {
        throw new TypeError("Failed to read the 'data' property from 'ImageDecoderInit': not a BufferSource or ReadableStream.");
      }
      return v;
    }),
    desiredHeight: (v) => optionalUnsignedLong(v, 'desiredHeight'),
    desiredWidth: (v) => optionalUnsignedLong(v, 'desiredWidth'),
    preferAnimation: (v) => (v === undefined ? undefined : Boolean(v)),
    transfer: (v) => {
      if (v === undefined) return [];
      if (v === null || typeof v !== 'object' || typeof (v as Iterable<unknown>)[Symbol.iterator] !== 'function') {
        throw new TypeError("Failed to read the 'transfer' property from 'ImageDecoderInit': not a sequence.");
      }
      return Array.from(v as Iterable<unknown>, (b) => {
        if (!(b instanceof ArrayBuffer)) throw new TypeError('ImageDecoderInit.transfer holds something that is not an ArrayBuffer.');
        return b;
      });
    },
    type: required('ImageDecoderInit', 'type', toDOMString),
  });
}

/** "valid ImageDecoderInit" (§10.3), after conversion: a TypeError when it is not. */
function checkValidInit(init: ParsedInit): void {
  if (isBufferSource(init.data)) {
    if (isSourceDetached(init.data) || bytesOf(init.data, 'data').byteLength === 0) {
      throw new TypeError("Failed to construct 'ImageDecoder': No image data provided.");
    }
  } else if ((init.data as ReadableStream).locked) {
    throw new TypeError("Failed to construct 'ImageDecoder': the ReadableStream is locked.");
  }
  if ((init.desiredWidth === undefined) !== (init.desiredHeight === undefined)) {
    throw new TypeError("Failed to construct 'ImageDecoder': desiredWidth and desiredHeight must be given together.");
  }
}

/** One decode() call: [[pending decode promises]] and its control message. */
interface PendingDecode {
  frameIndex: number;
  resolve(result: ImageDecodeResult): void;
  reject(reason: unknown): void;
  /** The seq of the core's decode task, once sent (0 before). */
  seq: number;
}

function invalidState(message: string): DOMException {
  return new DOMException(message, 'InvalidStateError');
}

/** §10.2 ImageDecoder. */
export class ImageDecoder {
  readonly #type: string;
  readonly #colorSpaceConversion: ColorSpaceConversion;
  readonly #tracks: ImageTrackList = createImageTrackList();
  #complete = false;
  readonly #completed: Promise<void>;
  #resolveCompleted!: () => void;
  #rejectCompleted!: (reason: unknown) => void;
  #closed = false;
  readonly #preferAnimation: boolean | undefined;
  /** desiredWidth/desiredHeight, given together (checked): the core scales JPEGs as native does. */
  readonly #desiredSize: { desiredWidth: number; desiredHeight: number } | null;
  #tracksEstablished = false;
  #internalSelectedIndex = -1;
  /**
   * The track the core reads (ImageOp.SelectTrack): an AVIF's still (0) or image sequence (1,
   * the core's default); single-track files have only 0.
   */
  #coreTrack = 1;
  /** The seq of the last SelectTrack task: the core's records from before it are stale. */
  #selectSeq = 0;
  /** The seq of the last Append or End task: the core has not read all the bytes before its record. */
  #lastDataSeq = 0;
  /** What the core has read of the selected track's bytes so far; null until it says. */
  #read: ImageTrackOutput | null = null;
  #pending: PendingDecode[] = [];
  /** The reader of a ReadableStream `data` while the Fetch Stream Data Loop runs. */
  #streamReader: ReadableStreamDefaultReader<unknown> | null = null;
  #channel: CodecChannel | null = null;
  /** Core tasks not yet accepted by the channel (it was saturated or still loading). */
  #outbox: { seq: number; payload: Uint8Array }[] = [];
  #configured = false;
  #container: string | null;
  #nextSeq = 1;

  /** §10.2.2 ImageDecoder(init). */
  constructor(init: ImageDecoderInit) {
    const parsed = parseInit(init);
    checkValidInit(parsed);
    // Steps 2–3.
    if (new Set(parsed.transfer).size !== parsed.transfer.length) {
      throw new DOMException("Failed to construct 'ImageDecoder': Duplicate ArrayBuffers in the transfer list.", 'DataCloneError');
    }
    if (parsed.transfer.some((b) => isSourceDetached(b))) {
      throw new DOMException("Failed to construct 'ImageDecoder': Cannot detach ArrayBuffer.", 'DataCloneError');
    }
    this.#type = parsed.type;
    this.#colorSpaceConversion = parsed.colorSpaceConversion;
    this.#preferAnimation = parsed.preferAnimation;
    this.#desiredSize = parsed.desiredWidth === undefined || parsed.desiredHeight === undefined
      ? null
      : { desiredWidth: parsed.desiredWidth, desiredHeight: parsed.desiredHeight };
    this.#container = containerOf(parsed.type);
    this.#completed = new Promise<void>((resolve, reject) => {
      this.#resolveCompleted = resolve;
      this.#rejectCompleted = reject;
    });
    this.#completed.catch(() => {});

    if (isBufferSource(parsed.data)) {
      // Step 18: the append task is the one copy of the bytes (a transferred buffer is detached below).
      const append = imageTask(ImageOp.Append, 0, bytesOf(parsed.data, 'data'));
      this.#complete = true;
      this.#resolveCompleted();
      this.#start([append, imageTask(ImageOp.End)]);
    } else {
      // Step 17: the Fetch Stream Data Loop appends each chunk as it arrives.
      this.#start([]);
      this.#streamReader = (parsed.data as ReadableStream).getReader();
      void this.#fetchStreamData(this.#streamReader);
    }
    // Step 19.
    for (const buffer of parsed.transfer) detach(buffer);
  }

  /** The MIME type given at construction. */
  get type(): string {
    return this.#type;
  }

  /** Whether all the encoded data has arrived. */
  get complete(): boolean {
    return this.#complete;
  }

  /** Resolves when `complete` becomes true. */
  get completed(): Promise<void> {
    return this.#completed;
  }

  /** The tracks found in the data (live). */
  get tracks(): ImageTrackList {
    return this.#tracks;
  }

  /** §10.2.4 decode(options). */
  decode(options?: ImageDecodeOptions): Promise<ImageDecodeResult> {
    if (this.#closed) return Promise.reject(invalidState('The decoder has been closed.'));
    if (this.#tracksEstablished && this.#tracks.selectedIndex === -1) {
      return Promise.reject(invalidState('No track is selected.'));
    }
    let frameIndex: number;
    try {
      const parsed = convertDictionary<Required<ImageDecodeOptions>>(options, 'ImageDecodeOptions', {
        completeFramesOnly: (v) => (v === undefined ? true : Boolean(v)),
        frameIndex: (v) => (v === undefined ? 0 : enforceUnsignedLong(v, 'frameIndex')),
      });
      frameIndex = parsed.frameIndex;
    } catch (e) {
      return Promise.reject(e);
    }
    // completeFramesOnly: false changes nothing: no format here is decoded progressively, so
    // every result is the complete frame (§10.4).
    return new Promise<ImageDecodeResult>((resolve, reject) => {
      this.#pending.push({ frameIndex, resolve, reject, seq: 0 });
      this.#processDecodes();
    });
  }

  /** §10.2.4 reset(): aborts every pending decode. */
  reset(): void {
    this.#resetDecoder(new DOMException('Aborted by reset().', 'AbortError'));
  }

  /** §10.2.4 close(): aborts pending work and frees the decoder for good. */
  close(): void {
    this.#closeDecoder(new DOMException('Aborted by close().', 'AbortError'));
  }

  /** §10.2.4 isTypeSupported(type). Like native Chromium, a type that is not image/* is simply false. */
  static isTypeSupported(type: string): Promise<boolean> {
    let s: string;
    try {
      s = toDOMString(type, 'type');
    } catch (e) {
      return Promise.reject(e);
    }
    return checkTypeSupport(s, coreHas);
  }

  /** Opens the codec session (Configure the image decoder) and queues `tasks` behind it. */
  #start(tasks: Uint8Array[]): void {
    // Get Default Selected Track Index, as native: a still image over an AVIF's image sequence
    // only when preferAnimation is false. The core reads that track from the first byte.
    if (this.#preferAnimation === false) {
      this.#coreTrack = 0;
      tasks.unshift(imageTask(ImageOp.SelectTrack, 0));
    }
    for (const payload of tasks) this.#outbox.push({ seq: this.#nextSeq++, payload });
    this.#lastDataSeq = this.#nextSeq - 1;
    void checkTypeSupport(this.#type).then((supported) => {
      if (this.#closed) return;
      if (!supported) {
        this.#closeDecoder(new DOMException(`The provided image type (${this.#type}) is not supported.`, 'NotSupportedError'));
        return;
      }
      this.#channel = getTransport().openChannel('image-decoder', (output) => this.#onOutput(output));
      this.#pump();
    });
  }

  /** Hands queued tasks to the channel in order, until it says it is saturated. */
  #pump(): void {
    const channel = this.#channel;
    if (!channel || this.#closed) return;
    if (!this.#configured) {
      if (!channel.configure(this.#nextSeq++, { codec: this.#container!, ...this.#desiredSize })) return;
      this.#configured = true;
    }
    while (this.#outbox.length > 0) {
      const { seq, payload } = this.#outbox[0];
      if (!channel.input(seq, { timestamp: 0, duration: null, key: true, data: payload })) return;
      this.#outbox.shift();
    }
  }

  #send(payload: Uint8Array): number {
    const seq = this.#nextSeq++;
    this.#outbox.push({ seq, payload });
    this.#pump();
    return seq;
  }

  /** The Fetch Stream Data Loop (§10.2.5). */
  async #fetchStreamData(reader: ReadableStreamDefaultReader<unknown>): Promise<void> {
    for (;;) {
      let result: ReadableStreamReadResult<unknown>;
      try {
        result = await reader.read();
      } catch {
        queueTask(() => this.#closeDecoder(new DOMException('The image data stream failed.', 'NotReadableError')));
        return;
      }
      if (this.#closed) {
        reader.releaseLock();
        return;
      }
      if (result.done) {
        this.#streamReader = null;
        this.#complete = true;
        this.#resolveCompleted();
        this.#lastDataSeq = this.#send(imageTask(ImageOp.End));
        return;
      }
      const chunk = result.value;
      if (!(chunk instanceof Uint8Array)) {
        queueTask(() => this.#closeDecoder(new DOMException('The image data stream gave a chunk that is not a Uint8Array.', 'DataError')));
        return;
      }
      this.#lastDataSeq = this.#send(imageTask(ImageOp.Append, 0, chunk));
    }
  }

  #onOutput(output: ChannelOutput): void {
    if (this.#closed) {
      if (output.type === 'frame') output.buffer.release();
      return;
    }
    switch (output.type) {
      case 'space':
        this.#pump();
        return;
      case 'image-track':
        if (output.seq < this.#selectSeq) return;  // about the track selected before
        this.#read = output;
        this.#tracksChanged(output);
        this.#processDecodes();
        return;
      case 'frame':
        this.#frameDecoded(output);
        return;
      case 'error':
        // Fatally Reject Bad Data (or the core failed): Close ImageDecoder with the error.
        queueTask(() => this.#closeDecoder(new DOMException(output.message, output.seq === 0 ? output.name : 'EncodingError')));
        return;
      default:
        return;
    }
  }

  /** Establish Tracks, then Update Tracks (§10.2.5), as the core reads more of the bytes. */
  #tracksChanged(read: ImageTrackOutput): void {
    if (!this.#tracksEstablished) {
      if (read.invalid || (read.complete && read.width === 0)) {
        // Not enough data to find the tracks, and no more will come.
        queueTask(() => this.#closeDecoder(invalidState('Failed to retrieve track metadata.')));
        return;
      }
      // Bytes that have arrived since are on their way to the core: describe the tracks from
      // them all, as native does with the bytes it has.
      if (read.seq < this.#lastDataSeq) return;
      // Native Chromium establishes a GIF's track once its header is read (every GIF is
      // animated); others once the first frame is whole, or an animation is announced.
      if (read.width === 0 || (read.frameCount === 0 && !read.animated && !read.complete)) return;
      this.#tracksEstablished = true;
      let found: ImageTrackInit[];
      if (read.trackCount === 2) {
        // An AVIF's still (always one frame) and its image sequence, which native describes
        // only once it has been selected.
        const sequence = this.#coreTrack === 1 ? read : null;
        found = [
          { animated: false, frameCount: 1, repetitionCount: 0 },
          { animated: true, frameCount: sequence ? trackFrameCount(sequence) : 0, repetitionCount: sequence?.repetitionCount ?? 0 },
        ];
      } else {
        this.#coreTrack = 0;
        found = [{ animated: read.animated, frameCount: trackFrameCount(read), repetitionCount: read.repetitionCount }];
      }
      const selectedIndex = this.#coreTrack;
      this.#internalSelectedIndex = selectedIndex;
      queueTask(() => {
        if (!this.#closed) establishTracks(this.#tracks, this.#trackOwner, found, selectedIndex);
      });
      return;
    }
    // Update Tracks: the still of an AVIF with two tracks stays one frame.
    if (read.trackCount === 2 && this.#coreTrack === 0) return;
    const index = this.#coreTrack;
    const update = { frameCount: trackFrameCount(read), repetitionCount: read.repetitionCount };
    queueTask(() => {
      if (!this.#closed) updateTrack(this.#tracks, index, update);
    });
  }

  /**
   * The decode control messages, in order (Decode Complete Frame steps 4–6): each waits until
   * its frame's bytes have arrived, then becomes a core task; a frame past the end of complete
   * data is a RangeError, or an EncodingError when the data ended inside a frame.
   */
  #processDecodes(): void {
    const read = this.#read;
    if (!this.#tracksEstablished || !read || this.#internalSelectedIndex === -1) return;
    for (const decode of this.#pending) {
      if (decode.seq !== 0) continue;
      if (decode.frameIndex < read.frameCount) {
        decode.seq = this.#send(imageTask(ImageOp.Decode, decode.frameIndex));
        continue;
      }
      if (!read.complete) return;
      if (read.truncated && decode.frameIndex === 0) {
        // The data ended inside the first frame: native's decoder fails. (A later cut frame,
        // which native counts but its decoder drops once all the data is in, is out of range.)
        queueTask(() => this.#closeDecoder(new DOMException(`Failed to decode frame at index ${decode.frameIndex}.`, 'EncodingError')));
        return;
      }
      // Reject Infeasible Decode.
      const frameCount = trackFrameCount(read);
      decode.seq = -1;
      queueTask(() => {
        if (this.#closed || !this.#removePending(decode)) return;
        decode.reject(new RangeError(`The frame index provided (${decode.frameIndex}) is outside the range [0, ${frameCount}).`));
      });
    }
  }

  /** Decode Complete Frame steps 9–12: the frame becomes the ImageDecodeResult's image. */
  #frameDecoded(output: VideoFrameOutput): void {
    const decode = this.#pending.find((d) => d.seq === output.seq);
    if (!decode) {
      output.buffer.release(); // its decode() was aborted by reset()
      return;
    }
    const config: VideoOutputConfig = orientationTransform(this.#read?.orientation ?? 1);
    if (this.#colorSpaceConversion === 'none') {
      config.colorSpace = { primaries: null, transfer: null, matrix: null, fullRange: null };
    }
    // The core gives a still image's frame no duration, an animation frame its delay.
    const image = createDecodedVideoFrame(output, config);
    // Resolve Decode.
    queueTask(() => {
      if (this.#closed || !this.#removePending(decode)) {
        image.close();
        return;
      }
      decode.resolve({ image, complete: true });
    });
  }

  #removePending(decode: PendingDecode): boolean {
    const at = this.#pending.indexOf(decode);
    if (at === -1) return false;
    this.#pending.splice(at, 1);
    return true;
  }

  /** Reset ImageDecoder (§10.2.5): every pending decode rejects; their frames are dropped on arrival. */
  #resetDecoder(exception: unknown): void {
    const pending = this.#pending;
    this.#pending = [];
    for (const decode of pending) decode.reject(exception);
  }

  /** Close ImageDecoder (§10.2.5). */
  #closeDecoder(exception: unknown): void {
    if (this.#closed) return;
    this.#resetDecoder(exception);
    this.#closed = true;
    this.#trackOwner.closed = true;
    this.#channel?.close();
    this.#channel = null;
    this.#outbox = [];
    // As native Chromium: the stream is cancelled, so its source can no longer enqueue.
    this.#streamReader?.cancel(exception).catch(() => {});
    this.#streamReader = null;
    closeTracks(this.#tracks, exception);
    if (!this.#complete) this.#rejectCompleted(exception);
  }

  /** What the tracks see of this decoder (ImageTrack's [[ImageDecoder]]). */
  readonly #trackOwner: ImageTrackOwner = {
    closed: false,
    // The `selected` setter's steps 10–12.
    trackSelectionChanged: (selectedIndex) => {
      this.#resetDecoder(new DOMException('Aborted: the selected track changed.', 'AbortError'));
      this.#internalSelectedIndex = selectedIndex;
      if (selectedIndex !== -1 && selectedIndex !== this.#coreTrack) {
        // The core reads the other track from the bytes it has; decodes wait for its record.
        this.#coreTrack = selectedIndex;
        this.#selectSeq = this.#send(imageTask(ImageOp.SelectTrack, selectedIndex));
        this.#read = null;
      }
      this.#processDecodes();
    },
  };
}
defineInterfaceShape(ImageDecoder, 'ImageDecoder');

/** DetachArrayBuffer, through the platform's transfer. */
function detach(buffer: ArrayBuffer): void {
  const transfer = (buffer as ArrayBuffer & { transfer?: () => ArrayBuffer }).transfer;
  if (typeof transfer === 'function') transfer.call(buffer);
  else structuredClone(buffer, { transfer: [buffer] });
}
