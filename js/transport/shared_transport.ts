/**
 * SharedTransport: the pthreads build of the core, instantiated on this thread. Each channel is a
 * C++ CodecSession whose codec thread (a Web Worker from the pthread pool) does all codec
 * work; chunk bytes are copied once, straight into the session's input ring in shared memory,
 * and outputs come back through its output ring after one coalesced wake-up
 * (Module.onCodecWake, run as a task on this thread). docs/ARCHITECTURE.md, "Threads".
 */

import type { CodecChannel, CodecKind, ChannelOutput, ChunkInput, CoreCodecConfig, FrameBuffer, LiveCounts, ThreadUse, Transport } from './transport';
import { POOL_WORKERS, ThreadLedger, hardwareConcurrency } from '../thread_policy';
import type { PthreadPool } from './pthread_pool';
import { watchCodecLogLevel } from '../codec_log';
import { type CoreModule, type CoreOutput, type CoreSession, RING_BYTES, CoreFailure, chunkOutput, heapView, toChannelOutput } from './core_module';
import { CodecModuleSet, fetchCodecModule } from '../codec_modules';

export class SharedTransport implements Transport {
  readonly ready: Promise<void>;
  private core: CoreModule | undefined;
  private heap: (() => Uint8Array) | undefined;
  private readonly channels = new Map<number, SharedChannel>();
  private nextSessionId = 1;
  private readonly threads: ThreadLedger;

  /**
   * @param load instantiates the core module (browser: ES module + worker; Node: CommonJS),
   *   calling `onAbort` if the module ever aborts.
   * @param holdWhileBusy Node: the pool's threads do not keep the process alive, so a timer
   *   does while any codec has work in flight (and drains its outputs as it ticks).
   * @param cores the core count the thread policy shares out (js/thread_policy.ts).
   * @param readModule a codec module's bytes (browsers fetch; Node reads the file).
   * @param pool a page's pthread Workers, started as codecs are granted them; without one (Node)
   *   Emscripten's own pool (-sPTHREAD_POOL_SIZE) is all there is.
   */
  constructor(
    load: (onAbort: (what: unknown) => void) => Promise<CoreModule>,
    private readonly holdWhileBusy = false,
    private readonly cores: () => number = hardwareConcurrency,
    private readonly readModule: (url: URL) => Promise<Uint8Array> = fetchCodecModule,
    private readonly pool?: PthreadPool,
  ) {
    this.threads = new ThreadLedger(cores, () => this.poolWorkers());
    this.ready = load((what) => this.breakDown(`aborted: ${String(what)}`)).then((core) => {
      this.core = core;
      this.heap = heapView(core);
      core.onCodecWake = (id) => this.channels.get(id)?.drain();
      this.unwatchLogLevel = watchCodecLogLevel((level) => core.setLogLevel(level));
      for (const channel of this.channels.values()) channel.attach();
    });
    // Channels report a load failure through their own outputs; nobody may be awaiting this.
    this.ready.catch((e: unknown) => this.breakDown(`could not load: ${String(e)}`));
  }

  private readonly failure = new CoreFailure();
  private unwatchLogLevel: () => void = () => {};
  /** @internal The codec modules linked into this core (js/codec_modules.ts). */
  readonly codecModules = new CodecModuleSet('mt', (url) => this.readModule(url), (file, bytes) => this.linkCodecModule(file, bytes));

  private async linkCodecModule(file: string, bytes: Uint8Array): Promise<void> {
    await this.ready;
    const core = this.core!;
    return new Promise((resolve, reject) => {
      core.loadCodecModule(file, bytes, (error) => (error === null ? resolve() : reject(new Error(error))));
    });
  }

  prepareCodec(kind: CodecKind, codec: string, opening?: CoreCodecConfig): Promise<void> {
    if (opening) {
      const { codedWidth = 0, codedHeight = 0 } = opening;
      this.provideWorkers(this.threads.workersHeld() + this.threads.workersForNew(kind, opening.codec, codedWidth, codedHeight));
    }
    return this.codecModules.pendingFor(kind, codec) ?? Promise.resolve();
  }

  get broken(): boolean {
    return this.failure.failed;
  }

