// The two kinds of page the browser tests run on: cross-origin isolated (COOP/COEP, where the
// polyfill loads its pthreads build) and not (its single-threaded build in a Worker).
import { after, before, describe } from 'node:test';
import { startServer } from '../../scripts/static_server.mjs';

/**
 * One describe() per page kind: before its tests a server for the kind and the harness page at
 * `path` (opened in `browser()`'s browser); after them both closed. `body(kind)` declares the
 * tests, which find the open page and server in `kind.page` and `kind.server`.
 * @param {() => {openHarness(url: string): Promise<object>}} browser
 * @param {string} path the page's path and query, from the repository root
 * @param {(kind: {isolated: boolean, page: object | null, server: {url: string} | null}) => void} body
 */
export function describePageKinds(browser, path, body) {
  for (const isolated of [true, false]) {
    describe(isolated ? 'COOP/COEP (pthreads build)' : 'not isolated (Worker build)', () => {
      const kind = { isolated, page: null, server: null };
      before(async () => {
        kind.server = await startServer({ isolated });
        kind.page = await browser().openHarness(`${kind.server.url}${path}`);
      });
      after(async () => {
        await kind.page?.close();
        await kind.server?.close();
      });
      body(kind);
    });
  }
}
