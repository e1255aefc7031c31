/**
 * Hybrid codecs (issue #10 §2; docs/ARCHITECTURE.md, "Hybrid codecs"): one codec object that runs
 * each configuration on the browser's own codec where the browser's isConfigSupported() says
 * yes, and on this package's wasm codec otherwise (HEVC decoding in a Chromium without a platform
 * decoder, AAC encoding in Firefox, Opus in Safari 16.4).
 *
 * The hybrid object owns the codec's state machine (WebCodecs §2.2): [[state]], the control
 * message queue, [[key chunk required]] (decoders), the queue size and its `dequeue` events,
 * [[pending flush promises]], Reset and Close. It runs the messages on an "inner" codec, a whole
 * codec object of the implementation the last configure() chose. Messages wait in the hybrid's
 * own queue only while a configuration is being chosen (one native isConfigSupported()) or while
 * the previous implementation's codec drains its outputs; otherwise they go straight through.
 *
 * Media cross between the implementations through js/platform_media.ts: a native codec is given
 * the platform's objects (this package's are copied), and what a wasm codec outputs reaches the
 * page as the platform's objects where the platform has the interface. Why a wrapper over two
 * whole codecs and not a native channel under CodecCore: the native codec runs the processing
 * model itself, and its frames must reach the page untouched (GPU-backed, never copied).
 *
 * Threading: everything runs on the thread that owns the hybrid object, as the inner codecs do.
 */
import { CodecEventTarget, CodecState, invalidState, parseCodecInit, WebCodecsErrorCallback } from './codec_base';
import { queueTask, reportException } from './event_loop';
import type { AudioData } from './audio_data';
import type { EncodedAudioChunk } from './encoded_audio_chunk';
import type { EncodedVideoChunk } from './encoded_video_chunk';
import { isPackageMedia, platformInterface, toPlatformChunk } from './platform_media';
import type { VideoFrame } from './video_frame';

/** Which implementation runs a hybrid codec's current configuration. */
export type CodecImplementation = 'native' | 'wasm';

/** A codec object of either implementation, as the hybrid drives it. */
export interface InnerCodec extends EventTarget {
  readonly state: CodecState;
  configure(config: unknown): void;
  flush(): Promise<void>;
  reset(): void;
  close(): void;
}

/** A codec interface object of either implementation (its constructor and isConfigSupported()). */
export interface CodecClass {
  /** Takes a VideoDecoderInit, AudioEncoderInit, ... (typed by each interface). */
  new (init: never): InnerCodec;
  isConfigSupported(config: never): Promise<{ supported?: boolean }>;
}

/** What distinguishes the four hybrid codec interfaces. */
export interface HybridSpec {
  name: 'VideoDecoder' | 'AudioDecoder' | 'VideoEncoder' | 'AudioEncoder';
  /** This package's wasm implementation of the interface. */
  wasm: CodecClass;
  /**
   * configure() step 1: throws TypeError for an invalid config (this package's check); else
   * returns the copy of it to queue (a caller may change or detach its own after the call).
   */
  snapshot(config: unknown): unknown;
  /** The wasm codec's output callback arguments, as the platform's objects where it has them. */
  toPlatformOutput(args: unknown[]): unknown[];
}

/** The media of a decode() or encode() message: submitted to the inner codec once, or dropped. */
export interface QueuedMedia {
  submit(codec: InnerCodec, implementation: CodecImplementation): void;
  /** Drops what the message holds (a frame or audio clone); called once, after submit() or instead of it. */
  release(): void;
}

interface PendingFlush {
  resolve(): void;
  reject(error: unknown): void;
}

type Message = { kind: 'configure'; config: unknown } | { kind: 'input'; media: QueuedMedia } | { kind: 'flush'; flush: PendingFlush };

interface Inner {
  codec: InnerCodec;
  implementation: CodecImplementation;
  /** The dequeue event its reset() scheduled, which the hybrid's own reset event stands for. */
  resetDequeuePending?: boolean;
}

const implementations = new WeakMap<object, () => CodecImplementation | null>();

/**
 * Which implementation runs a hybrid codec's current configuration: 'native', 'wasm', or null
 * while it is unconfigured, closed or still choosing, and for a codec that is not hybrid.
 */