  /** Retires the core (it failed to load, or aborted); the loader starts a fresh one. */
  breakDown(reason: unknown): void {
    if (!this.failure.fail(this.core !== undefined, reason, this.channels.values())) return;
    this.channels.clear();
    this.unwatchLogLevel();
  }

  openChannel(kind: CodecKind, onOutput: (output: ChannelOutput) => void): CodecChannel {
    const id = this.nextSessionId++;
    const channel = new SharedChannel(this, id, kind, onOutput);
    if (this.failure.failNew(channel)) return channel;
    this.channels.set(id, channel);
    this.threads.open(id, kind);
    this.provideWorkers(this.threads.workersHeld());
    if (this.core) channel.attach();
    return channel;
  }

  hasDecoder(name: string): boolean {
    return this.core?.hasDecoder(name) ?? false;
  }

  hasEncoder(name: string): boolean {
    return this.core?.hasEncoder(name) ?? false;
  }

  hasImageContainer(name: string): boolean {
    return this.core?.imageContainerNames().includes(name) ?? false;
  }

  linkedCodecModules(): string[] {
    return this.codecModules.linkedFiles();
  }

  async liveCounts(): Promise<LiveCounts> {
    await this.ready;
    return { sessions: this.core!.liveSessionCount(), frames: this.core!.liveFrameCount() };
  }

  async framesTakenByEncoders(): Promise<number> {
    await this.ready;
    return this.core!.framesTakenByEncoders();
  }

  async threadUse(): Promise<ThreadUse> {
    await this.ready;
    return {
      cores: this.cores(),
      poolWorkers: this.poolWorkers(),
      startedWorkers: this.startedWorkers(),
      runningPthreads: this.core!.PThread?.runningWorkers.length ?? 0,
      grants: this.threads.snapshot(),
    };
  }

  /**
   * Starts the page's pool Workers for `held` (what live codecs hold, or will once configured)
   * and one spare, so that the next codec thread finds a Worker loaded: a codec opened next, or
   * one opened right after a close() while the closed codec's threads are still ending.
   */
  private provideWorkers(held: number): void {
    this.pool?.grow(held + 1);
  }

  /** The Workers the thread policy shares out: the pool's, or all started if more. */
  private poolWorkers(): number {
    return Math.max(POOL_WORKERS, this.startedWorkers());
  }

  /** The pthread Workers started so far; Emscripten 3.1.6 keeps every Worker it ever started. */
  private startedWorkers(): number {
    if (this.pool) return this.pool.size();
    const pthreads = this.core?.PThread;
    return pthreads ? pthreads.unusedWorkers.length + pthreads.runningWorkers.length : 0;
  }

  /** @internal */ createSession(kind: CodecKind, id: number): CoreSession {
    return new this.core!.CodecSession(kind, RING_BYTES, id);
  }
  /**
   * @internal Threads for a configure() of codec `id` (js/thread_policy.ts); their Workers start
   * now, even while the core and the codec's module still load.
   */
  threadsFor(id: number, config: CoreCodecConfig): number {
    const threads = this.threads.configure(id, config.codec, config.codedWidth ?? 0, config.codedHeight ?? 0);
    this.provideWorkers(this.threads.workersHeld());
    return threads;
  }
  /** @internal */ heapU8(): Uint8Array {
    return this.heap!();
  }
  /** @internal */ frameBuffer(out: Extract<CoreOutput, { type: 'frame' | 'audio' }>): FrameBuffer {
    const core = this.core!;
    const heap = this.heap!;
    let held = true;
    // A frame of a retired core (breakDown) is copied like any other: the encoders that can
    // take it by handle are this core's, and new ones open on a fresh core.
    const transport = this;
    return {
      planes: out.planes.map((p) => ({ offset: p.ptr, stride: p.stride })),
      get coreHandle() {
        return held && !transport.broken ? out.handle : undefined;
      },
      bytes: heap,
      release: () => {
        if (held) core.releaseFrame(out.handle);
        held = false;
      },
    };
  }
  /** @internal */ releaseFrame(handle: number): void {
    this.core!.releaseFrame(handle);
  }
  /** @internal */ forget(id: number): void {
    this.channels.delete(id);
    this.threads.close(id);
  }

  private readonly busy = new Set<SharedChannel>();
  private busyTimer: ReturnType<typeof setInterval> | undefined;

