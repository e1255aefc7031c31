/**
 * The Workers that run a page's pthreads: each codec's codec thread and its library's threads
 * (docs/ARCHITECTURE.md, "Threads" and "Start-up").
 *
 * A Worker is started when a codec is granted it (js/thread_policy.ts: at the codec's creation
 * for its codec thread, at its configure() for its library's threads), not up front: on a cold
 * page each Worker costs tens of milliseconds of CPU to start and to fetch, compile and evaluate
 * Emscripten's glue, and an Opus decoder needs one Worker where a pre-spawned pool started four.
 * Started before the core has loaded, a Worker imports the glue while the core downloads
 * (scripts/build-dist.mjs), and joins Emscripten's pool when the core is instantiated
 * (wasm-build/pthread_pool.js); started after, it joins at once. Emscripten 3.1.6 keeps every
 * Worker it has, so the pool only grows.
 */

/** The parts of Emscripten 3.1.6's PThread object (exported by the pthreads build) used here. */
export interface EmscriptenPThread {
  unusedWorkers: unknown[];
  runningWorkers: unknown[];
  allocateUnusedWorker(): void;
  loadWasmModuleToWorker(worker: unknown): void;
}

/** The Module settings the pool shares with the glue (wasm-build/pthread_pool.js). */
export interface PthreadPoolSettings {
  /** Workers started before the glue ran; the glue takes them and sets this to null. */
  preStartedWorkers: Worker[] | null;
  /** Starts a Worker whenever Emscripten's pool adds one. */
  startPthreadWorker: () => Worker;
  /** Emscripten's pool, once the glue has run. */
  PThread?: EmscriptenPThread;
}

export class PthreadPool {
  /** Passed to the core's factory as (part of) its Module object. */
  readonly settings: PthreadPoolSettings;

  /**
   * @param startWorker starts a Worker on Emscripten's pthread worker script.
   * @param glueUrl the core's glue, which each new Worker starts importing at once
   *   (scripts/build-dist.mjs), before the compiled module reaches it.
   */
  constructor(startWorker: () => Worker, glueUrl: string) {
    this.settings = {
      preStartedWorkers: [],
      startPthreadWorker: () => {
        const worker = startWorker();
        worker.postMessage({ cmd: 'wcwPrefetch', url: glueUrl });
        return worker;
      },
    };
  }

  /** The Workers started so far, idle or running a thread. */
  size(): number {
    const { preStartedWorkers, PThread } = this.settings;
    if (preStartedWorkers) return preStartedWorkers.length;
    return PThread ? PThread.unusedWorkers.length + PThread.runningWorkers.length : 0;
  }

  /** Starts Workers until there are `count`. */
  grow(count: number): void {
    while (this.size() < count) {
      const { preStartedWorkers, PThread } = this.settings;
      if (preStartedWorkers) {
        preStartedWorkers.push(this.settings.startPthreadWorker());
      } else if (PThread) {
        // Emscripten's own way to add a Worker (wasm-build/pthread_pool.js: startPthreadWorker).
        PThread.allocateUnusedWorker();
        PThread.loadWasmModuleToWorker(PThread.unusedWorkers[PThread.unusedWorkers.length - 1]);
      } else {
        return; // discarded: the core failed to load
      }
    }
  }

  /** The core failed to load: the Workers it never took are stopped. */
  discard(): void {
    for (const worker of this.settings.preStartedWorkers ?? []) worker.terminate();
    this.settings.preStartedWorkers = null;
  }
}
