/**
 * Picks and loads the core, once per realm, the first time a codec needs it:
 * - SharedTransport (pthreads build on this thread) where SharedArrayBuffer can be shared with
 *   workers: cross-origin isolated pages and workers, and Node;
 * - MessageTransport (single-threaded build in one Worker) everywhere else.
 */

import type { Transport } from './transport/transport';
import type { CoreFactory, CoreModule } from './transport/core_module';
import { SharedTransport } from './transport/shared_transport';
import { MessageTransport } from './transport/message_transport';
import { assetUrl, assetWorker } from './asset_url';
import { compileWasm, withCompiledWasm } from './transport/wasm_compile';
import { hardwareConcurrency } from './thread_policy';
import { PthreadPool } from './transport/pthread_pool';

let transport: Transport | undefined;
/** Whether `transport`'s core has loaded (its `ready` resolved). */
let transportLoaded = false;

/** The realm's transport; starts loading the core on first call (no await needed to use it). */
export function getTransport(): Transport {
  if (!transport || transport.broken) {
    const created = createTransport();
    transport = created;
    transportLoaded = false;
    created.ready.then(
      () => {
        if (transport === created) transportLoaded = true;
      },
      () => {}, // reported to the codecs through their channels
    );
  }
  return transport;
}

/** The realm's transport if a codec has started one, and whether its core has loaded; never
 *  starts one (js/runtime_info.ts reads it). */
export function existingTransport(): { transport: Transport; loaded: boolean } | undefined {
  return transport && !transport.broken ? { transport, loaded: transportLoaded } : undefined;
}

const isNode =
  typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string' &&
  typeof window === 'undefined';

/** Which build of the core this realm loads: 'mt' (pthreads, SharedTransport) or 'st' (Worker). */
export function coreVariant(): 'mt' | 'st' {
  if (isNode) return 'mt';
  return typeof SharedArrayBuffer !== 'undefined' && globalThis.crossOriginIsolated === true ? 'mt' : 'st';
}

function createTransport(): Transport {
  // Codec threads are sized per codec by js/thread_policy.ts.
  if (isNode) return new SharedTransport(loadNodeCore, true, hardwareConcurrency, readNodeFile);
  if (coreVariant() === 'mt') {
    const pool = new PthreadPool(startPthreadWorker, coreAsset('script').href);
    return new SharedTransport((onAbort) => loadBrowserCore(onAbort, pool), false, hardwareConcurrency, undefined, pool);
  }
  return new MessageTransport(
    () =>
      assetWorker(
        () => new Worker(new URL('./webcodecs-wasm.st-worker.js', import.meta.url), { type: 'module', name: 'webcodecs-wasm' }),
        './webcodecs-wasm.st-worker.js',
        { type: 'module', name: 'webcodecs-wasm' },
      ),
  );
}

/** The pthreads build's files, each a literal `new URL()` that bundlers see. */
function coreAsset(file: 'script' | 'wasm'): URL {
  if (file === 'script') return assetUrl(() => new URL('./webcodecs-core-mt.mjs', import.meta.url), './webcodecs-core-mt.mjs');
  return assetUrl(() => new URL('./webcodecs-core-mt.wasm', import.meta.url), './webcodecs-core-mt.wasm');
}

/** A Worker for Emscripten's pthread pool (its worker script, as bundlers must see it). */
function startPthreadWorker(): Worker {
  return assetWorker(
    () => new Worker(new URL('./webcodecs-core-mt.worker.js', import.meta.url)),
    './webcodecs-core-mt.worker.js',
  );
}

/**
 * A page's pthreads core. The wasm downloads and compiles while the glue loads
 * (js/transport/wasm_compile.ts), and the Workers the codecs have been granted so far start
 * importing the glue meanwhile (js/transport/pthread_pool.ts).
 */
async function loadBrowserCore(onAbort: (what: unknown) => void, pool: PthreadPool): Promise<CoreModule> {
  const script = coreAsset('script');
  const compiled = compileWasm(coreAsset('wasm').href);
  compiled.catch(() => {}); // reported through withCompiledWasm
  try {
    const { default: factory } = (await import(/* webpackIgnore: true */ /* @vite-ignore */ script.href)) as {
      default: CoreFactory;
    };
    return await withCompiledWasm(compiled, (settings) =>
      factory(
        Object.assign(pool.settings, settings, {
          onAbort,
          mainScriptUrlOrBlob: script.href,
          locateFile: (path: string) => (path.endsWith('.wasm') ? coreAsset('wasm').href : path),
        }),
      ),
    );
  } catch (e) {
    pool.discard();
    throw e;
  }
}

/** Node: a file: URL's bytes (a codec module, read while the core loads). */
async function readNodeFile(url: URL): Promise<Uint8Array> {
  const { readFile } = await importNodeBuiltin<{ readFile(path: string): Promise<Uint8Array> }>('fs/promises');
  const { fileURLToPath } = await importNodeBuiltin<{ fileURLToPath(url: URL): string }>('url');
  return readFile(fileURLToPath(url));
}

/** A Node built-in, imported so that bundlers for the web leave it alone. */
function importNodeBuiltin<T>(name: string): Promise<T> {
  return import(/* webpackIgnore: true */ /* @vite-ignore */ `node:${name}`) as Promise<T>;
}

/**
 * Node: the CommonJS build of the same core. Its wasm is read here and handed over, because
 * Emscripten 3.1.6 would otherwise call Node's global fetch() on a file path.
 */
async function loadNodeCore(onAbort: (what: unknown) => void): Promise<CoreModule> {
  const { createRequire } = await importNodeBuiltin<{ createRequire(url: string): (id: string) => unknown }>('module');
  const { readFileSync } = await importNodeBuiltin<{ readFileSync(path: string): Uint8Array }>('fs');
  const { fileURLToPath } = await importNodeBuiltin<{ fileURLToPath(url: URL): string }>('url');
  // One base, so that web bundlers do not take `new URL(name, …)` for an asset reference.
  const here = import.meta.url;
  const file = (name: string) => fileURLToPath(new URL(name, here));
  const factory = createRequire(here)(file('./webcodecs-core-mt-node.cjs')) as CoreFactory;
  const core = (await factory({
    onAbort,
    // Emscripten names the pthread worker *.worker.js; it is CommonJS, hence the .cjs copy.
    locateFile: (path: string) => (path.endsWith('.worker.js') ? file('./webcodecs-core-mt-node.worker.cjs') : path),
    wasmBinary: readFileSync(file('./webcodecs-core-mt.wasm')),
  })) as CoreModule & { PThread: NodePThreads };
  // Pool threads must not keep the process alive: SharedTransport holds it while codecs are busy.
  const { PThread } = core;
  const unref = (w: { unref(): void }) => w.unref();
  [...PThread.unusedWorkers, ...PThread.runningWorkers].forEach(unref);
  // A worker spawned when the pool runs dry gets its 'message' listener (which refs it) inside
  // getNewWorker(), so unref it after that.
  const getNewWorker = PThread.getNewWorker;
  PThread.getNewWorker = () => {
    const worker = getNewWorker.call(PThread);
    if (worker) unref(worker);
    return worker;
  };
  return core;
}

interface NodeWorker {
  unref(): void;
}

/** The parts of Emscripten 3.1.6's PThread object (exported in pthreads builds) used here. */
interface NodePThreads {
  unusedWorkers: NodeWorker[];
  runningWorkers: NodeWorker[];
  getNewWorker(): NodeWorker | undefined;
}
