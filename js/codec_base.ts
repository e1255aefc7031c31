/**
 * The codec processing model (WebCodecs §2) shared by VideoDecoder and AudioDecoder: the control
 * message queue, [[message queue blocked]], [[codec saturated]], [[key chunk required]], the
 * decode queue size and its coalesced `dequeue` event, [[pending flush promises]], and the Reset /
 * Close algorithms (§3.6, §4.6). VideoDecoder and AudioDecoder extend DecoderBase, which owns a
 * DecoderCore; they add their types, their config handling and isConfigSupported().
 *
 * Threading: everything here runs on the thread that owns the codec object. The core runs the
 * codec elsewhere and reports through CodecChannel outputs, which arrive asynchronously and in
 * order. Every control message gets a sequence number; reset() moves the epoch start to the next
 * number and tells the channel to discard older work, so any output whose seq is below the epoch
 * start belongs to a previous configuration and is dropped here too.
 */
import { getTransport } from './core_loader';
import { chunkInput, EncodedChunk } from './encoded_chunk';
import { queueTask, reportException } from './event_loop';
import { requireMember, toDictionary } from './webidl';
import type {
  AudioDataOutput,
  ChannelOutput,
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

/** Everything a DecoderCore needs from the codec class that owns it. */
export interface DecoderHooks<Tag, Out> {
  kind: CodecKind;
  /** The object `dequeue` events are fired at. */
  target: EventTarget;
  /** Builds the output object ("Output VideoFrames"/"Output AudioData") under the config active for it. */
  makeOutput(output: VideoFrameOutput | AudioDataOutput, activeConfig: Tag): Out;
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
}

interface PendingFlush {
  seq: number;
  resolve(): void;
  reject(reason: unknown): void;
}

type ControlMessage<Tag> =
  | { kind: 'configure'; seq: number; request: ConfigureRequest<Tag> }
  | { kind: 'decode'; seq: number; chunk: ChunkInput }
  | { kind: 'flush'; seq: number; flush: PendingFlush };

/**
 * "Check Configuration Support" (§7.1) for what the synchronous checks left: whether the core
 * loads and was built with the decoder. A core that cannot load supports nothing.
 */
export async function coreSupports(core: CoreCodecConfig | null): Promise<boolean> {
  if (!core) return false;
  try {
    const transport = getTransport();
    await transport.ready;
    return transport.hasDecoder(core.codec);
  } catch {
    return false;
  }
}

function invalidState(message: string): DOMException {
  return new DOMException(message, 'InvalidStateError');
}

/** The shared decoder state machine; one per VideoDecoder/AudioDecoder. */
export class DecoderCore<Tag, Out> {
  readonly #hooks: DecoderHooks<Tag, Out>;
  #state: CodecState = 'unconfigured';
  #queueSize = 0;
  #queue: ControlMessage<Tag>[] = [];
  #blocked = false;
  #saturated = false;
  #keyChunkRequired = true;
  #pendingFlushes: PendingFlush[] = [];
  #dequeueScheduled = false;
  #nextSeq = 1;
  #epochStart = 1;
  #channel: CodecChannel | null = null;
  /** A supported configuration waiting for channel.configure() to accept it. */
  #pendingConfigure: { seq: number; request: ConfigureRequest<Tag> } | null = null;
  /** Configurations handed to the channel, oldest first: outputs use the last one at or before their seq. */
  #configs: { seq: number; activeConfig: Tag }[] = [];

  constructor(hooks: DecoderHooks<Tag, Out>) {
    this.#hooks = hooks;
  }

  /** [[state]]. */
  get state(): CodecState {
    return this.#state;
  }

  /** [[decodeQueueSize]]. */
  get queueSize(): number {
    return this.#queueSize;
  }

  /** configure() steps 2–6 (step 1, the validity check, is the caller's). */
  configure(request: ConfigureRequest<Tag>): void {
    if (this.#state === 'closed') throw invalidState('Cannot call configure on a closed codec.');
    this.#state = 'configured';
    this.#keyChunkRequired = true;
    this.#queue.push({ kind: 'configure', seq: this.#nextSeq++, request });
    this.#processQueue();
  }

  /** decode() steps 1–5 (§3.5, §4.5). */
  decode(chunk: ChunkInput): void {
    if (this.#state !== 'configured') throw invalidState('Cannot call decode on an unconfigured or closed codec.');
    if (this.#keyChunkRequired) {
      if (!chunk.key) throw new DOMException('A key frame is required after configure() or flush().', 'DataError');
      this.#keyChunkRequired = false;
    }
    this.#queueSize++;
    this.#queue.push({ kind: 'decode', seq: this.#nextSeq++, chunk });
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
      case 'decode':
        // Steps 1–3 of running a decode control message; the channel reports saturation.
        if (this.#saturated || !this.#channel) return 'not processed';
        if (!this.#channel.decode(message.seq, message.chunk)) {
          this.#saturated = true;
          return 'not processed';
        }
        this.#queueSize--;
        this.#scheduleDequeueEvent();
        return 'processed';
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
    void coreSupports(request.core).then((supported) =>
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

  /** "Output VideoFrames" / "Output AudioData" for one output of the current epoch. */
  #deliver(output: VideoFrameOutput | AudioDataOutput): void {
    const activeConfig = this.#state === 'closed' || output.seq < this.#epochStart ? undefined : this.#configFor(output.seq);
    if (activeConfig === undefined) {
      output.buffer.release();
      return;
    }
    let out: Out;
    try {
      out = this.#hooks.makeOutput(output, activeConfig);
    } catch (e) {
      output.buffer.release();
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

  /** "Reset VideoDecoder" / "Reset AudioDecoder" (§4.6, §3.6). */
  #resetAlgorithm(exception: DOMException): void {
    // Step 1.
    if (this.#state === 'closed') throw invalidState('Cannot reset or close a closed codec.');
    // Step 2.
    this.#state = 'unconfigured';
    // Step 3: the core discards everything before the new epoch; so does #onOutput.
    this.#epochStart = this.#nextSeq;
    this.#channel?.reset(this.#epochStart);
    // Step 4.
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

  /** "Close VideoDecoder" / "Close AudioDecoder" (§4.6, §3.6). */
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

/** VideoDecoderInit / AudioDecoderInit conversion (§3.1, §4.1): both callbacks must be functions. */
function parseDecoderInit<Out>(init: unknown, dictionaryName: string): { output: (out: Out) => void; error: WebCodecsErrorCallback } {
  const dict = toDictionary(init, dictionaryName);
  const error = requireMember(dict, 'error', dictionaryName);
  if (typeof error !== 'function') throw new TypeError(`The 'error' member of ${dictionaryName} is not a function.`);
  const output = requireMember(dict, 'output', dictionaryName);
  if (typeof output !== 'function') throw new TypeError(`The 'output' member of ${dictionaryName} is not a function.`);
  return { error: (e) => void error(e), output: (o) => void output(o) };
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
  makeOutput(output: VideoFrameOutput | AudioDataOutput, activeConfig: Tag): Out;
}

/**
 * The methods and attributes VideoDecoder (§4) and AudioDecoder (§3) share; each subclass adds its
 * constructor, its types and the static isConfigSupported().
 */
export abstract class DecoderBase<Config, Chunk, Tag, Out> extends CodecEventTarget {
  readonly #core: DecoderCore<Tag, Out>;
  readonly #spec: DecoderSpec<Tag, Out>;

  /** Constructor steps: TypeError unless `init.output` and `init.error` are functions. */
  protected constructor(init: unknown, spec: DecoderSpec<Tag, Out>) {
    super();
    const { output, error } = parseDecoderInit<Out>(init, spec.initName);
    this.#spec = spec;
    this.#core = new DecoderCore<Tag, Out>({ kind: spec.kind, target: this, makeOutput: spec.makeOutput, output, error });
  }

  /** The codec's state: 'unconfigured', 'configured' or 'closed'. */
  get state(): CodecState {
    return this.#core.state;
  }

  /** Pending decode requests the codec has not taken yet. */
  get decodeQueueSize(): number {
    return this.#core.queueSize;
  }

  /**
   * configure(): TypeError for an invalid config, InvalidStateError when closed; an unsupported
   * config closes the decoder with NotSupportedError through the error callback, asynchronously.
   */
  configure(config: Config): void {
    this.#core.configure(this.#spec.prepareConfigure(config));
  }

  /** decode(): InvalidStateError unless configured; DataError if a key chunk is required and this is not one. */
  decode(chunk: Chunk): void {
    this.#core.decode(chunkInput(chunk, this.#spec.chunkClass, this.#spec.chunkName));
  }

  /** flush(): resolves once every output of the chunks before it has been delivered. */
  flush(): Promise<void> {
    return this.#core.flush();
  }

  /** reset(): drops queued work and the configuration; pending flushes reject with AbortError. */
  reset(): void {
    this.#core.reset();
  }

  /** close(): like reset(), and final. */
  close(): void {
    this.#core.close();
  }
}

/**
 * isConfigSupported() (§3.5, §4.5): rejects with TypeError for an invalid config, else resolves
 * with the support verdict and the cloned config.
 */
export function isDecoderConfigSupported<Parsed, Clone>(
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
  return coreSupports(resolveCore(parsed)).then((supported) => ({ supported, config: cloned }));
}
