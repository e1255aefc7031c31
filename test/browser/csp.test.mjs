// A page with a strict Content-Security-Policy (issue #10 §1): `script-src 'self'
// 'wasm-unsafe-eval'`, no 'unsafe-eval', on every response (the page, its workers' scripts),
// cross-origin isolated (the pthreads build) and not (the Worker build). Decoding, encoding and
// drawing work and the browser reports no violation (embind's code generation is replaced:
// wasm-build/embind_without_eval.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chromiumPerFile } from './driver.mjs';
import { startServer } from '../../scripts/static_server.mjs';

const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'";

const browser = chromiumPerFile();

// Trusted Types on top: Workers take only TrustedScriptURLs, which the package makes with its
// policy 'webcodecs-wasm' (js/asset_url.ts); no other policy is allowed.
const TRUSTED_TYPES = "; require-trusted-types-for 'script'; trusted-types webcodecs-wasm";

for (const [isolated, trustedTypes] of [[true, false], [false, false], [true, true], [false, true]]) {
  const what = `${isolated ? 'cross-origin isolated (pthreads build)' : 'not isolated (Worker build)'}${trustedTypes ? ', Trusted Types required' : ''}`;
  test(`strict CSP, ${what}: decode, encode and draw, no violation`, async () => {
    const server = await startServer({ isolated, headers: { 'Content-Security-Policy': CSP + (trustedTypes ? TRUSTED_TYPES : '') } });
    const context = await browser().newContext();
    try {
      const page = await context.newPage();
      const console = [];
      page.on('console', (m) => console.push(m.text()));
      page.on('pageerror', (e) => console.push(e.message));
      await page.goto(`${server.url}/test/browser/pages/csp.html`);
      const r = await page.evaluate(() => window.result);
      assert.equal(r.error, undefined, r.error);
      // Under Trusted Types, one report: the package's first Worker tried the plain URL form that
      // bundlers need before its policy; later Workers use the policy at once.
      assert.deepEqual(r.violations.map((v) => v.split(' ').slice(0, 2).join(' ')), trustedTypes ? ['require-trusted-types-for: trusted-types-sink'] : []);
      assert.deepEqual(console.filter((line) => /Content Security Policy|unsafe-eval|EvalError|Trusted ?Type/i.test(line)), [], 'no CSP message on the console');
      assert.equal(r.isolated, isolated);
      assert.deepEqual(r.vp9.outputs, r.vp9.expected);
      assert.ok(r.vp9.drawn.some((v) => v > 0), `a decoded frame drawn: ${r.vp9.drawn}`);
      assert.ok(r.opus.outputs > 0);
      assert.equal(r.vp8Chunks, 3);
      assert.ok(r.opusChunks > 0);
    } finally {
      await context.close();
      await server.close();
    }
  });
}
