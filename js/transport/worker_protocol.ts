/**
 * Messages between MessageTransport (the owner thread) and the single-threaded core's Worker
 * (st_worker.ts). Chunk bytes and decoded planes move as transferred ArrayBuffers.
 */

import type { CodecKind, CoreCodecConfig, LiveCounts } from './transport';
import type { CoreOutput } from './core_module';

export type ToWorker =
  | { op: 'open'; id: number; kind: CodecKind }
  | { op: 'configure'; id: number; seq: number; config: CoreCodecConfig }
  | { op: 'input'; id: number; seq: number; timestamp: number; duration: number; key: boolean; data: ArrayBuffer }
  | { op: 'flush'; id: number; seq: number }
  | { op: 'reset'; id: number; discardBefore: number }
  | { op: 'close'; id: number }
  | { op: 'counts' }
  | { op: 'log-level'; level: number }
  /** Link a codec module into the core (js/codec_modules.ts); answered by 'module-loaded'. */
  | { op: 'load-module'; file: string; bytes: ArrayBuffer };

/** A decoded output whose planes (or an encoded chunk whose bytes) were copied into `data`;
 *  plane ptrs are offsets into it. */
export type WorkerOutput = CoreOutput & { data?: ArrayBuffer };

export type FromWorker =
  | { op: 'ready'; decoders: string[]; encoders: string[]; imageContainers: string[] }
  | { op: 'failed'; message: string }
  | { op: 'counts'; counts: LiveCounts }
  /** `error`: null, or why the module did not load; the core's codecs as after the load. */
  | { op: 'module-loaded'; file: string; error: string | null; decoders: string[]; encoders: string[] }
  /** `consumed`: how many control messages of this channel the core has taken so far. */
  | { op: 'outputs'; id: number; outputs: WorkerOutput[]; consumed: number };
