// A classic script, for a classic worker's importScripts() and a module's import alike: defines
// vp8RoundTrip(), which encodes three VP8 frames with the global VideoEncoder and decodes them
// back with the global VideoDecoder (test/browser/cdn.test.mjs, classic_worker.test.mjs).
self.vp8RoundTrip = async function vp8RoundTrip() {
  const chunks = [];
  const encoder = new VideoEncoder({ output: (chunk) => chunks.push(chunk), error: (e) => chunks.push(String(e)) });
  encoder.configure({ codec: 'vp8', width: 64, height: 48, bitrate: 200_000 });
  for (let i = 0; i < 3; i++) {
    const frame = new VideoFrame(new Uint8Array(64 * 48 * 4).fill(60 * i), { format: 'RGBA', codedWidth: 64, codedHeight: 48, timestamp: i * 33333 });
    encoder.encode(frame, { keyFrame: i === 0 });
    frame.close();
  }
  await encoder.flush();
  encoder.close();
  let frames = 0;
  const decoder = new VideoDecoder({ output: (frame) => { frames++; frame.close(); }, error: (e) => { frames = String(e); } });
  decoder.configure({ codec: 'vp8' });
  for (const chunk of chunks) decoder.decode(chunk);
  await decoder.flush();
  decoder.close();
  return { chunks: chunks.length, frames, isolated: self.crossOriginIsolated === true };
};
