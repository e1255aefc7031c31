/**
 * Where the package's assets (wasm, worker scripts) live: beside this module. Written as
 * `new URL('./name', import.meta.url)` at each use site so that Vite and webpack see the
 * references and copy the assets without plugins; the classic-script build has no
 * `import.meta`, so it resolves against the <script> element's own URL instead.
 */

/** True in the classic-script build only (scripts/build-dist.mjs defines it). */
declare const WCW_CLASSIC_SCRIPT: boolean;

// Only the classic-script build: a bundler's output may be a classic script too, but there the
// bundler has rewritten each `new URL()` to where it put the asset.
const scriptBase: string | undefined =
  WCW_CLASSIC_SCRIPT && typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement
    ? document.currentScript.src
    : undefined;

/** Resolves a URL built from import.meta.url, re-basing it for the classic-script build. */
export function assetUrl(fromModule: () => URL, name: string): URL {
  if (scriptBase !== undefined) return new URL(name, scriptBase);
  return fromModule();
}

/**
 * Starts a Worker from one of the package's scripts. `fromModule` is written as
 * `new Worker(new URL('./name', import.meta.url), options)` at each use site: the form Vite and
 * webpack recognise, bundling the script as a worker entry so that its own asset URLs are
 * rewritten too (a script copied as a plain asset would look for them under their old names).
 */
export function assetWorker(fromModule: () => Worker, name: string, options?: WorkerOptions): Worker {
  if (scriptBase !== undefined) return new Worker(new URL(name, scriptBase), options);
  return fromModule();
}
