/**
 * How many threads each codec instance gives its codec library in the pthreads build (FFmpeg's
 * frame or slice threads, dav1d's workers, libvpx's, libaom's and openh264's encoder threads).
 * docs/ARCHITECTURE.md, "Thread policy", has the rule as a table a reader can check.
 *
 * Every library thread is a pthread, i.e. a Worker from Emscripten's pool. In Emscripten 3.1.6 a
 * codec thread's pthread_create is proxied synchronously to the owner thread, which hands over a
 * pooled Worker at once or, when none is free, creates one whose thread only starts after the
 * Worker has loaded. So a codec is given no more library threads than the pool has Workers that
 * no live codec holds, and the cores are shared between the live video codecs.
 */

import type { CodecKind } from './transport/transport';

/**
 * The pthread Workers the policy shares out. Node's core starts them up front
 * (-sPTHREAD_POOL_SIZE=4); a page starts each when a codec is granted it
 * (js/transport/pthread_pool.ts). A codec thread beyond them starts a Worker of its own.
 */
export const POOL_WORKERS = 4;

/** Threads a picture is worth on its own, before the cores and the pool are shared out. */
export function pictureThreads(kind: CodecKind, width: number, height: number): number {
  const area = width * height;
  if (kind === 'video-decoder') return area >= 2560 * 1440 ? 8 : 4;
  if (kind !== 'video-encoder') return 1;
  return area >= 2560 * 1440 ? 8 : area >= 1280 * 720 ? 4 : area >= 640 * 480 ? 2 : 1;
}

/**
 * Pthreads a codec library starts for `threads` (an upper bound, read from the libraries'
 * sources): FFmpeg's frame threads N (slice threads N-1), dav1d N, libvpx's VP8 encoder N-1
 * row threads and a loop-filter thread, VP9's and libaom's N-1 (the caller is worker 0), and
 * openh264 a pool of N and its dispatch thread (one pool per process, sized by the first
 * encoder that opens).
 */
export function libraryPthreads(codec: string, threads: number): number {
  if (threads <= 1) return 0;
  return codec === 'libopenh264' ? threads + 1 : threads;
}

/** What the policy decides from. */
export interface ThreadPolicyInput {
  kind: CodecKind;
  /** The FFmpeg codec name ("h264", "libdav1d", "libopenh264", ...). */
  codec: string;
  /** The configured coded size; 0 when the config has none. */
  width: number;
  height: number;
  /** navigator.hardwareConcurrency. */
  cores: number;
  /** Live video decoders and encoders, this one included. */
  videoCodecs: number;
  /** Pool Workers no live codec holds (this codec's own codec thread is already held). */
  poolFree: number;
}

/**
 * Threads for one codec instance: 1 for audio and image codecs (their codec thread does the
 * work); for video the least of what the picture is worth, an equal share of the cores, and
 * what the free pool Workers can carry.
 */
export function codecThreads(input: ThreadPolicyInput): number {
  if (input.kind !== 'video-decoder' && input.kind !== 'video-encoder') return 1;
  const share = Math.max(1, Math.floor(input.cores / Math.max(1, input.videoCodecs)));
  let threads = Math.max(1, Math.min(pictureThreads(input.kind, input.width, input.height), share));
  while (threads > 1 && libraryPthreads(input.codec, threads) > input.poolFree) threads--;
  return threads;
}

/** The cores the platform reports; 2 where it reports none (Node 20 has no navigator). */
export function hardwareConcurrency(): number {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency;
  return typeof cores === 'number' && cores >= 1 ? Math.floor(cores) : 2;
}

/** What one live codec holds: its codec thread and its library's threads. */
export interface ThreadGrant {
  kind: CodecKind;
  codec: string;
  width: number;
  height: number;
  /** The thread count given to the library (CodecConfig::threads). */
  threads: number;
  /** Pool Workers held: 1 for the codec thread plus libraryPthreads(codec, threads). */
  workers: number;
}

/**
 * The Workers each live codec holds, so that each codec is sized from what the others left.
 * A codec keeps its threads across a configure() with the same codec and size (a rate change
 * must reach the running encoder, not reopen it).
 */
export class ThreadLedger {
  private readonly grants = new Map<number, ThreadGrant>();

  /**
   * @param cores the platform's core count, read at each configure.
   * @param poolWorkers the Workers the pthread pool has now (idle and running).
   */
  constructor(
    private readonly cores: () => number,
    private readonly poolWorkers: () => number,
  ) {}

  /** A codec instance was created: its codec thread holds one Worker. */
  open(id: number, kind: CodecKind): void {
    this.grants.set(id, { kind, codec: '', width: 0, height: 0, threads: 1, workers: 1 });
  }

  /** The threads for a configure() of codec `id`; the codec holds their Workers from now on. */
  configure(id: number, codec: string, width = 0, height = 0): number {
    const previous = this.grants.get(id);
    if (!previous) return 1;
    if (previous.codec === codec && previous.width === width && previous.height === height) return previous.threads;
    const grant = this.grantFor(id, previous.kind, codec, width, height);
    this.grants.set(id, grant);
    return grant.threads;
  }

  /** The Workers a codec not open yet would hold if configured now (nothing is recorded). */
  workersForNew(kind: CodecKind, codec: string, width = 0, height = 0): number {
    return this.grantFor(undefined, kind, codec, width, height).workers;
  }

  /** The grant for codec `id` (undefined: one about to open), sized from what the others hold. */
  private grantFor(id: number | undefined, kind: CodecKind, codec: string, width: number, height: number): ThreadGrant {
    const isVideo = (k: CodecKind) => k === 'video-decoder' || k === 'video-encoder';
    let held = id === undefined ? 1 : 0;
    let videoCodecs = id === undefined && isVideo(kind) ? 1 : 0;
    for (const [other, grant] of this.grants) {
      held += other === id ? 1 : grant.workers;
      if (isVideo(grant.kind)) videoCodecs++;
    }
    const threads = codecThreads({ kind, codec, width, height, cores: this.cores(), videoCodecs, poolFree: this.poolWorkers() - held });
    return { kind, codec, width, height, threads, workers: 1 + libraryPthreads(codec, threads) };
  }

  /** The Workers the live codecs hold. */
  workersHeld(): number {
    let held = 0;
    for (const grant of this.grants.values()) held += grant.workers;
    return held;
  }

  /** The codec was closed: its Workers go back to the pool once its codec thread ends. */
  close(id: number): void {
    this.grants.delete(id);
  }

  /** What the live codecs hold (tests). */
  snapshot(): ThreadGrant[] {
    return [...this.grants.values()].map((grant) => ({ ...grant }));
  }
}