export function hybridImplementation(codec: object): CodecImplementation | null {
  return implementations.get(codec)?.() ?? null;
}

/**
 * The browser's isConfigSupported() answer for `config` where it supports it, else null (no
 * such interface, unsupported, or a config the browser cannot read: this package's to judge).
 */
async function nativeSupport(spec: HybridSpec, config: unknown): Promise<{ supported?: boolean } | null> {
  const native = platformInterface(spec.name) as CodecClass | undefined;
  if (!native) return null;
  try {
    const support = await native.isConfigSupported(config as never);
    return support.supported ? support : null;
  } catch {
    return null;
  }
}

/**
 * isConfigSupported() of a hybrid interface: the browser's answer where it supports the config,
 * else this package's (which rejects with TypeError for an invalid config).
 */
export async function hybridConfigSupport(spec: HybridSpec, config: unknown): Promise<unknown> {
  const wasm = spec.wasm.isConfigSupported(config as never);
  wasm.catch(() => {});
  return (await nativeSupport(spec, config)) ?? wasm;
}

/** The state machine the four hybrid codec interfaces share. */
export abstract class HybridCodec extends CodecEventTarget {
  readonly #spec: HybridSpec;
  readonly #output: (...args: unknown[]) => void;
  readonly #error: WebCodecsErrorCallback;
  #state: CodecState = 'unconfigured';
  #queue: Message[] = [];
  /** decode()/encode() messages still in this object's queue (not yet given to an inner codec). */
  #queuedInputs = 0;
  #pendingFlushes = new Set<PendingFlush>();
  /** The codec running the current configuration, once chosen. */
  #inner: Inner | null = null;
  /** The previous implementation's codec while it drains, before the next one starts. */
  #draining: Inner | null = null;
  /** Whether a configure message is being run (choosing, or waiting for a drain). */
  #running = false;
  /** Bumped by Reset and Close: a configure run of an earlier epoch stops where it is. */
  #epoch = 0;
  /** [[key chunk required]] (decoders). */
  protected keyChunkRequired = true;

