import type { ChannelOutput, CoreCodecConfig, EncodedChunkOutput, FrameBuffer, ImageTrackOutput } from './transport';

/**
 * The embind surface of the C++ core (src/bindings.cc), as the transports see it. Same in the
 * pthreads build (`webcodecs-core-mt`) and the single-threaded one (`webcodecs-core-st`).
 */

/** What CodecSession.configure() takes: the transport-level config plus the thread policy. */
export type CoreSessionConfig = CoreCodecConfig & { threads: number; lowDelay: boolean };

interface CorePlane {
  /** Byte offset in wasm memory. */
  ptr: number;
  /** Bytes from one row to the next (video); 0 for audio. */
  stride: number;
  /** Bytes the plane spans from ptr (stride x rows for video). */
  size: number;
}

export type CoreOutput =
  | {
      type: 'frame';
      seq: number;
      timestamp: number;
      duration: number;
      handle: number;
      format: string;
      codedWidth: number;
      codedHeight: number;
      visibleX: number;
      visibleY: number;
      visibleWidth: number;
      visibleHeight: number;
      displayWidth: number;
      displayHeight: number;
      planes: CorePlane[];
      primaries: string | null;
      transfer: string | null;
      matrix: string | null;
      fullRange: boolean | null;
    }
  | {
      type: 'audio';
      seq: number;
      timestamp: number;
      duration: number;
      handle: number;
      format: string;
      sampleRate: number;
      numberOfFrames: number;
      numberOfChannels: number;
      planes: CorePlane[];
    }
  | {
      type: 'chunk';
      seq: number;
      timestamp: number;
      duration: number;
      handle: number;
      key: boolean;
      /** The chunk's bytes in wasm memory, until releaseFrame(handle). */
      ptr: number;
      size: number;
      temporalLayerId: number;
      decoderConfig: EncodedChunkOutput['decoderConfig'];
    }
  | ImageTrackOutput
  | { type: 'flushed'; seq: number }
  | { type: 'error'; seq: number; name: string; message: string }
  | { type: 'space' };

export interface CoreSession {
  configure(seq: number, config: CoreSessionConfig): boolean;
  reserveInput(byteLength: number): number;
  /** frameHandle: 0, or a decoded frame's registry handle an encoder takes in place of pixels. */
  commitInput(seq: number, timestamp: number, duration: number, key: boolean, byteLength: number, frameHandle: number): void;
  flush(seq: number): boolean;
  reset(discardBefore: number): void;
  popOutput(): CoreOutput | null;
  runPendingTasks(maxTasks: number): number;
  idle(): boolean;
  delete(): void;
}

export interface CoreModule {
  CodecSession: new (kind: string, ringBytes: number, sessionId: number) => CoreSession;
  hasDecoder(name: string): boolean;
  hasEncoder(name: string): boolean;
  /** The FFmpeg encoders (true) or decoders (false) the build has. */
  codecNames(encoders: boolean): string[];
  /** The image containers ImageDecoder reads ("gif", "png", "jpeg", ...). */
  imageContainerNames(): string[];
  liveFrameCount(): number;
  liveSessionCount(): number;
  /** Decoded frames an encoder took by handle so far (tests: no pixel copy through JS). */
  framesTakenByEncoders(): number;
  releaseFrame(handle: number): void;
  /** Links the codec module `file` (its bytes) into the core and registers its codecs
   *  (src/codec_modules.h); one load at a time. `done` gets null, or why it did not load. */
  loadCodecModule(file: string, bytes: Uint8Array, done: (error: string | null) => void): void;
  /** Which lines of FFmpeg's log reach stderr: an AV_LOG_* level (js/codec_log.ts). */
  setLogLevel(avLogLevel: number): void;
  /** Exported by the pthreads build (Emscripten exports it with PThread). */
  wasmMemory?: WebAssembly.Memory;
  /** The wasm exports; the single-threaded build's memory is its exported `memory`. */
  asm?: { memory?: WebAssembly.Memory };
  onCodecWake?: (sessionId: number) => void;
  /** Emscripten's pthread pool (pthreads build): Workers idle and Workers running a thread. */
  PThread?: { unusedWorkers: unknown[]; runningWorkers: unknown[] };
}

