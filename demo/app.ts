// The demo player: demuxes a file with mediabunny, decodes its video and audio with
// webcodecs-wasm (or the browser's native WebCodecs, to compare), and plays them.
import { ALL_FORMATS, BlobSource, EncodedPacketSink, Input, UrlSource } from 'mediabunny';
import * as polyfill from '/dist/webcodecs-wasm.js';
import { YuvRenderer } from './yuv_renderer';
import { record } from './recorder';
import { imageType, ImageView, openImage } from './image_viewer';

type Codecs = Pick<typeof globalThis, 'VideoDecoder' | 'AudioDecoder' | 'EncodedVideoChunk' | 'EncodedAudioChunk'>;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $('status');
const stats = $('stats');
const renderer = new YuvRenderer($<HTMLCanvasElement>('screen'));
let stopCurrent: (() => void) | undefined;

function implementation(): Codecs {
  if ($<HTMLSelectElement>('impl').value === 'native') {
    if (!('VideoDecoder' in globalThis)) throw new Error('This browser has no native WebCodecs.');
    return globalThis;
  }
  return polyfill as unknown as Codecs;
}

function show(values: Record<string, string | number>, into = stats): void {
  into.replaceChildren(
    ...Object.entries(values).flatMap(([k, v]) => {
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = k;
      dd.textContent = String(v);
      return [dt, dd];
    }),
  );
}

$('play').addEventListener('click', () => {
  const file = $<HTMLInputElement>('file').files?.[0];
  const source = file ? new BlobSource(file) : new UrlSource($<HTMLSelectElement>('sample').value);
  play(source).catch((e: unknown) => {
    status.className = 'error';
    status.textContent = String(e);
  });
});

async function play(source: BlobSource | UrlSource): Promise<void> {
  stopCurrent?.();
  let stopped = false;
  stopCurrent = () => (stopped = true);
  status.className = '';
  status.textContent = 'Reading the file…';
  const codecs = implementation();
  const input = new Input({ source, formats: ALL_FORMATS });
  const videoTrack = await input.getPrimaryVideoTrack();
  const audioTrack = await input.getPrimaryAudioTrack();
  const info: Record<string, string | number> = {
    implementation: codecs === globalThis ? 'native' : `webcodecs-wasm (${crossOriginIsolated ? 'pthreads' : 'single-threaded worker'})`,
  };

  // Audio is decoded whole first (short clips), then started together with the video clock.
  const audioContext = new AudioContext();
  let audioBuffer: AudioBuffer | undefined;
  if (audioTrack) {
    status.textContent = 'Decoding audio…';
    const t0 = performance.now();
    audioBuffer = await decodeAudio(codecs, audioTrack, audioContext);
    info['audio codec'] = (await audioTrack.getDecoderConfig())!.codec;
    info['audio decode'] = `${audioBuffer.duration.toFixed(1)} s in ${(performance.now() - t0).toFixed(0)} ms`;
  }
  show(info);
  if (!videoTrack) {
    playAudio(audioContext, audioBuffer);
    status.textContent = 'Playing audio.';
    return;
  }

  const config = (await videoTrack.getDecoderConfig())!;
  info['video codec'] = config.codec;
  const frames: VideoFrame[] = [];
  let decoded = 0;
  const decoder = new codecs.VideoDecoder({
    output: (frame) => {
      decoded++;
      frames.push(frame);
    },
    error: (e) => {
      status.className = 'error';
      status.textContent = `Decoder error: ${e.message}`;
    },
  });
  decoder.configure(config);
  status.textContent = 'Playing.';
  const start = performance.now();
  const startAudio = playAudio(audioContext, audioBuffer);
  const clock = () => (startAudio !== undefined ? audioContext.currentTime - startAudio : (performance.now() - start) / 1000);

  const feeding = (async () => {
    for await (const packet of new EncodedPacketSink(videoTrack).packets()) {
      if (stopped) break;
      while (decoder.decodeQueueSize > 8 || frames.length > 12) await new Promise((r) => setTimeout(r, 4));
      decoder.decode(
        new codecs.EncodedVideoChunk({
          type: packet.type,
          timestamp: Math.round(packet.timestamp * 1e6),
          duration: Math.round(packet.duration * 1e6),
          data: packet.data,
        }),
      );
    }
    if (!stopped) await decoder.flush();
  })();

  let shown = 0;
  let done = false;
  feeding.finally(() => (done = true));
  while (!stopped && !(done && frames.length === 0)) {
    await new Promise(requestAnimationFrame);
    while (frames.length > 1 && frames[1].timestamp / 1e6 <= clock()) frames.shift()!.close();
    const frame = frames[0];
    if (frame && frame.timestamp / 1e6 <= clock()) {
      if (!(await renderer.draw(frame))) status.textContent = `Cannot draw ${frame.format} in the demo.`;
      frames.shift();
      frame.close();
      shown++;
    }
    const elapsed = (performance.now() - start) / 1000;
    show({ ...info, 'frames decoded': decoded, 'frames shown': shown, 'decoded per second': `${(decoded / elapsed).toFixed(0)} (playback paces it)`, size: `${$<HTMLCanvasElement>('screen').width}×${$<HTMLCanvasElement>('screen').height}` });
  }
  await feeding;
  decoder.close();
  frames.forEach((f) => f.close());
  if (!stopped) status.textContent = `Done: ${decoded} frames decoded, ${shown} shown.`;
}

