// A classic dedicated worker for test/browser/media_posting.test.mjs: the classic-script build
// (native WebCodecs, where the browser has it, hidden first), then the echo of media_posting_echo.js.
for (const k of ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData', 'VideoColorSpace']) delete self[k];
importScripts('/dist/webcodecs-wasm.global.js', './media_posting_echo.js');
self.onmessage = (event) => self.mediaPostingEcho.serve(event, (message, transfer) => self.postMessage(message, transfer));
self.postMessage({ ready: true });
