// test/browser/csp.test.mjs's page, served with `script-src 'self' 'wasm-unsafe-eval'` (no
// inline script, no eval): decodes VP9 and Opus fixtures, encodes VP9 and Opus, draws a decoded
// frame, and reports every CSP violation the page saw.
import * as wc from '/dist/webcodecs-wasm.js';

// The package's classes as a ponyfill beside Chromium's own; drawImage() takes its frames once
// the canvas patches are in (install() puts them in where it installs VideoFrame).
wc.installCanvasPatches();

const violations = [];
document.addEventListener('securitypolicyviolation', (e) => violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`));

async function fixture(name) {
  const json = await (await fetch(`/test/fixtures/generated/${name}.json`)).json();
  const bytes = new Uint8Array(await (await fetch(`/test/fixtures/generated/${json.data}`)).arrayBuffer());
  return { json, bytes };
}

const hex = (s) => Uint8Array.from(s.match(/../g), (h) => parseInt(h, 16));

async function decode(name, video) {
  const { json, bytes } = await fixture(name);
  const outputs = [];
  let drawn = null;
  const decoder = new (video ? wc.VideoDecoder : wc.AudioDecoder)({
    output: (out) => {
      if (video && drawn === null) {
        const context = document.getElementById('canvas').getContext('2d');
        context.drawImage(out, 0, 0, 64, 48);
        drawn = Array.from(context.getImageData(32, 24, 1, 1).data.slice(0, 3));
      }
      outputs.push(out.timestamp);
      out.close();
    },
    error: (e) => outputs.push(String(e)),
  });
  const config = video
    ? { codec: json.codec, codedWidth: json.codedWidth, codedHeight: json.codedHeight }
    : { codec: json.codec, sampleRate: json.sampleRate, numberOfChannels: json.numberOfChannels };
  if (json.description) config.description = hex(json.description);
  decoder.configure(config);
  const Chunk = video ? wc.EncodedVideoChunk : wc.EncodedAudioChunk;
  for (const p of json.packets) {
    decoder.decode(new Chunk({ type: p.key ? 'key' : 'delta', timestamp: p.timestamp, data: bytes.subarray(p.offset, p.offset + p.size) }));
  }
  await decoder.flush();
  decoder.close();
  return { outputs: outputs.length, expected: json.packets.length, drawn };
}

async function encodeVideo() {
  const chunks = [];
  const encoder = new wc.VideoEncoder({ output: (c) => chunks.push(c.byteLength), error: (e) => chunks.push(String(e)) });
  encoder.configure({ codec: 'vp8', width: 64, height: 48, bitrate: 200_000 });
  for (let i = 0; i < 3; i++) {
    const frame = new wc.VideoFrame(new Uint8Array(64 * 48 * 4).fill(80 * i), { format: 'RGBA', codedWidth: 64, codedHeight: 48, timestamp: i * 33333 });
    encoder.encode(frame);
    frame.close();
  }
  await encoder.flush();
  encoder.close();
  return chunks.length;
}

async function encodeAudio() {
  const chunks = [];
  const encoder = new wc.AudioEncoder({ output: (c) => chunks.push(c.byteLength), error: (e) => chunks.push(String(e)) });
  encoder.configure({ codec: 'opus', sampleRate: 48000, numberOfChannels: 1, bitrate: 64000 });
  const data = new wc.AudioData({ format: 'f32', sampleRate: 48000, numberOfChannels: 1, numberOfFrames: 4800, timestamp: 0, data: new Float32Array(4800) });
  encoder.encode(data);
  data.close();
  await encoder.flush();
  encoder.close();
  return chunks.length;
}

window.result = (async () => ({
  vp9: await decode('vp9-profile0', true),
  opus: await decode('opus-stereo', false),
  vp8Chunks: await encodeVideo(),
  opusChunks: await encodeAudio(),
  isolated: globalThis.crossOriginIsolated === true,
  violations,
}))().catch((e) => ({ error: String(e), violations }));
