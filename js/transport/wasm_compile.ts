/**
 * Compiling the core's wasm while its JavaScript glue loads. Emscripten 3.1.6's glue fetches the
 * wasm only once the glue itself has been fetched and run; handing it a module already being
 * compiled (Module.instantiateWasm) overlaps the two fetches. Streaming compilation compiles
 * while the bytes arrive, and is what lets Chromium's wasm code cache serve later visits.
 */

/** What Emscripten passes Module.instantiateWasm: the imports, and where the instance goes. */
type ReceiveInstance = (instance: WebAssembly.Instance, module: WebAssembly.Module) => void;

/** Compiles the wasm at `url`, streaming where the engine can (falls back to bytes, e.g. for a
 *  server that does not send `application/wasm`). */
export async function compileWasm(url: string): Promise<WebAssembly.Module> {
  if (typeof WebAssembly.compileStreaming === 'function') {
    try {
      return await WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' }));
    } catch {
      // Fetched again below: a wrong MIME type, or an error the byte path reports better.
    }
  }
  const response = await fetch(url, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`could not fetch ${url}: HTTP ${response.status}`);
  return WebAssembly.compile(await response.arrayBuffer());
}

/**
 * Module settings that make an Emscripten factory instantiate `compiled` instead of fetching
 * the wasm itself, and the factory's promise raced against a failed compile (which Emscripten
 * would never report through its own promise).
 */
export function withCompiledWasm<T>(
  compiled: Promise<WebAssembly.Module>,
  start: (settings: { instantiateWasm: (imports: WebAssembly.Imports, receive: ReceiveInstance) => object }) => Promise<T>,
): Promise<T> {
  let failed: (reason: unknown) => void = () => {};
  const failure = new Promise<never>((_, reject) => {
    failed = reject;
  });
  const ready = start({
    instantiateWasm: (imports, receive) => {
      compiled
        .then(async (module) => receive(await WebAssembly.instantiate(module, imports), module))
        .catch(failed);
      return {}; // the exports arrive through receive()
    },
  });
  return Promise.race([ready, failure]);
}
