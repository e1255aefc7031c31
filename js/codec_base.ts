/**
 * The codec processing model (WebCodecs §2) shared by the four codec interfaces: the control
 * message queue, [[message queue blocked]], [[codec saturated]], [[key chunk required]]
 * (decoders), the decode/encode queue size and its coalesced `dequeue` event, [[pending flush
 * promises]], and the Reset / Close algorithms (§3.6, §4.6, §5.6, §6.6). One CodecCore runs each
 * codec object. VideoDecoder and AudioDecoder extend DecoderBase (below), the encoders
 * EncoderBase (encoder_base.ts); each adds its types, its config handling and isConfigSupported().
 *
 * Threading: everything here runs on the thread that owns the codec object. The core runs the
 * codec elsewhere and reports through CodecChannel outputs, which arrive asynchronously and in
 * order. Every control message gets a sequence number; reset() moves the epoch start to the next
 * number and tells the channel to discard older work, so any output whose seq is below the epoch
 * start belongs to a previous configuration and is dropped here too.
 */
import { getTransport } from './core_loader';
import { coreHas, loadedCoreHas } from './core_support';
import { chunkInput, EncodedChunk } from './encoded_chunk';
import { queueTask, reportException } from './event_loop';
import { requireMember, toDictionary } from './webidl';
import type {
  AudioDataOutput,
  ChannelOutput,
  EncodedChunkOutput,
  ChunkInput,
  CodecChannel,
  CodecKind,
  CoreCodecConfig,
  Transport,
  VideoFrameOutput,
} from './transport/transport';

/** §7.11 CodecState. */
export type CodecState = 'unconfigured' | 'configured' | 'closed';

/** §7.12 WebCodecsErrorCallback. */
export type WebCodecsErrorCallback = (error: DOMException) => void;

type DequeueHandler = ((this: EventTarget, event: Event) => unknown) | null;

/**
 * An EventTarget with the `ondequeue` event handler IDL attribute (§3.3, §4.3). The handler is
 * registered as a listener when first set and removed when set to null, as HTML event handlers are.
 */
