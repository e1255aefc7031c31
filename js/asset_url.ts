/**
 * Where the package's assets (wasm, worker scripts) live: beside this module. Written as
 * `new URL('./name', import.meta.url)` at each use site so that Vite and webpack see the
 * references and copy the assets without plugins; the classic-script build has no
 * `import.meta`, so it resolves against the <script> element's own URL instead.
 */

const scriptBase: string | undefined =
  typeof document !== 'undefined' && document.currentScript instanceof HTMLScriptElement
    ? document.currentScript.src
    : undefined;

/** Resolves a URL built from import.meta.url, re-basing it for the classic-script build. */
export function assetUrl(fromModule: () => URL, name: string): URL {
  if (scriptBase !== undefined) return new URL(name, scriptBase);
  return fromModule();
}
