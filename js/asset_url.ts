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
 * Two pages refuse that form, and get the script's URL resolved here instead:
 * - a Worker's script must have the page's origin (else SecurityError): the package served from
 *   elsewhere (a CDN) starts its Worker from a same-origin blob: module that imports the script,
 *   which needs the CDN's CORS headers (and a CSP that allows blob: workers);
 * - under Trusted Types (`require-trusted-types-for 'script'`, else TypeError) a Worker takes only
 *   a TrustedScriptURL: the URL goes through the package's policy, named 'webcodecs-wasm' (the
 *   page's `trusted-types` directive must allow it), which passes the package's scripts only.
 *   (A bundled app under Trusted Types needs a default policy: the bundler renamed the scripts.)
 */
export function assetWorker(fromModule: () => Worker, name: string, options?: WorkerOptions): Worker {
  if (scriptBase === undefined && !trustedTypesRequired) {
    try {
      return fromModule();
    } catch (e) {
      if (!(e instanceof DOMException && e.name === 'SecurityError') && !refusedByTrustedTypes(e)) throw e;
    }
  }
  const href = new URL(name, scriptBase ?? moduleBase);
  if (href.origin === self.location.origin) return startWorker(href.href, options);
  const bootstrap = new Blob([`import ${JSON.stringify(href.href)};`], { type: 'text/javascript' });
  return startWorker(URL.createObjectURL(bootstrap), { ...options, type: 'module' });
}

interface TrustedTypePolicy {
  createScriptURL(url: string): string;
}
interface TrustedTypesFactory {
  createPolicy(name: string, rules: { createScriptURL(url: string): string }): TrustedTypePolicy;
}
const trustedTypes = (globalThis as { trustedTypes?: TrustedTypesFactory }).trustedTypes;

/**
 * Set once Trusted Types have refused a plain script URL in this realm: later Workers go through
 * the policy at once, so that a page sees one violation report (the first try), not one per Worker.
 */
let trustedTypesRequired = false;

/** Whether `e` is Trusted Types refusing a plain string (or URL) as a script URL. */
function refusedByTrustedTypes(e: unknown): boolean {
  trustedTypesRequired ||= trustedTypes !== undefined && e instanceof TypeError;
  return trustedTypesRequired;
}

/** A Worker from a URL string; where Trusted Types are required, from the package's policy. */
function startWorker(url: string, options?: WorkerOptions): Worker {
  if (!trustedTypesRequired) {
    try {
      return new Worker(url, options);
    } catch (e) {
      if (!refusedByTrustedTypes(e)) throw e;
    }
  }
  return new Worker(packagePolicy().createScriptURL(url), options);
}

let policy: TrustedTypePolicy | undefined;
/** The package's worker scripts (by name: the dist files) and the blob: modules made for them. */
const packageScript = /^blob:|\/webcodecs-(?:core-mt\.worker|wasm\.st-worker)\.js$/;

/** The Trusted Types policy 'webcodecs-wasm': it passes the package's worker scripts only. */
function packagePolicy(): TrustedTypePolicy {
  policy ??= trustedTypes!.createPolicy('webcodecs-wasm', {
    createScriptURL: (url) => {
      if (!packageScript.test(url.startsWith('blob:') ? url : new URL(url).pathname)) {
        throw new TypeError(`webcodecs-wasm: ${url} is not one of the package's worker scripts`);
      }
      return url;
    },
  });
  return policy;
}