export class CodecEventTarget extends EventTarget {
  #ondequeue: DequeueHandler = null;
  readonly #listener = (event: Event): void => {
    const handler = this.#ondequeue;
    if (typeof handler === 'function') handler.call(this, event);
  };

  /** Event handler for the `dequeue` event, fired when the queue size has decreased. */
  get ondequeue(): DequeueHandler {
    return this.#ondequeue;
  }

  set ondequeue(value: DequeueHandler) {
    const handler = typeof value === 'function' ? value : null;
    if (handler && !this.#ondequeue) this.addEventListener('dequeue', this.#listener);
    if (!handler && this.#ondequeue) this.removeEventListener('dequeue', this.#listener);
    this.#ondequeue = handler;
  }
}

/** A codec output that becomes a WebCodecs object: a frame, audio, or an encoded chunk. */
export type MediaOutput = VideoFrameOutput | AudioDataOutput | EncodedChunkOutput;

/** Everything a CodecCore needs from the codec class that owns it. */
export interface CodecHooks<Tag, Out> {
  kind: CodecKind;
  /** The object `dequeue` events are fired at. */
  target: EventTarget;
  /** Builds the output object ("Output VideoFrames", "Output EncodedVideoChunks", ...) under the
   *  config active for it. */
  makeOutput(output: MediaOutput, activeConfig: Tag): Out;
  /** The [[output callback]]. */
  output(out: Out): void;
  /** The [[error callback]]. */
  error: WebCodecsErrorCallback;
}

/** A configure control message after the synchronous part of "Check Configuration Support". */
export interface ConfigureRequest<Tag> {
  /** What the core is configured with, or null when the config is already known to be unsupported. */
  core: CoreCodecConfig | null;
  /** The [[active decoder config]] outputs of this configuration are built with. */
  activeConfig: Tag;
  /** Decoders: whether a chunk marked 'key' is a key frame by its bitstream (decode() step 3.2). */
  isKeyChunk?: ((data: Uint8Array) => boolean) | null;
}

/**
 * What a decode or encode control message hands to the core. Decoders have the chunk's bytes at
 * once; encoders hold a clone of the frame or audio and read it only when the message runs.
 */
export interface QueuedInput {
  /** The bytes for the core; called at most once, when the control message runs. */
  take(): ChunkInput;
  /** Drops what the message holds (the encoder's frame clone); called exactly once, last. */
  release(): void;
}

/** A QueuedInput for bytes that are ready now. */
export function readyInput(chunk: ChunkInput): QueuedInput {
  return { take: () => chunk, release: () => {} };
}

interface PendingFlush {
  seq: number;
  resolve(): void;
  reject(reason: unknown): void;
}

type ControlMessage<Tag> =
  | { kind: 'configure'; seq: number; request: ConfigureRequest<Tag> }
  | { kind: 'input'; seq: number; input: QueuedInput }
  | { kind: 'flush'; seq: number; flush: PendingFlush };

/**
 * "Check Configuration Support" (§7.1) for what the synchronous checks left: whether the core
 * has the decoder or encoder. configure() asks the loaded core (a core that cannot load supports
 * nothing); isConfigSupported() the build's description of it, loading nothing (core_support.ts).
 */
function coreSupports(core: CoreCodecConfig | null, kind: CodecKind, ask: typeof loadedCoreHas, opening?: boolean): Promise<boolean> {
  if (!core) return Promise.resolve(false);
  return ask(kind.endsWith('encoder') ? 'encoder' : 'decoder', core.codec, kind, opening ? core : undefined);
}

/** An InvalidStateError DOMException (a call the codec's [[state]] does not allow). */
export function invalidState(message: string): DOMException {
  return new DOMException(message, 'InvalidStateError');
}

/** The shared codec state machine; one per VideoDecoder, AudioDecoder, VideoEncoder or AudioEncoder. */
export class CodecCore<Tag, Out> {
  readonly #hooks: CodecHooks<Tag, Out>;
  #state: CodecState = 'unconfigured';
  #queueSize = 0;
  #queue: ControlMessage<Tag>[] = [];
  #blocked = false;
  #saturated = false;
  #keyChunkRequired = true;
  /** The key chunk check of the last configure() (decoders). */
  #isKeyChunk: ((data: Uint8Array) => boolean) | null = null;
  #pendingFlushes: PendingFlush[] = [];
  #dequeueScheduled = false;
  #nextSeq = 1;
  #epochStart = 1;
  #channel: CodecChannel | null = null;
  /** A supported configuration waiting for channel.configure() to accept it. */
  #pendingConfigure: { seq: number; request: ConfigureRequest<Tag> } | null = null;
  /** Configurations handed to the channel, oldest first: outputs use the last one at or before their seq. */
  #configs: { seq: number; activeConfig: Tag }[] = [];

  constructor(hooks: CodecHooks<Tag, Out>) {
    this.#hooks = hooks;
  }

  /** [[state]]. */
  get state(): CodecState {
    return this.#state;
  }

  /** [[decodeQueueSize]] / [[encodeQueueSize]]. */
  get queueSize(): number {
    return this.#queueSize;
  }

  /** configure() steps 2–6 (step 1, the validity check, is the caller's). */
  configure(request: ConfigureRequest<Tag>): void {
    if (this.#state === 'closed') throw invalidState('Cannot call configure on a closed codec.');
    this.#state = 'configured';
    this.#keyChunkRequired = true;
    this.#isKeyChunk = request.isKeyChunk ?? null;
    this.#queue.push({ kind: 'configure', seq: this.#nextSeq++, request });
    this.#processQueue();
  }

  /** decode() steps 1–5 (§3.5, §4.5). */
  decode(chunk: ChunkInput): void {
    if (this.#state !== 'configured') throw invalidState('Cannot call decode on an unconfigured or closed codec.');
    if (this.#keyChunkRequired) {
      if (!chunk.key) throw new DOMException('A key frame is required after configure() or flush().', 'DataError');
      if (this.#isKeyChunk && !this.#isKeyChunk(chunk.data)) {
        throw new DOMException('The chunk is marked key, but its bitstream is not a key frame.', 'DataError');
      }
      this.#keyChunkRequired = false;
    }
    this.#enqueueInput(readyInput(chunk));
  }

  /**
   * encode() steps after the caller's checks (§5.5, §6.5): the input holds its own clone of the
   * frame or audio. The caller checks the state first (requireConfigured) so that a failed check
   * clones nothing.
   */
  encode(input: QueuedInput): void {
    if (this.#state !== 'configured') {
      input.release();
      throw invalidState('Cannot call encode on an unconfigured or closed codec.');
    }
    this.#enqueueInput(input);
  }

  /** Throws InvalidStateError unless [[state]] is "configured". */
  requireConfigured(method: string): void {
    if (this.#state !== 'configured') throw invalidState(`Cannot call ${method} on an unconfigured or closed codec.`);
  }

  #enqueueInput(input: QueuedInput): void {
    this.#queueSize++;
    this.#queue.push({ kind: 'input', seq: this.#nextSeq++, input });
    this.#processQueue();
  }

  /** flush() steps 1–7. */
  flush(): Promise<void> {
    if (this.#state !== 'configured') {
      return Promise.reject(invalidState('Cannot call flush on an unconfigured or closed codec.'));
    }
    this.#keyChunkRequired = true;
    const seq = this.#nextSeq++;
    return new Promise<void>((resolve, reject) => {
      const flush: PendingFlush = { seq, resolve, reject };
      this.#pendingFlushes.push(flush);
      this.#queue.push({ kind: 'flush', seq, flush });
      this.#processQueue();
    });
  }

  /** reset(): the Reset algorithm with an AbortError. */
  reset(): void {
    this.#resetAlgorithm(new DOMException('Aborted due to reset.', 'AbortError'));
  }

  /** close(): the Close algorithm with an AbortError. */
  close(): void {
    this.#closeAlgorithm(new DOMException('Aborted due to close.', 'AbortError'));
  }

  /** "Process the control message queue" (§2.2). */
  #processQueue(): void {
    while (!this.#blocked && this.#queue.length > 0) {
      const outcome = this.#runMessage(this.#queue[0]!);
      if (outcome === 'not processed') break;
      this.#queue.shift();
    }
  }

  #runMessage(message: ControlMessage<Tag>): 'processed' | 'not processed' {
    switch (message.kind) {
      case 'configure':
        this.#runConfigure(message.seq, message.request);
        return 'processed';
      case 'input': {
        // Steps 1–3 of running a decode/encode control message; the channel reports saturation.
        if (this.#saturated || !this.#channel) return 'not processed';
        let chunk: ChunkInput;
        try {
          chunk = message.input.take();
        } catch (e) {
          // The frame or audio could not be read (e.g. a native frame whose copy failed).
          message.input.release();
          this.#queueSize--;
          queueTask(() => this.#closeWithError(new DOMException(`Cannot read the input: ${String(e)}`, 'EncodingError')));
          return 'processed';
        }
        // The bytes stay with the message until the channel accepts them; the clone can go now.
        message.input.release();
        message.input = readyInput(chunk);
        if (!this.#channel.input(message.seq, chunk)) {
          this.#saturated = true;
          return 'not processed';
        }
        this.#queueSize--;
        this.#scheduleDequeueEvent();
        return 'processed';
      }
      case 'flush':
        if (this.#saturated || !this.#channel) return 'not processed';
        if (!this.#channel.flush(message.seq)) {
          this.#saturated = true;
          return 'not processed';
        }
        return 'processed';
    }
  }

  /** Running a configure control message: blocks the queue until the core has the configuration. */
  #runConfigure(seq: number, request: ConfigureRequest<Tag>): void {
    this.#blocked = true;
    const stillCurrent = (): boolean => seq >= this.#epochStart && this.#state !== 'closed';
    const unsupported = (): void => {
      if (stillCurrent()) this.#closeWithError(new DOMException('Unsupported configuration.', 'NotSupportedError'));
    };
    if (!request.core) {
      queueTask(unsupported);
      return;
    }
    // A first configure() also starts the Workers for the codec's threads while the core loads.
    void coreSupports(request.core, this.#hooks.kind, loadedCoreHas, !this.#channel).then((supported) =>
      queueTask(() => {
        if (!supported) {
          unsupported();
          return;
        }
        if (!stillCurrent()) return;
        if (!this.#channel) {
          const transport: Transport = getTransport();
          // Each output is its own task (§2.2 "queue a task"), so promise reactions of a flush
          // resolved by one output run before the next output's callback.
          this.#channel = transport.openChannel(this.#hooks.kind, (output) => queueTask(() => this.#onOutput(output)));
        }
        this.#pendingConfigure = { seq, request };
        this.#sendPendingConfigure();
      }),
    );
  }

  #sendPendingConfigure(): void {
    const pending = this.#pendingConfigure;
    if (!pending || !this.#channel) return;
    if (!this.#channel.configure(pending.seq, pending.request.core!)) {
      this.#saturated = true;
      return;
    }
    this.#pendingConfigure = null;
    this.#configs.push({ seq: pending.seq, activeConfig: pending.request.activeConfig });
    this.#blocked = false;
    this.#processQueue();
  }

  #onOutput(output: ChannelOutput): void {
    switch (output.type) {
      case 'frame':
      case 'audio':
      case 'chunk':
        this.#deliver(output);
        return;
      case 'flushed': {
        if (output.seq < this.#epochStart) return;
        const index = this.#pendingFlushes.findIndex((f) => f.seq === output.seq);
        if (index < 0) return;
        const [flush] = this.#pendingFlushes.splice(index, 1);
        flush!.resolve();
        return;
      }
      case 'error':
        // seq 0: the channel as a whole failed (e.g. the core could not load), not one message.
        if ((output.seq !== 0 && output.seq < this.#epochStart) || this.#state === 'closed') return;
        this.#closeWithError(new DOMException(output.message, output.name));
        return;
      case 'space':
        if (this.#state === 'closed') return;
        this.#saturated = false;
        this.#sendPendingConfigure();
        this.#processQueue();
        return;
    }
  }

  /** "Output VideoFrames" / "Output AudioData" / "Output Encoded…Chunks" for one output of the current epoch. */
  #deliver(output: MediaOutput): void {
    const activeConfig = this.#state === 'closed' || output.seq < this.#epochStart ? undefined : this.#configFor(output.seq);
    const drop = (): void => {
      if (output.type !== 'chunk') output.buffer.release();
    };
    if (activeConfig === undefined) {
      drop();
      return;
    }
    let out: Out;
    try {
      out = this.#hooks.makeOutput(output, activeConfig);
    } catch (e) {
      drop();
      reportException(e);
      return;
    }
    try {
      this.#hooks.output(out);
    } catch (e) {
      reportException(e);
    }
  }

  #configFor(seq: number): Tag | undefined {
    let index = -1;
    for (let i = 0; i < this.#configs.length && this.#configs[i]!.seq <= seq; i++) index = i;
    if (index < 0) return undefined;
    // Outputs arrive in order, so configurations before this one are no longer needed.
    if (index > 0) this.#configs.splice(0, index);
    return this.#configs[0]!.activeConfig;
  }

  /** "Schedule Dequeue Event": at most one pending `dequeue` event, fired as a task. */
  #scheduleDequeueEvent(): void {
    if (this.#dequeueScheduled) return;
    this.#dequeueScheduled = true;
    queueTask(() => {
      // Cleared before dispatch, as Chromium does, so a decode() inside a handler can schedule again.
      this.#dequeueScheduled = false;
      this.#hooks.target.dispatchEvent(new Event('dequeue'));
    });
  }

  /** "Reset VideoDecoder" / "Reset AudioDecoder" / "Reset …Encoder" (§3.6, §4.6, §5.6, §6.6). */
  #resetAlgorithm(exception: DOMException): void {
    // Step 1.
    if (this.#state === 'closed') throw invalidState('Cannot reset or close a closed codec.');
    // Step 2.
    this.#state = 'unconfigured';
    // Step 3: the core discards everything before the new epoch; so does #onOutput.
    this.#epochStart = this.#nextSeq;
    this.#channel?.reset(this.#epochStart);
    // Step 4 (queued encode messages drop their frame and audio clones).
    for (const message of this.#queue) if (message.kind === 'input') message.input.release();
    this.#queue = [];
    this.#blocked = false;
    this.#saturated = false;
    this.#pendingConfigure = null;
    this.#configs = [];
    // Step 5.
    if (this.#queueSize > 0) {
      this.#queueSize = 0;
      this.#scheduleDequeueEvent();
    }
    // Step 6.
    const flushes = this.#pendingFlushes;
    this.#pendingFlushes = [];
    for (const flush of flushes) flush.reject(exception);
  }

  /** "Close VideoDecoder" / "Close AudioDecoder" / "Close …Encoder" (§3.6, §4.6, §5.6, §6.6). */
  #closeAlgorithm(exception: DOMException): void {
    // Step 1: rejects pending flushes before the error callback runs (step 4).
    this.#resetAlgorithm(exception);
    // Steps 2–3.
    this.#state = 'closed';
    this.#channel?.close();
    this.#channel = null;
    // Step 4.
    if (exception.name !== 'AbortError') {
      try {
        this.#hooks.error(exception);
      } catch (e) {
        reportException(e);
      }
    }
  }

  /** Closes with an error the codec raised itself (NotSupportedError, EncodingError, ...). */
  #closeWithError(exception: DOMException): void {
    if (this.#state === 'closed') return;
    this.#closeAlgorithm(exception);
  }
}

/** VideoDecoderInit / AudioDecoderInit / …EncoderInit conversion (§3.1, §4.1, §5.1, §6.1): both callbacks must be functions. */
export function parseCodecInit<Args extends unknown[]>(
  init: unknown,
  dictionaryName: string,
): { output: (...args: Args) => void; error: WebCodecsErrorCallback } {
  const dict = toDictionary(init, dictionaryName);
  const error = requireMember(dict, 'error', dictionaryName);
  if (typeof error !== 'function') throw new TypeError(`The 'error' member of ${dictionaryName} is not a function.`);
  const output = requireMember(dict, 'output', dictionaryName);
  if (typeof output !== 'function') throw new TypeError(`The 'output' member of ${dictionaryName} is not a function.`);
  return { error: (e) => void error(e), output: (...args) => void output(...args) };
}

/** What distinguishes VideoDecoder from AudioDecoder for DecoderBase. */
export interface DecoderSpec<Tag, Out> {
  kind: CodecKind;
  /** 'VideoDecoderInit' / 'AudioDecoderInit'. */
  initName: string;
  /** The chunk interface decode() takes, and its name for TypeErrors. */
  chunkClass: abstract new (...args: never[]) => EncodedChunk;
  chunkName: string;
  /** configure() step 1 (TypeError for an invalid config) and the synchronous support checks. */
  prepareConfigure(config: unknown): ConfigureRequest<Tag>;
  makeOutput(output: MediaOutput, activeConfig: Tag): Out;
}

/**
 * What the four codec interfaces share: the constructor's init checks, [[state]], flush(),
 * reset() and close(), over one CodecCore. Outputs are the argument lists of the user's output
 * callback: [frame] for decoders, [chunk, metadata] for encoders.
 */
/** The key of a codec object's CodecCore. */
export const CODEC = Symbol('codec');

export abstract class CodecBase<Tag, Args extends unknown[]> extends CodecEventTarget {
  /** Keyed by a symbol: no string-named member beyond the WebIDL interface's. */
  protected readonly [CODEC]: CodecCore<Tag, Args>;

  /** Constructor steps: TypeError unless `init.output` and `init.error` are functions. */
  protected constructor(init: unknown, initName: string, kind: CodecKind, makeOutput: (output: MediaOutput, activeConfig: Tag) => Args) {
    super();
    const { output, error } = parseCodecInit<Args>(init, initName);
    this[CODEC] = new CodecCore<Tag, Args>({ kind, target: this, makeOutput, output: (args) => output(...args), error });
  }

  /** The codec's state: 'unconfigured', 'configured' or 'closed'. */
  get state(): CodecState {
    return this[CODEC].state;
  }

  /** flush(): resolves once every output of the work queued before it has been delivered. */
  flush(): Promise<void> {
    return this[CODEC].flush();
  }

  /** reset(): drops queued work and the configuration; pending flushes reject with AbortError. */
  reset(): void {
    this[CODEC].reset();
  }

  /** close(): like reset(), and final. */
  close(): void {
    this[CODEC].close();
  }
}

/**
 * The methods and attributes VideoDecoder (§4) and AudioDecoder (§3) share; each subclass adds its
 * constructor, its types and the static isConfigSupported().
 */
export abstract class DecoderBase<Config, Chunk, Tag, Out> extends CodecBase<Tag, [Out]> {
  readonly #spec: DecoderSpec<Tag, Out>;

  protected constructor(init: unknown, spec: DecoderSpec<Tag, Out>) {
    super(init, spec.initName, spec.kind, (output, activeConfig) => [spec.makeOutput(output, activeConfig)]);
    this.#spec = spec;
  }

  /** Pending decode requests the codec has not taken yet. */
  get decodeQueueSize(): number {
    return this[CODEC].queueSize;
  }

  /**
   * configure(): TypeError for an invalid config, InvalidStateError when closed; an unsupported
   * config closes the decoder with NotSupportedError through the error callback, asynchronously.
   */
  configure(config: Config): void {
    this[CODEC].configure(this.#spec.prepareConfigure(config));
  }

  /** decode(): InvalidStateError unless configured; DataError if a key chunk is required and this is not one. */
  decode(chunk: Chunk): void {
    this[CODEC].decode(chunkInput(chunk, this.#spec.chunkClass, this.#spec.chunkName));
  }
}

/**
 * isConfigSupported() (§3.5, §4.5, §5.5, §6.5): rejects with TypeError for an invalid config, else
 * resolves with the support verdict and the cloned config.
 */
export function isCodecConfigSupported<Parsed, Clone>(
  kind: CodecKind,
  config: unknown,
  parseValid: (config: unknown) => Parsed,
  clone: (parsed: Parsed) => Clone,
  resolveCore: (parsed: Parsed) => CoreCodecConfig | null,
): Promise<{ supported: boolean; config: Clone }> {
  let parsed: Parsed;
  try {
    parsed = parseValid(config);
  } catch (e) {
    return Promise.reject(e);
  }
  const cloned = clone(parsed);
  return coreSupports(resolveCore(parsed), kind, coreHas).then((supported) => ({ supported, config: cloned }));
}
