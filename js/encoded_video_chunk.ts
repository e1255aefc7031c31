/** EncodedVideoChunk (WebCodecs §8.2). */
import { EncodedChunk, EncodedChunkInit, EncodedChunkType } from './encoded_chunk';

/** §8.2 EncodedVideoChunkType. */
export type EncodedVideoChunkType = EncodedChunkType;
/** §8.2 EncodedVideoChunkInit. */
export type EncodedVideoChunkInit = EncodedChunkInit;

/** §8.2 EncodedVideoChunk: one immutable chunk of encoded video (a frame's bitstream). */
export class EncodedVideoChunk extends EncodedChunk {
  /** §8.2.2 EncodedVideoChunk(init): copies `init.data`, detaches the buffers in `init.transfer`. */
  constructor(init: EncodedVideoChunkInit) {
    super(init, 'EncodedVideoChunk');
  }

  get [Symbol.toStringTag](): string {
    return 'EncodedVideoChunk';
  }
}
