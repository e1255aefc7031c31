// A dedicated module Worker that runs one scenario with the polyfill imported inside the worker
// (native WebCodecs, where the browser has it, is hidden here too). Message in: {name, params};
// message out: {ok, value} or {ok: false, error}.
import { scenarios } from './scenarios.mjs';
import { encodeScenarios } from './encode_scenarios.mjs';

const NAMES = ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData', 'VideoColorSpace'];
for (const k of NAMES) delete globalThis[k];
const mod = await import('/dist/webcodecs-wasm.js');
const load = async (file) => (await fetch(`/test/fixtures/generated/${file}`)).arrayBuffer();
const ctx = {
  api: Object.fromEntries(NAMES.map((k) => [k, mod[k]])),
  native: null,
  load,
  loadJson: async (file) => JSON.parse(new TextDecoder().decode(await load(file))),
  testHooks: mod.__testHooks,
  env: { name: 'worker' },
};

self.onmessage = async ({ data: { name, params } }) => {
  try {
    self.postMessage({ ok: true, value: await ({ ...scenarios, ...encodeScenarios })[name](ctx, params) });
  } catch (e) {
    self.postMessage({ ok: false, error: { name: e.name, message: String(e.message), stack: String(e.stack) } });
  }
};
self.postMessage({ ready: true });
