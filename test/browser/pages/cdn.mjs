// test/browser/cdn.test.mjs's page: imports the package's auto entry from another origin
// (?cdn=<origin>, as from a CDN), then encodes VP8 and decodes it back with the globals it
// installed.
import './vp8_round_trip.js';

const cdn = new URLSearchParams(location.search).get('cdn');

async function roundTrip() {
  const pkg = await import(`${cdn}/dist/webcodecs-wasm.auto.js`);
  return { installed: VideoDecoder === pkg.VideoDecoder, ...(await self.vp8RoundTrip()) };
}

window.result = roundTrip().catch((e) => ({ error: String(e) }));
