/**
 * The plain-data form of this package's VideoFrame, AudioData and encoded chunks ("records"), which
 * postMessage() can clone. With install(), js/media_posting.ts makes postMessage() and
 * structuredClone() use it by themselves. Without install() (or to a receiver without this
 * package), do it by hand:
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
import { putBackMedia, registerMediaClass } from './message_graph';

/** A serialized VideoFrame: its pixels over the coded size, planes tightly packed, and its attributes. */
export interface VideoFrameMessage {
  kind: 'VideoFrame';
  data: ArrayBuffer;
  format: VideoPixelFormat;
  codedWidth: number;
  codedHeight: number;
  visibleRect: { x: number; y: number; width: number; height: number };
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

/**
 * What postMessage() delivers for a message that holds media objects of this package (a
 * `MediaEnvelope`): the message with each media object replaced by its record, and the list of
 * those records under this key. The receiver's MessageEvent `data` (js/media_posting.ts), or
 * reviveMedia(), puts revived objects back in their place.
 */
export const ENVELOPE_KEY = '__webcodecsWasmMedia';

/** A message that held media objects, as posted: see ENVELOPE_KEY. */
export interface MediaEnvelope {
  [ENVELOPE_KEY]: MediaMessage[];
  message: unknown;
}

/** Whether `value` is a MediaEnvelope (one property read for any other object). */
export function isMediaEnvelope(value: unknown): value is MediaEnvelope {
  return typeof value === 'object' && value !== null && Array.isArray((value as Partial<MediaEnvelope>)[ENVELOPE_KEY]);
}

/** Options of serializeMedia(). */
export interface SerializeOptions {
  /** Close the frame or audio after copying it (as transferring a native one does). */
  close?: boolean;
}

type Media = VideoFrame | AudioData | EncodedVideoChunk | EncodedAudioChunk;

/**
 * The record of `value`, with a copy of its bytes in a buffer of its own. A closed frame or audio
 * throws a DOMException named `closedError` (DataCloneError, as serializing a native one throws).
 */
export function mediaRecord(value: Media, closedError = 'DataCloneError'): MediaMessage {
  if (value instanceof VideoFrame) {
    if (value.format === null) {
      const reason = value.codedWidth === 0 ? 'it was closed' : 'its pixel format has no VideoPixelFormat name';
      throw new DOMException(`A VideoFrame could not be cloned because ${reason}.`, closedError);
    }
    const rect = { x: 0, y: 0, width: value.codedWidth, height: value.codedHeight };
    const data = new ArrayBuffer(value.allocationSize({ rect }));
    // copyTo() copies before it returns (only its promise settles later), and allocationSize()
    // above has already thrown for anything it would reject.
    void value.copyTo(data, { rect });
    const quarter = value.rotation % 180 !== 0;
    const visible = value.visibleRect!;
    return {
      kind: 'VideoFrame',
      data,
      format: value.format,
      codedWidth: value.codedWidth,
      codedHeight: value.codedHeight,
      visibleRect: { x: visible.x, y: visible.y, width: visible.width, height: visible.height },
      timestamp: value.timestamp,
      duration: value.duration,
      displayWidth: quarter ? value.displayHeight : value.displayWidth,
      displayHeight: quarter ? value.displayWidth : value.displayHeight,
      colorSpace: value.colorSpace.toJSON(),
      rotation: value.rotation,
      flip: value.flip,
      metadata: value.metadata(),
    };
  }
  if (value instanceof AudioData) {
    if (value.format === null) throw new DOMException('AudioData could not be cloned because it was closed.', closedError);
    const planes = value.format.endsWith('-planar') ? value.numberOfChannels : 1;
    const planeSize = value.allocationSize({ planeIndex: 0 });
    const data = new ArrayBuffer(planeSize * planes);
    for (let plane = 0; plane < planes; plane++) value.copyTo(new Uint8Array(data, plane * planeSize, planeSize), { planeIndex: plane });
    return {
      kind: 'AudioData',
      data,
      format: value.format,
      sampleRate: value.sampleRate,
      numberOfFrames: value.numberOfFrames,
      numberOfChannels: value.numberOfChannels,
      timestamp: value.timestamp,
    };
  }
  if (value instanceof EncodedVideoChunk || value instanceof EncodedAudioChunk) {
    const data = new ArrayBuffer(value.byteLength);
    value.copyTo(data);
    return {
      kind: value instanceof EncodedVideoChunk ? 'EncodedVideoChunk' : 'EncodedAudioChunk',
      data,
      type: value.type,
      timestamp: value.timestamp,
      duration: value.duration,
    };
  }
  throw new TypeError('serializeMedia() takes a VideoFrame, AudioData, EncodedVideoChunk or EncodedAudioChunk of this package.');
}

// How js/message_graph.ts recognizes and copies this package's media objects.
for (const Class of [VideoFrame, AudioData, EncodedVideoChunk, EncodedAudioChunk]) {
  registerMediaClass(Class.prototype, (media) => mediaRecord(media as Media));
}

/**
 * Copies `value` into a message for postMessage(); `transfer` lists its buffer, so posting moves
 * it instead of copying again. Closed frames and audio reject with InvalidStateError.
 */
export async function serializeMedia(value: Media, options: SerializeOptions = {}): Promise<{ message: MediaMessage; transfer: ArrayBuffer[] }> {
  const message = mediaRecord(value, 'InvalidStateError');
  if (options.close && (value instanceof VideoFrame || value instanceof AudioData)) value.close();
  return { message, transfer: [message.data] };
}

/**
 * Builds the object a record of serializeMedia() describes; its buffer is detached (moved in).
 * Given a MediaEnvelope (what a receiver without install() gets from a postMessage() that carried
 * media objects), revives every record in it and returns the message as it was posted.
 */
export function reviveMedia(message: MediaMessage): Media;
export function reviveMedia(message: MediaEnvelope): unknown;
export function reviveMedia(message: MediaMessage | MediaEnvelope): unknown {
  if (isMediaEnvelope(message)) {
    const revived = new Map<object, unknown>();
    for (const record of message[ENVELOPE_KEY]) revived.set(record, reviveRecord(record));
    return putBackMedia(message.message, revived);
  }
  return reviveRecord(message);
}

function reviveRecord(message: MediaMessage): Media {
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
