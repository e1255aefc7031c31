/**
 * What runs behind the API in this realm, for pages that show it (the demo's build panel) or log
 * it: which build of the core, whether the SIMD variants load, the codec modules linked so far
 * and, in the pthreads build, the threads. Reading it never loads the core.
 */
import { coreVariant, existingTransport } from './core_loader';
import { wasmSimdSupported } from './wasm_simd';

export interface RuntimeInfo {
  /** 'pthreads': the threaded core on this thread (cross-origin isolated pages, workers, Node);
   *  'worker': the single-threaded core in one Worker (everywhere else). */
  build: 'pthreads' | 'worker';
  /** The engine runs wasm SIMD, so the modules that have a SIMD variant load it (docs/SIMD.md). */
  simd: boolean;
  /** A codec has started the core and it has loaded. */
  coreLoaded: boolean;
  /** The codec module files linked into the core so far, in link order. */
  codecModules: string[];
  /** The pthreads build: the cores the thread policy reads, the pool Workers started so far
   *  and the pthreads running now (codec threads and their libraries' threads). */
  threads?: { cores: number; startedWorkers: number; runningPthreads: number };
}

/** Describes this realm's WebCodecs implementation (see RuntimeInfo). */
export async function runtimeInfo(): Promise<RuntimeInfo> {
  const existing = existingTransport();
  const transport = existing?.transport;
  const coreLoaded = existing?.loaded ?? false;
  const info: RuntimeInfo = {
    build: coreVariant() === 'mt' ? 'pthreads' : 'worker',
    simd: wasmSimdSupported(),
    coreLoaded,
    codecModules: transport?.linkedCodecModules() ?? [],
  };
  if (coreLoaded && transport?.threadUse) {
    const use = await transport.threadUse();
    info.threads = { cores: use.cores, startedWorkers: use.startedWorkers, runningPthreads: use.runningPthreads };
  }
  return info;
}
