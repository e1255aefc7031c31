// Cross-origin isolation for static hosts that cannot send headers (GitHub Pages and the like).
//
// The pthreads build needs a cross-origin isolated page (SharedArrayBuffer), which takes two
// response headers: Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy:
// require-corp. Where the host cannot send them, a service worker can add them to the responses
// it hands the page. This one file is both halves:
//
// - on a page, as the first <script src="/webcodecs-wasm.isolation-sw.js"> of <head> (a classic
//   script, served from the site's root so that its scope covers the pages): registers itself as
//   the service worker and reloads the page once, so that the page is loaded through it;
// - as the service worker: passes every request to the network and adds the two headers to the
//   responses (and Cross-Origin-Resource-Policy: cross-origin to no-cors ones, which
//   require-corp would otherwise block when the other origin does not send it).
//
// Without it (or where service workers are off: private windows in some browsers, file: pages)
// the package runs its single-threaded build in a Worker, as on any page that is not isolated.
/* eslint-env browser, serviceworker */
if (typeof window === 'undefined') {
  // The service worker.
  self.addEventListener('install', () => self.skipWaiting());
  self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
  self.addEventListener('fetch', (event) => {
    const request = event.request;
    // A request the service worker may not answer from the network (Chromium's devtools quirk).
    if (request.cache === 'only-if-cached' && request.mode !== 'same-origin') return;
    event.respondWith(
      fetch(request).then((response) => {
        if (response.status === 0) return response; // opaque: its headers cannot be read or set
        const headers = new Headers(response.headers);
        headers.set('Cross-Origin-Embedder-Policy', 'require-corp');
        headers.set('Cross-Origin-Opener-Policy', 'same-origin');
        if (request.mode === 'no-cors' && !headers.has('Cross-Origin-Resource-Policy')) {
          headers.set('Cross-Origin-Resource-Policy', 'cross-origin');
        }
        return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
      }),
    );
  });
} else if (!window.crossOriginIsolated && window.isSecureContext && 'serviceWorker' in navigator) {
  // The page: register, then reload once through the service worker. A tab reloads once per
  // session: where the page is still not isolated after that (a browser that ignores the
  // headers), it is not reloaded again.
  const key = 'webcodecs-wasm.isolation-sw.reloaded';
  const reloaded = sessionStorage.getItem(key) === '1';
  navigator.serviceWorker.register(document.currentScript.src).then(
    (registration) => {
      if (reloaded) return;
      const reload = () => {
        sessionStorage.setItem(key, '1');
        location.reload();
      };
      if (navigator.serviceWorker.controller) reload(); // controlled, but this load was not isolated
      else {
        const worker = registration.installing ?? registration.waiting ?? registration.active;
        navigator.serviceWorker.addEventListener('controllerchange', reload, { once: true });
        if (worker?.state === 'activated') reload();
      }
    },
    (error) => console.warn('webcodecs-wasm: no service worker for cross-origin isolation:', error),
  );
}
