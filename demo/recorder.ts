// The demo recorder: records a few seconds of an animated canvas and a tone, or of the camera
// and the microphone, encodes them with the page's VideoEncoder and AudioEncoder (this
// package's or the browser's own), muxes the chunks with mediabunny, and hands the file to the
// browser's own <video> player.
import { BufferTarget, EncodedAudioPacketSource, EncodedPacket, EncodedVideoPacketSource, Mp4OutputFormat, Output, WebMOutputFormat } from 'mediabunny';
import { meter } from './meter';

interface Recipe {
  video: { codec: string; muxer: 'avc' | 'vp8' | 'vp9' | 'av1' };
  audio: { codec: string; muxer: 'aac' | 'opus' };
  container: 'mp4' | 'webm';
}

export const RECIPES: Record<string, Recipe> = {
  'vp9-opus': { video: { codec: 'vp09.00.30.08', muxer: 'vp9' }, audio: { codec: 'opus', muxer: 'opus' }, container: 'webm' },
  'h264-aac': { video: { codec: 'avc1.42001f', muxer: 'avc' }, audio: { codec: 'mp4a.40.2', muxer: 'aac' }, container: 'mp4' },
  'av1-opus': { video: { codec: 'av01.0.04M.08', muxer: 'av1' }, audio: { codec: 'opus', muxer: 'opus' }, container: 'webm' },
  'vp8-opus': { video: { codec: 'vp8', muxer: 'vp8' }, audio: { codec: 'opus', muxer: 'opus' }, container: 'webm' },
};

const WIDTH = 640;
const HEIGHT = 360;
const FPS = 30;
const SAMPLE_RATE = 48000;

/** Live statistics while recording. */
export interface RecorderStats {
  'frames encoded': number;
  'video bytes': number;
  'audio chunks': number;
  'encode queue': number;
  'kbit/s so far': string;
}

/** Where the pictures and the sound come from. */
export type RecordingSourceName = 'canvas' | 'camera';

interface RecordingSource {
  readonly sampleRate: number;
  /** Draws the picture of time `t` (seconds) into the recording canvas. */
  draw(ctx: CanvasRenderingContext2D, t: number): void;
  /** The sound from the last call up to sample `until` of the recording, as 2 planar channels. */
  takeAudio(until: number): Float32Array<ArrayBuffer>;
  stop(): void;
}

function drawScene(ctx: CanvasRenderingContext2D, t: number): void {
  ctx.fillStyle = `hsl(${(t * 60) % 360} 60% 20%)`;
  ctx.fillRect(0, 0, WIDTH, HEIGHT);
  for (let i = 0; i < 6; i++) {
    const a = t * (0.7 + i * 0.2) + i;
    ctx.fillStyle = `hsl(${i * 60} 80% 60%)`;
    ctx.beginPath();
    ctx.arc(WIDTH / 2 + Math.cos(a) * 220, HEIGHT / 2 + Math.sin(a * 1.3) * 120, 30, 0, 2 * Math.PI);
    ctx.fill();
  }
  ctx.fillStyle = 'white';
  ctx.font = 'bold 40px sans-serif';
  ctx.fillText(`webcodecs-wasm ${t.toFixed(2)} s`, 20, 60);
}

/** The animated scene and a tone: 440 Hz left, 660 Hz right, fading in and out over `seconds`. */
function canvasSource(seconds: number): RecordingSource {
  let sent = 0;
  return {
    sampleRate: SAMPLE_RATE,
    draw: drawScene,
    takeAudio(until) {
      const count = until - sent;
      const samples = new Float32Array(count * 2);
      for (let k = 0; k < count; k++) {
        const s = (sent + k) / SAMPLE_RATE;
        const gain = 0.25 * Math.min(1, s * 4, (seconds - s) * 4);
        samples[k] = gain * Math.sin(2 * Math.PI * 440 * s);
        samples[count + k] = gain * Math.sin(2 * Math.PI * 660 * s);
      }
      sent = until;
      return samples;
    },
    stop() {},
  };
}