  /** @internal A channel handed work to its codec thread. */
  submitted(channel: SharedChannel): void {
    if (!this.holdWhileBusy) return;
    this.busy.add(channel);
    this.busyTimer ??= setInterval(() => {
      for (const c of this.busy) if (c.drainAndCheckIdle()) this.busy.delete(c);
      if (this.busy.size === 0) {
        clearInterval(this.busyTimer);
        this.busyTimer = undefined;
      }
    }, 10);
  }
}

class SharedChannel implements CodecChannel {
  private session: CoreSession | undefined;
  private closed = false;
  /** A call returned false: the owner waits for a 'space' output. */
  private waitingForSpace = false;

  constructor(
    private readonly transport: SharedTransport,
    private readonly id: number,
    private readonly kind: CodecKind,
    private readonly onOutput: (output: ChannelOutput) => void,
  ) {}

  /** The core has loaded: create the session, and release a caller waiting for it. */
  attach(): void {
    if (this.closed || this.session) return;
    this.session = this.transport.createSession(this.kind, this.id);
    if (this.waitingForSpace) {
      this.waitingForSpace = false;
      this.onOutput({ type: 'space' });
    }
  }

  fail(failure: ChannelOutput): void {
    if (this.closed) return;
    this.closed = true;
    this.session = undefined; // the module is gone or poisoned: never call into it again
    this.onOutput(failure);
  }

  configure(seq: number, config: CoreCodecConfig): boolean {
    const threads = this.transport.threadsFor(this.id, config);
    if (!this.session) return this.accepted(undefined);
    const modules = this.transport.codecModules;
    if (!modules.readyFor(this.kind, config.codec, seq, () => this.moduleLoaded(), (error) => !this.closed && this.onOutput(error))) {
      this.waitingForSpace = true;
      return false;
    }
    return this.accepted(
      this.session?.configure(seq, {
        ...config,
        threads,
        lowDelay: config.lowDelay ?? false,
      }),
    );
  }

  input(seq: number, chunk: ChunkInput): boolean {
    if (!this.session) return this.accepted(undefined);
    const ptr = this.session.reserveInput(chunk.data.byteLength);
    if (ptr === 0) return this.accepted(false);
    this.transport.heapU8().set(chunk.data, ptr);
    this.session.commitInput(seq, chunk.timestamp, chunk.duration ?? -1, chunk.key, chunk.data.byteLength, chunk.frameHandle ?? 0);
    this.transport.submitted(this);
    return true;
  }

  flush(seq: number): boolean {
    return this.accepted(this.session?.flush(seq));
  }

  reset(discardBefore: number): void {
    this.session?.reset(discardBefore);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.session?.delete();
    this.session = undefined;
    this.transport.forget(this.id);
  }

  /** Drains outputs; true when the codec has nothing queued, running or unread (or is closed). */
  drainAndCheckIdle(): boolean {
    this.drain();
    return this.session?.idle() ?? true;
  }

  /** Runs on the owner thread after a wake-up: hands every pending output over, in order. */
  drain(): void {
    for (;;) {
      if (!this.session) return;
      const out = this.session.popOutput();
      if (out === null) return;
      if (out.type === 'space') {
        if (!this.waitingForSpace) continue;
        this.waitingForSpace = false;
      }
      if (out.type === 'chunk') {
        // Chunks are small next to frames: copied out at once, so the core's packet goes now.
        const data = this.transport.heapU8().slice(out.ptr, out.ptr + out.size);
        this.transport.releaseFrame(out.handle);
        this.onOutput(chunkOutput(out, data));
        continue;
      }
      const buffer = out.type === 'frame' || out.type === 'audio' ? this.transport.frameBuffer(out) : undefined;
      this.onOutput(toChannelOutput(out, buffer));
    }
  }

  /** The modules a configure() waited for are in: it may be sent again. */
  private moduleLoaded(): void {
    if (this.closed || !this.waitingForSpace) return;
    this.waitingForSpace = false;
    this.onOutput({ type: 'space' });
  }

  private accepted(result: boolean | undefined): boolean {
    if (result) {
      this.transport.submitted(this);
      return true;
    }
    this.waitingForSpace = true;
    return false;
  }
}
