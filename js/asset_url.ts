/**
 * Where the package's assets (wasm, worker scripts) live: beside this module. Written as
 * `new URL('./name', import.meta.url)` at each use site so that Vite and webpack see the
 * references and copy the assets without plugins; the classic-script build has no
 * `import.meta`, so it resolves against its own script's URL instead.
 */

/** True in the classic-script build only (scripts/build-dist.mjs defines it). */
declare const WCW_CLASSIC_SCRIPT: boolean;

// Only the classic-script build: a bundler's output may be a classic script too, but there the
// bundler has rewritten each `new URL()` to where it put the asset.
const scriptBase: string | undefined = WCW_CLASSIC_SCRIPT ? classicScriptUrl() : undefined;

/**
 * The classic script's own URL, read while it is evaluated: the <script> element's on a page; in
 * a worker, which loads it with importScripts() and has no currentScript, the first script URL
 * of a stack trace taken now (this script's, the frame being evaluated), else the worker's own.
 */
function classicScriptUrl(): string | undefined {
  if (typeof document !== 'undefined') {
    return document.currentScript instanceof HTMLScriptElement ? document.currentScript.src : undefined;
  }
  const inStack = /(?:https?|file|blob):[^\s()@]*?\.js\b/.exec(new Error().stack ?? '');
  return inStack?.[0] ?? self.location?.href;
}

/** Resolves a URL built from import.meta.url, re-basing it for the classic-script build. */
export function assetUrl(fromModule: () => URL, name: string): URL {
  if (scriptBase !== undefined) return new URL(name, scriptBase);
  return fromModule();
}

/** This module's URL, kept apart from any `new URL()` so that bundlers see no asset in it. */
const moduleBase: string | undefined = WCW_CLASSIC_SCRIPT ? undefined : import.meta.url;

/**
 * Starts a Worker from one of the package's scripts. `fromModule` is written as
 * `new Worker(new URL('./name', import.meta.url), options)` at each use site: the form Vite and
 * webpack recognise, bundling the script as a worker entry so that its own asset URLs are
 * rewritten too (a script copied as a plain asset would look for them under their old names).
 *
 * A Worker's script must have the page's origin (else the constructor throws SecurityError). The
 * package served from elsewhere (a CDN) starts its Worker from a same-origin blob: module that
 * imports the script, which needs the CDN's CORS headers (and a CSP that allows blob: workers).
 */
export function assetWorker(fromModule: () => Worker, name: string, options?: WorkerOptions): Worker {
  if (scriptBase === undefined) {
    try {
      return fromModule();
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'SecurityError')) throw e;
    }
  }
  const href = new URL(name, scriptBase ?? moduleBase);
  if (href.origin === self.location.origin) return new Worker(href, options);
  const bootstrap = new Blob([`import ${JSON.stringify(href.href)};`], { type: 'text/javascript' });
  return new Worker(URL.createObjectURL(bootstrap), { ...options, type: 'module' });
}
