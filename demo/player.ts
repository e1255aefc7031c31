// The demo player: mediabunny demuxes the file; the page's VideoDecoder and AudioDecoder (this
// package's or the browser's, whichever the page installed) decode it; frames are drawn on a 2D
// canvas with drawImage() and audio is scheduled on Web Audio. Seeking decodes from the key frame
// at or before the target and drops the frames before it, as a native player does.
import { EncodedPacketSink, Input } from 'mediabunny';
import type { EncodedPacket, InputAudioTrack, InputVideoTrack } from 'mediabunny';
import { meter } from './meter';

/** Frames decoded ahead of the clock; the decoder's queue is kept as short. */
const FRAMES_AHEAD = 8;
/** Seconds of audio scheduled ahead of the clock. */
const AUDIO_AHEAD = 1.5;

export interface PlayerState {
  playing: boolean;
  /** Seconds: the frame on the canvas, or the clock while playing. */
  position: number;
  duration: number;
  /** The timestamp (µs) of the frame on the canvas, null before the first. */
  frameTimestamp: number | null;
  framesDecoded: number;
  framesShown: number;
  framesDropped: number;
  /** From configure() to the first frame, ms (the start-up a user waits for). */
  firstFrameMs: number | null;
  videoCodec: string | null;
  audioCodec: string | null;
  size: string;
  ended: boolean;
  error: string | null;
}

