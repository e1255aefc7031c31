// The demo transcoder: mediabunny's Conversion API, unmodified, converting a file to MP4 (H.264 +
// AAC) or WebM (VP9 + Opus). Mediabunny finds VideoDecoder, VideoEncoder, AudioDecoder and
// AudioEncoder as globals, so it runs on whichever implementation the page installed.
import { ALL_FORMATS, BufferTarget, Conversion, Input, Mp4OutputFormat, Output, QUALITY_MEDIUM, WebMOutputFormat } from 'mediabunny';
import type { Source } from 'mediabunny';
import { meter } from './meter';

interface Target {
  output: () => Mp4OutputFormat | WebMOutputFormat;
  video: 'avc' | 'vp9';
  audio: 'aac' | 'opus';
  type: string;
  extension: string;
}

export const TARGETS: Record<string, Target> = {
  mp4: { output: () => new Mp4OutputFormat(), video: 'avc', audio: 'aac', type: 'video/mp4', extension: 'mp4' },
  webm: { output: () => new WebMOutputFormat(), video: 'vp9', audio: 'opus', type: 'video/webm', extension: 'webm' },
};

export interface Transcoding {
  /** Resolves with the converted file. */
  done: Promise<Blob>;
  cancel(): void;
}

/** Converts `source` to `targetName` ('mp4' or 'webm'); reports progress in [0, 1]. */
export async function transcode(source: Source, targetName: string, onProgress: (fraction: number) => void): Promise<Transcoding> {
  const target = TARGETS[targetName]!;
  const buffer = new BufferTarget();
  const input = new Input({ source, formats: ALL_FORMATS });
  const output = new Output({ format: target.output(), target: buffer });
  const conversion = await Conversion.init({
    input,
    output,
    // Re-encode even where the input codec could be copied: the point is the encoders.
    video: { codec: target.video, quality: QUALITY_MEDIUM, forceTranscode: true },
    audio: { codec: target.audio, quality: QUALITY_MEDIUM, forceTranscode: true },
  });
  if (!conversion.isValid) {
    const reasons = conversion.discardedTracks.map((d) => `${d.track.type} track: ${d.reason}`);
    throw new Error(`Cannot convert this file: ${reasons.join('; ')}`);
  }
  let lastTime = 0;
  conversion.onProgress = (fraction, processedTime) => {
    // Media seconds converted per second of wall time: the speed against real time.
    meter.count('transcode speed (× real time)', Math.max(0, processedTime - lastTime));
    lastTime = processedTime;
    onProgress(fraction);
  };
  const done = conversion.execute().then(() => new Blob([buffer.buffer!], { type: target.type }));
  return { done, cancel: () => void conversion.cancel() };
}
