// A module worker for test/browser/media_posting.test.mjs: the ES module build with install(),
// answering the page directly (options form of postMessage), on a MessagePort the page sends it,
// and on a BroadcastChannel.
for (const k of ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData', 'VideoColorSpace']) delete self[k];
const mod = await import('/dist/webcodecs-wasm.js');
mod.install();
await import('./media_posting_echo.js');
const { serve } = self.mediaPostingEcho;

const broadcast = new BroadcastChannel('media-posting-test');
broadcast.onmessage = (event) => serve(event, (message) => broadcast.postMessage(message));

self.addEventListener('message', (event) => {
  if (event.data.op === 'port') {
    const port = event.data.port;
    port.onmessage = (e) => serve(e, (message, transfer) => port.postMessage(message, transfer));
    return;
  }
  serve(event, (message, transfer) => self.postMessage(message, { transfer }));
});
self.postMessage({ ready: true });