const toChunkInit = (packet: EncodedPacket) => ({
  type: packet.type,
  timestamp: Math.round(packet.timestamp * 1e6),
  duration: Math.round(packet.duration * 1e6),
  data: packet.data,
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Decodes one run of video from a key packet onwards into a queue of frames at or after `from`
 * (µs). A seek stops the run and starts a new one, so no frame of an old run reaches the screen.
 */
class VideoRun {
  readonly frames: VideoFrame[] = [];
  ended = false;
  #stopped = false;
  readonly #decoder: VideoDecoder;
  readonly #fed: Promise<void>;

  constructor(track: InputVideoTrack, config: VideoDecoderConfig, from: number, player: Player) {
    const configured = performance.now();
    this.#decoder = new VideoDecoder({
      output: (frame) => {
        player.state.framesDecoded++;
        meter.count('frames decoded per second');
        player.state.firstFrameMs ??= Math.round(performance.now() - configured);
        const end = frame.timestamp + (frame.duration ?? 1);
        if (this.#stopped || end <= from) {
          frame.close();
          return;
        }
        this.frames.push(frame);
      },
      error: (e) => player.fail(`Video decoder: ${e.message}`),
    });
    this.#decoder.configure(config);
    const stopWatching = meter.watch('decode queue', () => this.#decoder.decodeQueueSize);
    this.#fed = this.#feed(new EncodedPacketSink(track), from / 1e6).finally(() => {
      stopWatching();
      this.ended = true;
    });
    this.#fed.catch((e: unknown) => player.fail(String(e)));
  }

  async #feed(sink: EncodedPacketSink, from: number): Promise<void> {
    const key = (await sink.getKeyPacket(from)) ?? (await sink.getFirstPacket());
    if (!key) return;
    for await (const packet of sink.packets(key)) {
      while (!this.#stopped && (this.#decoder.decodeQueueSize > 4 || this.frames.length >= FRAMES_AHEAD)) await pause(4);
      if (this.#stopped) return;
      this.#decoder.decode(new EncodedVideoChunk(toChunkInit(packet)));
    }
    if (!this.#stopped) await this.#decoder.flush();
  }

  /** The next frame, waiting for the decoder; null at the end of the stream. */
  async next(): Promise<VideoFrame | null> {
    while (this.frames.length === 0 && !this.ended && !this.#stopped) await pause(4);
    return this.frames.shift() ?? null;
  }

  stop(): void {
    this.#stopped = true;
    if (this.#decoder.state !== 'closed') this.#decoder.close();
    this.frames.splice(0).forEach((f) => f.close());
  }
}

/** Decodes audio from `from` seconds and schedules it on `context`, AUDIO_AHEAD seconds ahead. */
class AudioRun {
  #stopped = false;
  readonly #decoder: AudioDecoder;
  readonly #nodes = new Set<AudioBufferSourceNode>();
  #scheduledUntil = 0;

  /** `startAt`: the context time at which media time `from` plays. */
  constructor(track: InputAudioTrack, config: AudioDecoderConfig, from: number, context: AudioContext, startAt: number, player: Player) {
    this.#decoder = new AudioDecoder({
      output: (data) => {
        if (this.#stopped) return data.close();
        const buffer = context.createBuffer(data.numberOfChannels, data.numberOfFrames, data.sampleRate);
        for (let c = 0; c < data.numberOfChannels; c++) {
          const plane = new Float32Array(data.numberOfFrames);
          data.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
          buffer.copyToChannel(plane, c);
        }
        const when = startAt + (data.timestamp / 1e6 - from);
        data.close();
        // The part before `from` (the first buffers after a seek) is skipped.
        const skip = Math.max(0, startAt - when);
        if (skip >= buffer.duration) return;
        const node = context.createBufferSource();
        node.buffer = buffer;
        node.connect(context.destination);
        node.start(Math.max(when, startAt), skip);
        this.#nodes.add(node);
        node.onended = () => this.#nodes.delete(node);
        this.#scheduledUntil = Math.max(this.#scheduledUntil, when + buffer.duration);
      },
      error: (e) => player.fail(`Audio decoder: ${e.message}`),
    });
    this.#decoder.configure(config);
    this.#feed(new EncodedPacketSink(track), from, context).catch((e: unknown) => player.fail(String(e)));
  }

  async #feed(sink: EncodedPacketSink, from: number, context: AudioContext): Promise<void> {
    // Audio packets are all key packets; one before `from` primes the decoder (Opus, AAC).
    const first = (await sink.getPacket(Math.max(0, from - 0.1))) ?? (await sink.getFirstPacket());
    if (!first) return;
    for await (const packet of sink.packets(first)) {
      while (!this.#stopped && this.#scheduledUntil - context.currentTime > AUDIO_AHEAD) await pause(20);
      if (this.#stopped) return;
      this.#decoder.decode(new EncodedAudioChunk(toChunkInit(packet)));
      if (this.#decoder.decodeQueueSize > 8) await this.#decoder.flush();
    }
    if (!this.#stopped) await this.#decoder.flush();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#decoder.state !== 'closed') this.#decoder.close();
    for (const node of this.#nodes) node.stop();
    this.#nodes.clear();
  }
}

export class Player {
  readonly state: PlayerState = Player.#initialState();
  readonly #canvas: HTMLCanvasElement;
  readonly #onChange: (state: PlayerState) => void;
  #video: { track: InputVideoTrack; config: VideoDecoderConfig } | null = null;
  #audio: { track: InputAudioTrack; config: AudioDecoderConfig } | null = null;
  #context: AudioContext | null = null;
  #videoRun: VideoRun | null = null;
  #audioRun: AudioRun | null = null;
  /** While playing: media time `#origin.media` (s) is at performance.now() `#origin.wall` (ms). */
  #origin = { media: 0, wall: 0 };
  #tick = 0;

  constructor(canvas: HTMLCanvasElement, onChange: (state: PlayerState) => void) {
    this.#canvas = canvas;
    this.#onChange = onChange;
  }

  static #initialState(): PlayerState {
    return {
      playing: false, position: 0, duration: 0, frameTimestamp: null, framesDecoded: 0, framesShown: 0,
      framesDropped: 0, firstFrameMs: null, videoCodec: null, audioCodec: null, size: '–', ended: false, error: null,
    };
  }

  /** Opens a file and shows its first frame. */
  async open(input: Input): Promise<void> {
    this.close();
    Object.assign(this.state, Player.#initialState());
    const [videoTrack, audioTrack] = await Promise.all([input.getPrimaryVideoTrack(), input.getPrimaryAudioTrack()]);
    if (videoTrack) {
      const config = await videoTrack.getDecoderConfig();
      if (!config) throw new Error(`The video codec ${videoTrack.codec ?? 'of this file'} is not one WebCodecs knows.`);
      if (!(await VideoDecoder.isConfigSupported(config)).supported) throw new Error(`This implementation cannot decode ${config.codec}.`);
      this.#video = { track: videoTrack, config };
      this.state.videoCodec = config.codec;
      this.state.size = `${videoTrack.displayWidth}×${videoTrack.displayHeight}`;
      this.#canvas.width = videoTrack.displayWidth;
      this.#canvas.height = videoTrack.displayHeight;
    }
    if (audioTrack) {
      const config = await audioTrack.getDecoderConfig();
      if (config && (await AudioDecoder.isConfigSupported(config)).supported) {
        this.#audio = { track: audioTrack, config };
        this.state.audioCodec = config.codec;
      } else {
        this.state.audioCodec = `${config?.codec ?? audioTrack.codec ?? 'unknown'} (not supported: silent)`;
      }
    }
    this.state.duration = await input.computeDuration();
    await this.seek(0);
  }

  play(): void {
    if (this.state.playing || !(this.#video || this.#audio)) return;
    if (this.state.ended) void this.seek(0).then(() => this.play());
    else this.#start(this.state.position);
  }

  pause(): void {
    if (!this.state.playing) return;
    this.state.position = this.#clock();
    this.state.playing = false;
    this.#audioRun?.stop();
    this.#audioRun = null;
    cancelAnimationFrame(this.#tick);
    this.#changed();
  }

  /** Shows the frame at `seconds` (paused) or plays on from there. */
  async seek(seconds: number): Promise<void> {
    const wasPlaying = this.state.playing;
    if (wasPlaying) this.pause();
    this.state.ended = false;
    if (!this.#video) {
      this.state.position = seconds;
      if (wasPlaying) this.#start(seconds);
      return this.#changed();
    }
    const target = Math.round(Math.min(Math.max(0, seconds), this.state.duration) * 1e6);
    this.#videoRun?.stop();
    this.#videoRun = new VideoRun(this.#video.track, this.#video.config, target, this);
    const run = this.#videoRun;
    const frame = await run.next();
    if (run !== this.#videoRun) return frame?.close();
    if (frame) this.#show(frame);
    this.state.position = seconds;
    if (wasPlaying) this.#start(this.state.position);
    this.#changed();
  }

  /** One frame on (paused). */
  async stepForward(): Promise<void> {
    this.pause();
    const run = this.#videoRun;
    const frame = await run?.next();
    if (!frame) {
      this.state.ended = true;
      return this.#changed();
    }
    if (run !== this.#videoRun) return frame.close();
    this.#show(frame);
    this.state.position = frame.timestamp / 1e6;
    this.#changed();
  }

  /** One frame back (paused): the frame before the one shown, decoded from its key frame. */
  async stepBack(): Promise<void> {
    this.pause();
    if (!this.#video || this.state.frameTimestamp === null) return;
    const sink = new EncodedPacketSink(this.#video.track);
    const previous = await sink.getPacket(this.state.frameTimestamp / 1e6 - 1e-6);
    if (previous) await this.seek(previous.timestamp);
  }

  close(): void {
    this.pause();
    this.#videoRun?.stop();
    this.#videoRun = null;
    this.#video = this.#audio = null;
  }

  fail(message: string): void {
    this.state.error = message;
    this.pause();
    this.#changed();
  }

  #start(from: number): void {
    this.state.playing = true;
    this.#context ??= new AudioContext();
    void this.#context.resume();
    // Audio starts 100 ms from now; the video clock starts with it.
    const lead = 0.1;
    this.#origin = { media: from, wall: performance.now() + lead * 1000 };
    if (this.#audio) {
      this.#audioRun = new AudioRun(this.#audio.track, this.#audio.config, from, this.#context, this.#context.currentTime + lead, this);
    }
    const frame = () => {
      if (!this.state.playing) return;
      try {
        this.#advance();
      } catch (e) {
        return this.fail(String(e));
      }
      this.#tick = requestAnimationFrame(frame);
    };
    this.#tick = requestAnimationFrame(frame);
    this.#changed();
  }

  #clock(): number {
    return Math.max(this.#origin.media, this.#origin.media + (performance.now() - this.#origin.wall) / 1000);
  }

  /** While playing: shows the latest frame due by the clock, dropping those it overtook. */
  #advance(): void {
    const run = this.#videoRun ?? { frames: [], ended: true };
    const now = this.#clock() * 1e6;
    let due: VideoFrame | undefined;
    while (run.frames.length > 0 && run.frames[0]!.timestamp <= now) {
      if (due) {
        due.close();
        this.state.framesDropped++;
      }
      due = run.frames.shift();
    }
    if (due) this.#show(due);
    this.state.position = Math.min(this.#clock(), this.state.duration);
    if (run.ended && run.frames.length === 0 && now >= this.state.duration * 1e6) {
      this.pause();
      this.state.position = this.state.duration;
      this.state.ended = true;
    }
    this.#changed();
  }

  #show(frame: VideoFrame): void {
    const g = this.#canvas.getContext('2d')!;
    g.drawImage(frame, 0, 0, this.#canvas.width, this.#canvas.height);
    this.state.frameTimestamp = frame.timestamp;
    this.state.framesShown++;
    meter.count('frames shown per second');
    frame.close();
  }

  #changed(): void {
    this.#onChange(this.state);
  }
}