export type CoreFactory = (moduleArg: object) => Promise<CoreModule>;

/** Bytes of each session's input ring: a few 1080p key frames; larger chunks go out of line. */
export const RING_BYTES = 4 << 20;

/** A view of the core's whole memory, re-taken when the memory has grown. */
export function heapView(core: CoreModule): () => Uint8Array {
  const memory = core.wasmMemory ?? core.asm?.memory;
  if (!memory) throw new Error('webcodecs-wasm: the core exports no memory');
  let view = new Uint8Array(memory.buffer);
  return () => {
    if (view.buffer !== memory.buffer) view = new Uint8Array(memory.buffer);
    return view;
  };
}

/** A channel a failed core can fail: it reports the failure once and takes no more work. */
export interface FailableChannel {
  fail(failure: ChannelOutput): void;
}

/**
 * The failure state of one core, shared by both transports. Once the core is gone (it failed to
 * load, aborted, or its Worker died), every open channel fails with one error output (seq 0):
 * NotSupportedError if the core never loaded, EncodingError if it failed while decoding ("Close
 * VideoDecoder" with that error); channels opened on it later fail the same way.
 */
export class CoreFailure {
  #failure: ChannelOutput | undefined;

  get failed(): boolean {
    return this.#failure !== undefined;
  }

  /** Records the failure (once) and fails `open`; false when it had failed already. */
  fail(loaded: boolean, reason: unknown, open: Iterable<FailableChannel>): boolean {
    if (this.#failure) return false;
    const failure: ChannelOutput = {
      type: 'error',
      seq: 0,
      name: loaded ? 'EncodingError' : 'NotSupportedError',
      message: `webcodecs-wasm: ${String(reason)}`,
    };
    this.#failure = failure;
    for (const channel of open) channel.fail(failure);
    return true;
  }

  /** After a failure: fails a newly opened `channel` asynchronously (outputs never come from
   *  inside a channel method) and returns true. */
  failNew(channel: FailableChannel): boolean {
    const failure = this.#failure;
    if (!failure) return false;
    queueMicrotask(() => channel.fail(failure));
    return true;
  }
}

/** An encoded chunk output whose bytes were copied out of the core (which may then release them). */
export function chunkOutput(out: Extract<CoreOutput, { type: 'chunk' }>, data: Uint8Array): EncodedChunkOutput {
  return {
    type: 'chunk',
    seq: out.seq,
    timestamp: out.timestamp,
    duration: out.duration < 0 ? null : out.duration,
    key: out.key,
    data,
    temporalLayerId: out.temporalLayerId,
    decoderConfig: out.decoderConfig,
  };
}

/**
 * Turns a core output record into a transport output; `buffer` holds its planes (in wasm memory
 * for SharedTransport, copied out for MessageTransport).
 */
export function toChannelOutput(out: CoreOutput, buffer?: FrameBuffer): ChannelOutput {
  switch (out.type) {
    case 'frame':
      return {
        type: 'frame',
        seq: out.seq,
        timestamp: out.timestamp,
        duration: out.duration < 0 ? null : out.duration,
        format: out.format,
        codedWidth: out.codedWidth,
        codedHeight: out.codedHeight,
        visibleRect: { x: out.visibleX, y: out.visibleY, width: out.visibleWidth, height: out.visibleHeight },
        displayWidth: out.displayWidth,
        displayHeight: out.displayHeight,
        colorSpace: {
          primaries: out.primaries,
          transfer: out.transfer,
          matrix: out.matrix,
          fullRange: out.fullRange,
        },
        buffer: buffer!,
      };
    case 'audio':
      return {
        type: 'audio',
        seq: out.seq,
        timestamp: out.timestamp,
        format: out.format,
        sampleRate: out.sampleRate,
        numberOfFrames: out.numberOfFrames,
        numberOfChannels: out.numberOfChannels,
        buffer: buffer!,
      };
    case 'chunk':
      return chunkOutput(out, new Uint8Array(0));
    default:
      return out;
  }
}
