/** EncodedAudioChunk (WebCodecs §8.1). */
import { EncodedChunk, EncodedChunkInit, EncodedChunkType } from './encoded_chunk';

/** §8.1 EncodedAudioChunkType. */
export type EncodedAudioChunkType = EncodedChunkType;
/** §8.1 EncodedAudioChunkInit. */
export type EncodedAudioChunkInit = EncodedChunkInit;

/** §8.1 EncodedAudioChunk: one immutable chunk of encoded audio. */
export class EncodedAudioChunk extends EncodedChunk {
  /** §8.1.2 EncodedAudioChunk(init): copies `init.data`, detaches the buffers in `init.transfer`. */
  constructor(init: EncodedAudioChunkInit) {
    super(init, 'EncodedAudioChunk');
  }

  get [Symbol.toStringTag](): string {
    return 'EncodedAudioChunk';
  }
}
