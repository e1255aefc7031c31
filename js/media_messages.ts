/**
 * Sending polyfilled VideoFrames, AudioData and encoded chunks to a worker and back. Native ones
 * are [Serializable] (and VideoFrame/AudioData [Transferable]); the polyfill's classes are plain
 * JavaScript objects, which postMessage() cannot clone. So:
 *
 *   const { message, transfer } = await serializeMedia(frame);   // one copy of the pixels
 *   worker.postMessage(message, transfer);                       // moved, not copied
 *   // in the worker (which imports this package too):
 *   const frame = reviveMedia(event.data);
 *
 * The message is plain data (an ArrayBuffer and numbers), so it also works between a page and a
 * worker that runs native WebCodecs: `reviveMedia` builds this package's classes.
 */
import { AudioData, AudioSampleFormat } from './audio_data';
import { EncodedAudioChunk } from './encoded_audio_chunk';
import { EncodedVideoChunk } from './encoded_video_chunk';
import type { ResolvedColorSpace } from './video_color_space';
import { VideoFrame, VideoFrameMetadata, VideoPixelFormat } from './video_frame';

/** A serialized VideoFrame: its visible pixels, tightly packed, and its attributes. */
export interface VideoFrameMessage {
  kind: 'VideoFrame';
  data: ArrayBuffer;
  format: VideoPixelFormat;
  codedWidth: number;
  codedHeight: number;
  timestamp: number;
  duration: number | null;
  /** The display size before rotation, as VideoFrameBufferInit takes it. */
  displayWidth: number;
  displayHeight: number;
  colorSpace: ResolvedColorSpace;
  rotation: number;
  flip: boolean;
  metadata: VideoFrameMetadata;
}

/** A serialized AudioData: every plane, one after the other. */
export interface AudioDataMessage {
  kind: 'AudioData';
  data: ArrayBuffer;
  format: AudioSampleFormat;
  sampleRate: number;
  numberOfFrames: number;
  numberOfChannels: number;
  timestamp: number;
}

/** A serialized EncodedVideoChunk or EncodedAudioChunk. */
export interface EncodedChunkMessage {
  kind: 'EncodedVideoChunk' | 'EncodedAudioChunk';
  data: ArrayBuffer;
  type: 'key' | 'delta';
  timestamp: number;
  duration: number | null;
}

/** What serializeMedia() makes and reviveMedia() takes. */
export type MediaMessage = VideoFrameMessage | AudioDataMessage | EncodedChunkMessage;

/** Options of serializeMedia(). */
export interface SerializeOptions {
  /** Close the frame or audio after copying it (as transferring a native one does). */
  close?: boolean;
}

/**
 * Copies `value` into a message for postMessage(); `transfer` lists its buffer, so posting moves
 * it instead of copying again. Closed frames and audio reject with InvalidStateError.
 */
export async function serializeMedia(
  value: VideoFrame | AudioData | EncodedVideoChunk | EncodedAudioChunk,
  options: SerializeOptions = {},
): Promise<{ message: MediaMessage; transfer: ArrayBuffer[] }> {
  let message: MediaMessage;
  if (value instanceof VideoFrame) {
    if (value.format === null) throw new DOMException('Cannot serialize a closed VideoFrame or one without a known format.', 'InvalidStateError');
    const data = new ArrayBuffer(value.allocationSize());
    await value.copyTo(data);
    const quarter = value.rotation % 180 !== 0;
    const rect = value.visibleRect!;
    message = {
      kind: 'VideoFrame',
      data,
      format: value.format,
      codedWidth: rect.width,
      codedHeight: rect.height,
      timestamp: value.timestamp,
      duration: value.duration,
      displayWidth: quarter ? value.displayHeight : value.displayWidth,
      displayHeight: quarter ? value.displayWidth : value.displayHeight,
      colorSpace: value.colorSpace.toJSON(),
      rotation: value.rotation,
      flip: value.flip,
      metadata: value.metadata(),
    };
  } else if (value instanceof AudioData) {
    if (value.format === null) throw new DOMException('Cannot serialize a closed AudioData.', 'InvalidStateError');
    const planes = value.format.endsWith('-planar') ? value.numberOfChannels : 1;
    const planeSize = value.allocationSize({ planeIndex: 0 });
    const data = new ArrayBuffer(planeSize * planes);
    for (let plane = 0; plane < planes; plane++) value.copyTo(new Uint8Array(data, plane * planeSize, planeSize), { planeIndex: plane });
    message = {
      kind: 'AudioData',
      data,
      format: value.format,
      sampleRate: value.sampleRate,
      numberOfFrames: value.numberOfFrames,
      numberOfChannels: value.numberOfChannels,
      timestamp: value.timestamp,
    };
  } else if (value instanceof EncodedVideoChunk || value instanceof EncodedAudioChunk) {
    const data = new ArrayBuffer(value.byteLength);
    value.copyTo(data);
    message = {
      kind: value instanceof EncodedVideoChunk ? 'EncodedVideoChunk' : 'EncodedAudioChunk',
      data,
      type: value.type,
      timestamp: value.timestamp,
      duration: value.duration,
    };
  } else {
    throw new TypeError('serializeMedia() takes a VideoFrame, AudioData, EncodedVideoChunk or EncodedAudioChunk of this package.');
  }
  if (options.close && (value instanceof VideoFrame || value instanceof AudioData)) value.close();
  return { message, transfer: [message.data] };
}

/** Builds the object a message of serializeMedia() describes; its buffer is detached (moved in). */
export function reviveMedia(message: MediaMessage): VideoFrame | AudioData | EncodedVideoChunk | EncodedAudioChunk {
  switch (message?.kind) {
    case 'VideoFrame': {
      const { data, kind: _kind, ...init } = message;
      return new VideoFrame(data, { ...init, duration: init.duration ?? undefined, transfer: [data] });
    }
    case 'AudioData': {
      const { data, kind: _kind, ...init } = message;
      return new AudioData({ ...init, data, transfer: [data] });
    }
    case 'EncodedVideoChunk':
    case 'EncodedAudioChunk': {
      const Chunk = message.kind === 'EncodedVideoChunk' ? EncodedVideoChunk : EncodedAudioChunk;
      return new Chunk({ type: message.type, timestamp: message.timestamp, duration: message.duration ?? undefined, data: message.data, transfer: [message.data] });
    }
    default:
      throw new TypeError('reviveMedia() takes a message made by serializeMedia().');
  }
}
