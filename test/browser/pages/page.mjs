// Test page set-up: note which WebCodecs globals the browser has, put the native classes aside and
// delete the globals, then load the implementation under test and expose `window.harness.run()`.
//   ?impl=polyfill (default) loads /dist/webcodecs-wasm.js and calls install();
//   ?impl=polyfill&load=global loads /dist/webcodecs-wasm.global.js with a <script> tag instead;
//   ?install=hybrid calls install({hybrid: true}) instead (with hide=, over the browser's codecs);
//   ?impl=native runs the scenarios on the browser's own classes (a check of fixtures and oracles).
import { scenarios } from './scenarios.mjs';
import { mediaObjectScenarios } from './media_object_scenarios.mjs';
import { drawingScenarios } from './drawing_scenarios.mjs';
import { encodeScenarios } from './encode_scenarios.mjs';
import { imageDecoderScenarios } from './image_decoder_scenarios.mjs';
import { supportScenarios } from './support_scenarios.mjs';
import { hybridScenarios } from './hybrid_scenarios.mjs';

const allScenarios = { ...scenarios, ...mediaObjectScenarios, ...drawingScenarios, ...encodeScenarios, ...imageDecoderScenarios, ...supportScenarios, ...hybridScenarios };

const NAMES = [
  'VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData',
  'VideoColorSpace', 'ImageDecoder', 'ImageTrack', 'ImageTrackList',
];
const query = new URLSearchParams(location.search);
const presentBeforeInstall = NAMES.filter((k) => k in globalThis);
const native = Object.fromEntries(NAMES.map((k) => [k, globalThis[k]]));
// `hide=A,B`: only those natives are hidden (a browser that lacks just them; `hide=` none); else all are.
const hidden = query.has('hide') ? query.get('hide').split(',').filter(Boolean) : NAMES;
for (const k of hidden) delete globalThis[k];

const impl = query.get('impl') ?? 'polyfill';
const loadMode = query.get('load') ?? 'module';

function loadScript(src) {
  return new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = src;
    s.onload = resolve;
    s.onerror = () => reject(new Error(`could not load ${src}`));
    document.head.append(s);
  });
}

let api = null;
let testHooks = null;
let packageModule = null;
let loadError = null;
let installedGlobals = [];
let polyfilledGlobals = [];
try {
  if (impl === 'native') {
    api = native;
  } else {
    if (loadMode === 'global') {
      await loadScript('/dist/webcodecs-wasm.global.js');
    } else {
      const mod = await import('/dist/webcodecs-wasm.js');
      mod.install(query.get('install') === 'hybrid' ? { hybrid: true } : {});
      testHooks = mod.__testHooks ?? null;
      packageModule = mod;
    }
    installedGlobals = NAMES.filter((k) => k in globalThis);
    polyfilledGlobals = NAMES.filter((k) => k in globalThis && globalThis[k] !== native[k]);
    api = Object.fromEntries(NAMES.map((k) => [k, globalThis[k]]));
  }
} catch (e) {
  loadError = { name: e.name, message: String(e.message), stack: String(e.stack) };
}

const root = '/test/fixtures/generated/';
async function load(file) {
  const r = await fetch(root + file);
  if (!r.ok) throw new Error(`fetch ${file}: HTTP ${r.status}`);
  return r.arrayBuffer();
}
const loadJson = async (file) => JSON.parse(new TextDecoder().decode(await load(file)));

const ctx = {
  api,
  native: native.VideoDecoder ? native : null,
  load,
  loadJson,
  testHooks,
  package: packageModule,
  env: { name: 'browser' },
};

window.harness = {
  ready: true,
  info: {
    impl,
    loadMode,
    loadError,
    presentBeforeInstall,
    installedGlobals,
    polyfilledGlobals,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hasNative: Boolean(native.VideoDecoder),
    hasTestHooks: Boolean(testHooks),
    userAgent: navigator.userAgent,
  },
  async run(name, params = {}) {
    try {
      if (!api && name !== 'webCodecsPresence') throw new Error(`implementation not loaded: ${loadError?.message}`);
      const c = params.impl === 'native' ? { ...ctx, api: native } : ctx;
      return { ok: true, value: await allScenarios[name](c, params) };
    } catch (e) {
      return { ok: false, error: { name: e?.name, message: String(e?.message ?? e), stack: String(e?.stack) } };
    }
  },
};

// `autorun={name, params, report}` (driver.mjs runUnattended(), a Firefox with no WebDriver
// session): runs that scenario once and POSTs its result to `report`.
const autorun = query.get('autorun');
if (autorun) {
  const { name, params, report } = JSON.parse(autorun);
  const result = await window.harness.run(name, params);
  await fetch(report, { method: 'POST', body: JSON.stringify(result) });
}