async function decodeAudio(codecs: Codecs, track: NonNullable<Awaited<ReturnType<Input['getPrimaryAudioTrack']>>>, context: AudioContext): Promise<AudioBuffer> {
  const config = (await track.getDecoderConfig())!;
  const channels: Float32Array[][] = [];
  let length = 0;
  let sampleRate = config.sampleRate;
  const decoder = new codecs.AudioDecoder({
    output: (data) => {
      sampleRate = data.sampleRate;
      const planes = [];
      for (let c = 0; c < data.numberOfChannels; c++) {
        const plane = new Float32Array(data.numberOfFrames);
        data.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
        planes.push(plane);
      }
      channels.push(planes);
      length += data.numberOfFrames;
      data.close();
    },
    error: (e) => console.error(e),
  });
  decoder.configure(config);
  for await (const packet of new EncodedPacketSink(track).packets()) {
    decoder.decode(new codecs.EncodedAudioChunk({ type: packet.type, timestamp: Math.round(packet.timestamp * 1e6), data: packet.data }));
  }
  await decoder.flush();
  decoder.close();
  const buffer = context.createBuffer(Math.max(1, channels[0]?.length ?? 1), Math.max(1, length), sampleRate);
  let offset = 0;
  for (const planes of channels) {
    planes.forEach((plane, c) => buffer.copyToChannel(plane, c, offset));
    offset += planes[0].length;
  }
  return buffer;
}

/** Starts the audio; returns the context time at which it started. */
function playAudio(context: AudioContext, buffer: AudioBuffer | undefined): number | undefined {
  if (!buffer) return undefined;
  const node = context.createBufferSource();
  node.buffer = buffer;
  node.connect(context.destination);
  const at = context.currentTime + 0.05;
  node.start(at);
  return at;
}

$('record').addEventListener('click', () => {
  const recordStatus = $('record-status');
  const native = $<HTMLSelectElement>('record-impl').value === 'native';
  recordStatus.className = '';
  recordStatus.textContent = 'Recording…';
  const t0 = performance.now();
  const codecs = native ? globalThis : (polyfill as unknown as typeof globalThis);
  if (native && !('VideoEncoder' in globalThis)) {
    recordStatus.className = 'error';
    recordStatus.textContent = 'This browser has no native WebCodecs encoders.';
    return;
  }
  const format = $<HTMLSelectElement>('record-format').value;
  record(codecs, format, 3, (s) => show({ implementation: native ? 'native' : 'webcodecs-wasm', ...s }, $('record-stats'))).then(
    (file) => {
      const video = $<HTMLVideoElement>('recording');
      video.src = URL.createObjectURL(file);
      const link = document.createElement('a');
      link.href = video.src;
      link.download = `recording.${file.type === 'video/mp4' ? 'mp4' : 'webm'}`;
      link.textContent = `Download ${link.download} (${(file.size / 1024).toFixed(0)} KiB)`;
      recordStatus.replaceChildren(`Recorded in ${((performance.now() - t0) / 1000).toFixed(1)} s. `, link);
    },
    (e: unknown) => {
      recordStatus.className = 'error';
      recordStatus.textContent = `Recording failed: ${String(e)}`;
    },
  );
});

// Images: step through the frames of an animated GIF/APNG/WebP/AVIF with ImageDecoder.
let image: ImageView | undefined;
let imageFrame = 0;
const imageStatus = $('image-status');
async function showImageFrame(step: number): Promise<void> {
  if (!image) return;
  imageFrame = (imageFrame + step + image.frameCount) % image.frameCount;
  imageStatus.textContent = await image.show(imageFrame);
}
function reportImageError(e: unknown): void {
  imageStatus.className = 'error';
  imageStatus.textContent = String(e);
}
$('image-open').addEventListener('click', () => {
  const file = $<HTMLInputElement>('image-file').files?.[0];
  const native = $<HTMLSelectElement>('image-impl').value === 'native';
  imageStatus.className = '';
  image?.close();
  image = undefined;
  const bytes = file ? file.arrayBuffer() : fetch('/build/demo/media/anim.gif').then((r) => r.arrayBuffer());
  const type = file ? imageType(file) : 'image/gif';
  bytes
    .then((b) => openImage(b, type, native, $<HTMLCanvasElement>('image-canvas')))
    .then((view) => {
      image = view;
      imageFrame = 0;
      return showImageFrame(0);
    })
    .catch(reportImageError);
});
$('image-prev').addEventListener('click', () => void showImageFrame(-1).catch(reportImageError));
$('image-next').addEventListener('click', () => void showImageFrame(1).catch(reportImageError));