/**
 * The camera through a <video> element, and the microphone through Web Audio: what the
 * microphone gave since the last call, up to what the recording asks for (silence where it gave
 * less, so the sound keeps the pictures' clock).
 */
async function cameraSource(): Promise<RecordingSource> {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: WIDTH, height: HEIGHT }, audio: true });
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play();
  // 48 kHz, the encoders' common rate, where the engine resamples the microphone to it; else its own.
  let audio = new AudioContext({ sampleRate: SAMPLE_RATE });
  let microphone: MediaStreamAudioSourceNode;
  try {
    microphone = audio.createMediaStreamSource(stream);
  } catch {
    void audio.close();
    audio = new AudioContext();
    microphone = audio.createMediaStreamSource(stream);
  }
  // A ScriptProcessorNode: every engine has it, and it needs no worklet module (CSP-friendly).
  const tap = audio.createScriptProcessor(4096, 2, 2);
  const captured: Float32Array[][] = [];
  tap.onaudioprocess = (event) => {
    const input = event.inputBuffer;
    captured.push([0, 1].map((c) => input.getChannelData(Math.min(c, input.numberOfChannels - 1)).slice()));
  };
  microphone.connect(tap);
  tap.connect(audio.destination);
  let sent = 0;
  return {
    sampleRate: audio.sampleRate,
    draw(ctx) {
      ctx.drawImage(video, 0, 0, WIDTH, HEIGHT);
    },
    takeAudio(until) {
      const count = until - sent;
      const samples = new Float32Array(count * 2);
      let at = 0;
      while (at < count && captured.length > 0) {
        const [left, right] = captured[0]!;
        const n = Math.min(left!.length, count - at);
        samples.set(left!.subarray(0, n), at);
        samples.set(right!.subarray(0, n), count + at);
        at += n;
        if (n === left!.length) captured.shift();
        else captured[0] = [left!.subarray(n), right!.subarray(n)];
      }
      sent = until;
      return samples;
    },
    stop() {
      tap.disconnect();
      microphone.disconnect();
      void audio.close();
      for (const track of stream.getTracks()) track.stop();
    },
  };
}

/** Records `seconds` of canvas and tone, or of the camera and microphone; resolves with the file. */
export async function record(recipeName: string, sourceName: RecordingSourceName, seconds: number, onStats: (s: RecorderStats) => void): Promise<Blob> {
  const source = sourceName === 'camera' ? await cameraSource() : canvasSource(seconds);
  try {
    return await recordFrom(source, RECIPES[recipeName]!, seconds, onStats);
  } finally {
    source.stop();
  }
}

