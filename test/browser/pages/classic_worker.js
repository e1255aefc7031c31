// A classic dedicated worker for test/browser/classic_worker.test.mjs: the classic-script build
// loaded with importScripts() (no currentScript there), native WebCodecs hidden first; encodes
// VP8 and decodes it back with the globals it installed, and posts what happened.
for (const k of ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData', 'VideoColorSpace', 'ImageDecoder']) delete self[k];
importScripts('/dist/webcodecs-wasm.global.js', './vp8_round_trip.js');

self
  .vp8RoundTrip()
  .then((result) => ({ installed: VideoDecoder === self.WebCodecsWasm.VideoDecoder, ...result }))
  .then(postMessage, (e) => postMessage({ error: String(e) }));
