// The app test/package/bundlers.test.mjs builds from the packed package (main.js in a page,
// node_main.js in Node): the "./auto" entry installs the interfaces the platform lacks, the main
// entry is the same module (one VideoDecoder class), and a VP9 round trip (encode 3 frames,
// decode them) loads the core and two codec modules from wherever the bundler put them.
import 'webcodecs-wasm/auto';
import { VideoDecoder as PackageVideoDecoder } from 'webcodecs-wasm';

export async function roundTrip() {
  const chunks = [];
  let decoderConfig;
  const encoder = new VideoEncoder({
    output: (chunk, meta) => {
      chunks.push(chunk);
      decoderConfig ??= meta?.decoderConfig;
    },
    error: (e) => {
      throw e;
    },
  });
  encoder.configure({ codec: 'vp09.00.10.08', width: 64, height: 48, bitrate: 200_000, framerate: 30 });
  for (let i = 0; i < 3; i++) {
    const data = new Uint8Array((64 * 48 * 3) / 2).fill(16 + i * 40);
    const frame = new VideoFrame(data, { format: 'I420', codedWidth: 64, codedHeight: 48, timestamp: i * 33333 });
    encoder.encode(frame, { keyFrame: i === 0 });
    frame.close();
  }
  await encoder.flush();
  encoder.close();
  const frames = [];
  const decoder = new PackageVideoDecoder({
    output: (frame) => {
      frames.push(`${frame.format} ${frame.codedWidth}x${frame.codedHeight}`);
      frame.close();
    },
    error: (e) => {
      throw e;
    },
  });
  decoder.configure(decoderConfig);
  for (const chunk of chunks) decoder.decode(chunk);
  await decoder.flush();
  decoder.close();
  return {
    installed: globalThis.VideoDecoder === PackageVideoDecoder,
    chunks: chunks.length,
    frames,
    isolated: globalThis.crossOriginIsolated === true,
  };
}
