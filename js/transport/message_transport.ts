/**
 * MessageTransport: the single-threaded build of the core, running in one dedicated Worker, for
 * pages without SharedArrayBuffer (not cross-origin isolated). Same API, more copies: chunk bytes
 * and decoded planes cross by postMessage with transferred buffers.
 */

import type { CodecChannel, CodecKind, ChannelOutput, ChunkInput, CoreCodecConfig, LiveCounts, Transport } from './transport';
import type { FromWorker, ToWorker, WorkerOutput } from './worker_protocol';
import { CoreFailure, chunkOutput, toChannelOutput } from './core_module';
import { watchCodecLogLevel } from '../codec_log';
import { CodecModuleSet, fetchCodecModule } from '../codec_modules';

/** Control messages a channel may have in flight to the Worker before it reports saturation. */
const MAX_IN_FLIGHT = 16;

export class MessageTransport implements Transport {
  readonly ready: Promise<void>;
  private readonly worker: Worker;
  private readonly channels = new Map<number, MessageChannelState>();
  private decoders = new Set<string>();
  private encoders = new Set<string>();
  private imageContainers = new Set<string>();
  private nextId = 1;
  private readonly countRequests: ((counts: LiveCounts) => void)[] = [];

  constructor(createWorker: () => Worker) {
    this.worker = createWorker();
    // Messages wait in the Worker until its core is loaded.
    this.unwatchLogLevel = watchCodecLogLevel((level) => this.post({ op: 'log-level', level }));
    this.ready = new Promise<void>((resolve, reject) => {
      this.worker.onmessage = (e: MessageEvent<FromWorker>) => {
        const msg = e.data;
        if (msg.op === 'ready') {
          this.decoders = new Set(msg.decoders);
          this.encoders = new Set(msg.encoders);
          this.imageContainers = new Set(msg.imageContainers);
          this.loaded = true;
          resolve();
        } else if (msg.op === 'failed') {
          reject(new Error(msg.message));
        } else if (msg.op === 'counts') {
          this.countRequests.shift()?.(msg.counts);
        } else if (msg.op === 'module-loaded') {
          this.decoders = new Set(msg.decoders);
          this.encoders = new Set(msg.encoders);
          this.moduleLoads.get(msg.file)?.(msg.error);
          this.moduleLoads.delete(msg.file);
        } else {
          this.channels.get(msg.id)?.receive(msg.outputs, msg.consumed);
        }
      };
      this.worker.onerror = (e) => {
        e.preventDefault();
        const error = new Error(`webcodecs-wasm worker failed: ${e.message}`);
        reject(error);
        this.breakDown(error);
      };
    });
    this.ready.catch((e: unknown) => this.breakDown(e));
  }

  private readonly failure = new CoreFailure();
  private readonly unwatchLogLevel: () => void;
  private loaded = false;
  /** Module loads the Worker has not answered yet, by file name. */
  private readonly moduleLoads = new Map<string, (error: string | null) => void>();
  /** @internal The codec modules linked into the Worker's core (js/codec_modules.ts). */
  readonly codecModules = new CodecModuleSet('st', fetchCodecModule, (file, bytes) => this.linkCodecModule(file, bytes));

  /** Fetched here while the Worker's core loads; the bytes are transferred, not copied. */
  private async linkCodecModule(file: string, bytes: Uint8Array): Promise<void> {
    await this.ready;
    const buffer = bytes.buffer as ArrayBuffer; // a fetched response's, never shared
    return new Promise((resolve, reject) => {
      this.moduleLoads.set(file, (error) => (error === null ? resolve() : reject(new Error(error))));
      this.post({ op: 'load-module', file, bytes: buffer }, [buffer]);
    });
  }

  prepareCodec(kind: CodecKind, codec: string): Promise<void> {
    return this.codecModules.pendingFor(kind, codec) ?? Promise.resolve();
  }

  get broken(): boolean {
    return this.failure.failed;
  }

  /** Retires the core (it failed to load, or its Worker died); the loader starts a fresh one. */
  breakDown(e: unknown): void {
    if (!this.failure.fail(this.loaded, e, this.channels.values())) return;
    this.unwatchLogLevel();
    this.worker.terminate();
    this.channels.clear();
  }

