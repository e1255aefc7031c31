// Type-checked by test/package/bundlers.test.mjs (tsc, strict, lib.dom, the package's own
// declarations checked too): this package's objects and TypeScript's DOM types are one type,
// both ways, through both entries.
import * as wc from 'webcodecs-wasm';
import { VideoFrame as AutoVideoFrame, install, type InstallResult } from 'webcodecs-wasm/auto';

// Ours where lib.dom's is expected.
const ours: VideoFrame = new wc.VideoFrame(new Uint8Array(16), { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0 });
const nativeDecoder = new VideoDecoder({ output: (frame: VideoFrame) => frame.close(), error: (e: DOMException) => console.error(e) });
nativeDecoder.decode(new wc.EncodedVideoChunk({ type: 'key', timestamp: 0, data: new Uint8Array(1) }));
const audio: AudioData = new wc.AudioData({ format: 'f32', sampleRate: 48000, numberOfChannels: 1, numberOfFrames: 1, timestamp: 0, data: new Float32Array(1) });
const colorSpace: VideoColorSpace = new wc.VideoColorSpace({ primaries: 'bt709' });
const support: Promise<VideoDecoderSupport> = wc.VideoDecoder.isConfigSupported({ codec: 'vp8' });
const image: ImageDecoder = new wc.ImageDecoder({ data: new Uint8Array(1), type: 'image/png' });
const Frame: typeof VideoFrame = wc.VideoFrame;

// lib.dom's where ours is expected.
const encoder: wc.VideoEncoder = new wc.VideoEncoder({
  output: (chunk: EncodedVideoChunk, metadata?: EncodedVideoChunkMetadata) => void [chunk, metadata?.decoderConfig],
  error: (e: DOMException) => console.error(e),
});
encoder.encode(new VideoFrame(new Uint8Array(16), { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0 }), { keyFrame: true });
const audioDecoder = new wc.AudioDecoder({ output: (data: AudioData) => data.close(), error: () => {} });
audioDecoder.decode(new EncodedAudioChunk({ type: 'key', timestamp: 0, data: new Uint8Array(1) }));
const theirs: wc.VideoFrame = new VideoFrame(new Uint8Array(16), { format: 'RGBA', codedWidth: 2, codedHeight: 2, timestamp: 0 });

// The package's own API.
const same: typeof wc.VideoFrame = AutoVideoFrame;
const result: InstallResult = install({ force: false });
wc.setCodecLogLevel('warning');
wc.installCanvasPatches();
void wc.serializeMedia(ours, { close: false }).then(({ message, transfer }) => [wc.reviveMedia(message), transfer]);
const opus: wc.OpusApplication = 'voip';

void [audio, colorSpace, support, image, Frame, theirs, same, result, opus];