async function recordFrom(source: RecordingSource, recipe: Recipe, seconds: number, onStats: (s: RecorderStats) => void): Promise<Blob> {
  const sampleRate = source.sampleRate;
  const videoConfig = { codec: recipe.video.codec, width: WIDTH, height: HEIGHT, bitrate: 1_500_000, framerate: FPS, latencyMode: 'realtime' as const };
  const audioConfig = { codec: recipe.audio.codec, sampleRate, numberOfChannels: 2, bitrate: 128_000 };
  for (const [Encoder, config] of [[VideoEncoder, videoConfig], [AudioEncoder, audioConfig]] as const) {
    if (!(await (Encoder as typeof VideoEncoder).isConfigSupported(config as VideoEncoderConfig)).supported) {
      throw new Error(`This implementation cannot encode ${config.codec}${'sampleRate' in config ? ` at ${sampleRate} Hz` : ''}.`);
    }
  }

  const target = new BufferTarget();
  const output = new Output({ format: recipe.container === 'mp4' ? new Mp4OutputFormat() : new WebMOutputFormat(), target });
  const videoTrack = new EncodedVideoPacketSource(recipe.video.muxer);
  const audioTrack = new EncodedAudioPacketSource(recipe.audio.muxer);
  output.addVideoTrack(videoTrack, { frameRate: FPS });
  output.addAudioTrack(audioTrack);
  await output.start();

  let failure: unknown = null;
  const fail = (e: unknown): void => {
    failure ??= e;
  };
  const stats = { frames: 0, videoBytes: 0, audioChunks: 0 };
  // Packets go to the muxer in output order; each add() waits for the one before.
  let muxing = Promise.resolve();
  const toPacket = (chunk: EncodedVideoChunk | EncodedAudioChunk) => {
    const data = new Uint8Array(chunk.byteLength);
    chunk.copyTo(data);
    return new EncodedPacket(data, chunk.type, chunk.timestamp / 1e6, (chunk.duration ?? 0) / 1e6);
  };
  const videoEncoder = new VideoEncoder({
    output: (chunk, meta) => {
      stats.frames++;
      meter.count('frames encoded per second');
      stats.videoBytes += chunk.byteLength;
      const packet = toPacket(chunk);
      muxing = muxing.then(() => videoTrack.add(packet, meta)).catch(fail);
    },
    error: fail,
  });
  const audioEncoder = new AudioEncoder({
    output: (chunk, meta) => {
      stats.audioChunks++;
      const packet = toPacket(chunk);
      muxing = muxing.then(() => audioTrack.add(packet, meta)).catch(fail);
    },
    error: fail,
  });
  videoEncoder.configure(videoConfig);
  audioEncoder.configure(audioConfig);
  const stopWatching = meter.watch('encode queue', () => (videoEncoder.state === 'closed' ? 0 : videoEncoder.encodeQueueSize));

  const canvas = document.createElement('canvas');
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext('2d')!;
  const preview = document.getElementById('record-preview') as HTMLCanvasElement | null;
  const total = seconds * FPS;
  const start = performance.now();
  let sentSamples = 0;
  for (let i = 0; i < total && failure === null; i++) {
    // Real time: the picture of frame i is drawn when its time comes.
    const due = start + (i * 1000) / FPS;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const t = i / FPS;
    source.draw(ctx, t);
    preview?.getContext('2d')?.drawImage(canvas, 0, 0, preview.width, preview.height);
    const frame = new VideoFrame(canvas, { timestamp: Math.round(t * 1e6), duration: Math.round(1e6 / FPS) });
    videoEncoder.encode(frame, { keyFrame: i % (2 * FPS) === 0 });
    frame.close();
    // The sound up to the end of this frame.
    const until = Math.round(((i + 1) / FPS) * sampleRate);
    const samples = source.takeAudio(until);
    const audio = new AudioData({ format: 'f32-planar', sampleRate, numberOfFrames: samples.length / 2, numberOfChannels: 2, timestamp: Math.round((sentSamples / sampleRate) * 1e6), data: samples });
    audioEncoder.encode(audio);
    audio.close();
    sentSamples = until;
    const elapsed = Math.max(t, 1 / FPS);
    onStats({
      'frames encoded': stats.frames,
      'video bytes': stats.videoBytes,
      'audio chunks': stats.audioChunks,
      'encode queue': videoEncoder.encodeQueueSize,
      'kbit/s so far': ((stats.videoBytes * 8) / elapsed / 1000).toFixed(0),
    });
  }
  await Promise.all([videoEncoder.flush(), audioEncoder.flush()]).catch(fail);
  videoEncoder.close();
  audioEncoder.close();
  stopWatching();
  await muxing;
  if (failure !== null) throw failure;
  await output.finalize();
  onStats({
    'frames encoded': stats.frames,
    'video bytes': stats.videoBytes,
    'audio chunks': stats.audioChunks,
    'encode queue': 0,
    'kbit/s so far': ((stats.videoBytes * 8) / seconds / 1000).toFixed(0),
  });
  return new Blob([target.buffer!], { type: recipe.container === 'mp4' ? 'video/mp4' : 'video/webm' });
}