  openChannel(kind: CodecKind, onOutput: (output: ChannelOutput) => void): CodecChannel {
    const id = this.nextId++;
    const channel = new MessageChannelState(this, id, kind, onOutput);
    if (this.failure.failNew(channel)) return channel;
    this.channels.set(id, channel);
    this.post({ op: 'open', id, kind });
    return channel;
  }

  hasDecoder(name: string): boolean {
    return this.decoders.has(name);
  }

  hasEncoder(name: string): boolean {
    return this.encoders.has(name);
  }

  hasImageContainer(name: string): boolean {
    return this.imageContainers.has(name);
  }

  linkedCodecModules(): string[] {
    return this.codecModules.linkedFiles();
  }

  async liveCounts(): Promise<LiveCounts> {
    await this.ready;
    return new Promise((resolve) => {
      this.countRequests.push(resolve);
      this.post({ op: 'counts' });
    });
  }

  /** The single-threaded build copies every frame an encoder takes (its frames live in the Worker). */
  async framesTakenByEncoders(): Promise<number> {
    return 0;
  }

  /** @internal */ post(msg: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(msg, transfer);
  }
  /** @internal */ forget(id: number): void {
    this.channels.delete(id);
  }
}

class MessageChannelState implements CodecChannel {
  private sent = 0;
  private consumed = 0;
  private waitingForSpace = false;
  private closed = false;

  constructor(
    private readonly transport: MessageTransport,
    private readonly id: number,
    private readonly kind: CodecKind,
    private readonly onOutput: (output: ChannelOutput) => void,
  ) {}

  configure(seq: number, config: CoreCodecConfig): boolean {
    if (!this.hasRoom()) return false;
    const modules = this.transport.codecModules;
    if (!modules.readyFor(this.kind, config.codec, seq, () => this.moduleLoaded(), (error) => !this.closed && this.onOutput(error))) {
      this.waitingForSpace = true;
      return false;
    }
    const description = config.description?.slice();
    this.send({ op: 'configure', id: this.id, seq, config: { ...config, description } });
    return true;
  }

  input(seq: number, chunk: ChunkInput): boolean {
    if (!this.hasRoom()) return false;
    const data = chunk.data.slice().buffer;
    const { timestamp, key } = chunk;
    this.send({ op: 'input', id: this.id, seq, timestamp, duration: chunk.duration ?? -1, key, data }, [data]);
    return true;
  }

  flush(seq: number): boolean {
    if (!this.hasRoom()) return false;
    this.send({ op: 'flush', id: this.id, seq });
    return true;
  }

  reset(discardBefore: number): void {
    this.transport.post({ op: 'reset', id: this.id, discardBefore });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.transport.post({ op: 'close', id: this.id });
    this.transport.forget(this.id);
  }

  receive(outputs: WorkerOutput[], consumed: number): void {
    this.consumed = consumed;
    for (const out of outputs) {
      if (this.closed) return;
      if (out.type === 'space') continue; // flow control is this side's (below)
      if (out.type === 'chunk') {
        this.onOutput(chunkOutput(out, new Uint8Array(out.data!)));
        continue;
      }
      this.onOutput(toChannelOutput(out, out.data && copiedBuffer(out)));
    }
    if (this.waitingForSpace && !this.closed && this.sent - this.consumed < MAX_IN_FLIGHT) {
      this.waitingForSpace = false;
      this.onOutput({ type: 'space' });
    }
  }

  fail(failure: ChannelOutput): void {
    if (this.closed) return;
    this.closed = true;
    this.onOutput(failure);
  }

  /** The modules a configure() waited for are in: it may be sent again. */
  private moduleLoaded(): void {
    if (this.closed || !this.waitingForSpace) return;
    this.waitingForSpace = false;
    this.onOutput({ type: 'space' });
  }

  private hasRoom(): boolean {
    if (this.sent - this.consumed < MAX_IN_FLIGHT) return true;
    this.waitingForSpace = true;
    return false;
  }

  private send(msg: ToWorker, transfer: Transferable[] = []): void {
    this.sent++;
    this.transport.post(msg, transfer);
  }
}

function copiedBuffer(out: WorkerOutput) {
  const bytes = new Uint8Array(out.data!);
  const planes = 'planes' in out ? out.planes.map((p) => ({ offset: p.ptr, stride: p.stride })) : [];
  return { planes, bytes: () => bytes, release: () => undefined };
}