  protected constructor(init: unknown, initName: string, spec: HybridSpec) {
    super();
    const { output, error } = parseCodecInit<unknown[]>(init, initName);
    this.#spec = spec;
    this.#output = output;
    this.#error = error;
    implementations.set(this, () => (this.#state === 'configured' && !this.#running ? (this.#inner?.implementation ?? null) : null));
  }

  /** [[state]]. */
  get state(): CodecState {
    return this.#state;
  }

  /** [[decodeQueueSize]] / [[encodeQueueSize]]: this object's queued inputs and the inner codecs'. */
  protected get queueSize(): number {
    return this.#queuedInputs + this.#innerQueueSize(this.#inner) + this.#innerQueueSize(this.#draining);
  }

  #innerQueueSize(inner: Inner | null): number {
    if (!inner) return 0;
    const codec = inner.codec as unknown as { decodeQueueSize?: number; encodeQueueSize?: number };
    return codec.decodeQueueSize ?? codec.encodeQueueSize ?? 0;
  }

  /** configure(): TypeError for an invalid config, InvalidStateError when closed. */
  configure(config: unknown): void {
    if (this.#state === 'closed') throw invalidState('Cannot call configure on a closed codec.');
    const snapshot = this.#spec.snapshot(config);
    this.#state = 'configured';
    this.keyChunkRequired = true;
    this.#queue.push({ kind: 'configure', config: snapshot });
    this.#process();
  }

  /** Throws InvalidStateError unless [[state]] is "configured". */
  protected requireConfigured(method: string): void {
    if (this.#state !== 'configured') throw invalidState(`Cannot call ${method} on an unconfigured or closed codec.`);
  }

  /**
   * Queues a decode or encode message (the caller has made every synchronous check). With
   * nothing queued, the inner codec takes it at once, so what it throws synchronously (a chunk
   * marked key whose bitstream is not a key frame, an encoder's orientation DataError) reaches
   * the caller as the spec throws it, and the codec stays configured.
   */
  protected queueInput(media: QueuedMedia): void {
    if (!this.#running && this.#queue.length === 0 && this.#inner) {
      try {
        media.submit(this.#inner.codec, this.#inner.implementation);
      } finally {
        media.release();
      }
      return;
    }
    this.#queuedInputs++;
    this.#queue.push({ kind: 'input', media });
    this.#process();
  }

  /** decode() (§3.5, §4.5): TypeError for a value that is not a `chunkName`, InvalidStateError, DataError. */
  protected decodeChunk(chunk: unknown, chunkName: 'EncodedVideoChunk' | 'EncodedAudioChunk'): void {
    if (Object.prototype.toString.call(chunk) !== `[object ${chunkName}]`) {
      throw new TypeError(`The provided value is not of type '${chunkName}'.`);
    }
    this.requireConfigured('decode');
    const c = chunk as EncodedVideoChunk | EncodedAudioChunk;
    if (this.keyChunkRequired && c.type !== 'key') throw new DOMException('A key frame is required after configure() or flush().', 'DataError');
    // Chunks are immutable: the message holds the caller's, copied for the platform's codec if it is this package's.
    this.queueInput({
      submit: (codec, implementation) => {
        const input = implementation === 'native' && isPackageMedia(c) ? (toPlatformChunk(c) ?? c) : c;
        (codec as unknown as { decode(chunk: unknown): void }).decode(input);
      },
      release: () => {},
    });
    // After the inner codec took it: a DataError it threw leaves a key chunk still required.
    this.keyChunkRequired = false;
  }

  /**
   * encode() after the caller's checks (§5.5, §6.5): the message holds `clone`, the caller's
   * clone of the frame or audio; a platform's codec is given the platform's copy of this package's.
   */
  protected encodeMedia<Media extends VideoFrame | AudioData>(clone: Media, toPlatform: (media: Media) => Media | undefined, options?: unknown): void {
    this.queueInput({
      submit: (codec, implementation) => {
        const copy = implementation === 'native' && isPackageMedia(clone) ? toPlatform(clone) : undefined;
        try {
          (codec as unknown as { encode(media: unknown, options?: unknown): void }).encode(copy ?? clone, options);
        } finally {
          copy?.close();
        }
      },
      release: () => clone.close(),
    });
  }

  /** flush(): resolves once every output of the work queued before it has been delivered. */
  flush(): Promise<void> {
    if (this.#state !== 'configured') return Promise.reject(invalidState('Cannot call flush on an unconfigured or closed codec.'));
    this.keyChunkRequired = true;
    return new Promise<void>((resolve, reject) => {
      const flush: PendingFlush = { resolve, reject };
      this.#pendingFlushes.add(flush);
      this.#queue.push({ kind: 'flush', flush });
      this.#process();
    });
  }

  /** reset(): drops queued work and the configuration; pending flushes reject with AbortError. */
  reset(): void {
    this.#resetAlgorithm(new DOMException('Aborted due to reset.', 'AbortError'));
  }

  /** close(): like reset(), and final. */
  close(): void {
    this.#closeAlgorithm(new DOMException('Aborted due to close.', 'AbortError'));
  }

  /** Runs queued messages in order, until one has to wait for a configure run. */
  #process(): void {
    while (!this.#running && this.#queue.length > 0) {
      const message = this.#queue[0]!;
      if (message.kind === 'configure') {
        this.#running = true;
        void this.#runConfigure(message.config, this.#epoch);
        return;
      }
      this.#queue.shift();
      this.#run(message, this.#inner!);
    }
  }

  #run(message: Exclude<Message, { kind: 'configure' }>, inner: Inner): void {
    if (message.kind === 'flush') {
      const settle = (done: () => void): void => {
        if (this.#pendingFlushes.delete(message.flush)) done();
      };
      inner.codec.flush().then(
        () => settle(() => message.flush.resolve()),
        (e: unknown) => settle(() => message.flush.reject(e)),
      );
      return;
    }
    this.#queuedInputs--;
    try {
      message.media.submit(inner.codec, inner.implementation);
    } catch (e) {
      // The inner codec refused a queued input after this object's checks passed (e.g. a
      // bitstream that is not a key frame): the call that queued it has returned, so the codec
      // closes with that error, and nothing queued after it runs.
      this.#closeWithError(e instanceof DOMException ? e : new DOMException(String(e), 'EncodingError'));
    } finally {
      message.media.release();
    }
  }

  /** Running a configure message: choose the implementation, drain the other one, configure. */
  async #runConfigure(config: unknown, epoch: number): Promise<void> {
    // The browser's codec where its isConfigSupported() says yes, else this package's.
    const implementation: CodecImplementation = (await nativeSupport(this.#spec, config)) ? 'native' : 'wasm';
    if (epoch !== this.#epoch) return;
    const previous = this.#inner;
    if (previous && previous.implementation !== implementation) {
      // The earlier configuration's outputs come before the next one's: it drains first.
      this.#inner = null;
      this.#draining = previous;
      if (previous.codec.state === 'configured') await previous.codec.flush().catch(() => {});
      if (epoch !== this.#epoch) return;
      this.#draining = null;
      previous.codec.close();
    }
    const inner = this.#inner ?? this.#open(implementation);
    this.#inner = inner;
    this.#queue.shift();
    this.#running = false;
    try {
      inner.codec.configure(config);
    } catch (e) {
      this.#closeWithError(e instanceof DOMException ? e : new DOMException(String(e), 'NotSupportedError'));
      return;
    }
    this.#process();
  }

  #open(implementation: CodecImplementation): Inner {
    const Class = implementation === 'native' ? (platformInterface(this.#spec.name) as CodecClass) : this.#spec.wasm;
    const inner = {} as Inner;
    inner.implementation = implementation;
    const init = {
      output: (...args: unknown[]) => this.#deliver(inner, args),
      error: (e: DOMException) => {
        if (inner === this.#inner || inner === this.#draining) this.#closeWithError(e);
      },
    };
    inner.codec = new Class(init as never);
    inner.codec.addEventListener('dequeue', () => {
      if (inner.resetDequeuePending) {
        inner.resetDequeuePending = false;
        return;
      }
      if (inner === this.#inner || inner === this.#draining) this.dispatchEvent(new Event('dequeue'));
    });
    return inner;
  }

  /** An inner codec's output, to the user's callback (a wasm codec's as the platform's objects). */
  #deliver(inner: Inner, args: unknown[]): void {
    if (this.#state === 'closed' || (inner !== this.#inner && inner !== this.#draining)) {
      for (const value of args) (value as { close?: () => void } | null)?.close?.();
      return;
    }
    const out = inner.implementation === 'wasm' ? this.#spec.toPlatformOutput(args) : args;
    try {
      this.#output(...out);
    } catch (e) {
      reportException(e);
    }
  }

  /** "Reset …" (§3.6, §4.6, §5.6, §6.6). */
  #resetAlgorithm(exception: DOMException): void {
    if (this.#state === 'closed') throw invalidState('Cannot reset or close a closed codec.');
    this.#state = 'unconfigured';
    this.#epoch++;
    this.#running = false;
    for (const message of this.#queue) if (message.kind === 'input') message.media.release();
    this.#queue = [];
    // The draining codec's outputs belong to a configuration reset discards.
    this.#draining?.codec.close();
    this.#draining = null;
    // One dequeue event for the whole queue, as one codec's reset schedules (the inner codec's
    // own, if its queue was not empty, is dropped when it comes).
    let innerQueued = 0;
    if (this.#inner && this.#inner.codec.state !== 'closed') {
      innerQueued = this.#innerQueueSize(this.#inner);
      if (innerQueued > 0) this.#inner.resetDequeuePending = true;
      this.#inner.codec.reset();
    }
    if (this.#queuedInputs > 0 || innerQueued > 0) {
      this.#queuedInputs = 0;
      queueTask(() => this.dispatchEvent(new Event('dequeue')));
    }
    const flushes = [...this.#pendingFlushes];
    this.#pendingFlushes.clear();
    for (const flush of flushes) flush.reject(exception);
  }

  /** "Close …" (§3.6, §4.6, §5.6, §6.6). */
  #closeAlgorithm(exception: DOMException): void {
    this.#resetAlgorithm(exception);
    this.#state = 'closed';
    if (this.#inner && this.#inner.codec.state !== 'closed') this.#inner.codec.close();
    this.#inner = null;
    if (exception.name !== 'AbortError') {
      try {
        this.#error(exception);
      } catch (e) {
        reportException(e);
      }
    }
  }

  #closeWithError(exception: DOMException): void {
    if (this.#state === 'closed') return;
    this.#closeAlgorithm(exception);
  }
}
