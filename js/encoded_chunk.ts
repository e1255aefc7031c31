/**
 * The parts EncodedAudioChunk (§8.1) and EncodedVideoChunk (§8.2) share: the constructor steps,
 * the attributes and copyTo(). The two interfaces differ only in name and IDL types.
 */
import { bytesOf, checkTransferList, detachArrayBuffer } from './buffer_source';
import type { ChunkInput } from './transport/transport';
import { enforceLongLong, enforceUnsignedLongLong, requireMember, toDictionary, toEnum } from './webidl';

/** §8.1 EncodedAudioChunkType / §8.2 EncodedVideoChunkType. */
export type EncodedChunkType = 'key' | 'delta';

const CHUNK_TYPES: readonly EncodedChunkType[] = ['key', 'delta'];

/** §8.1 EncodedAudioChunkInit / §8.2 EncodedVideoChunkInit. */
export interface EncodedChunkInit {
  type: EncodedChunkType;
  timestamp: number;
  duration?: number;
  data: ArrayBuffer | SharedArrayBuffer | ArrayBufferView;
  transfer?: ArrayBuffer[];
}

const internalData = new WeakMap<EncodedChunk, Uint8Array>();

/**
 * What decode() hands to the core for `chunk`, which must be an instance of `expected` (WebIDL's
 * interface check, TypeError otherwise). A chunk of another WebCodecs implementation with the same
 * interface name (e.g. the native one saved aside by install()) is accepted and its bytes copied.
 */
export function chunkInput(chunk: unknown, expected: abstract new (...args: never[]) => EncodedChunk, interfaceName: string): ChunkInput {
  const c = chunk as EncodedChunk;
  let data = chunk instanceof expected ? internalData.get(c) : undefined;
  if (!data && !internalData.has(c) && Object.prototype.toString.call(chunk) === `[object ${interfaceName}]`) {
    data = new Uint8Array(c.byteLength);
    c.copyTo(data);
  }
  if (!data) throw new TypeError(`The provided value is not of type '${interfaceName}'.`);
  return { timestamp: c.timestamp, duration: c.duration, key: c.type === 'key', data };
}

/** Shared implementation of the two encoded chunk interfaces; not exposed on its own. */
export abstract class EncodedChunk {
  readonly #type: EncodedChunkType;
  readonly #timestamp: number;
  readonly #duration: number | null;

  /** §8.x.2 constructor steps 1–5, shared by both chunk interfaces. */
  protected constructor(init: EncodedChunkInit, interfaceName: string) {
    const dict = toDictionary(init, `${interfaceName}Init`);
    const initName = `${interfaceName}Init`;
    const data = requireMember(dict, 'data', initName);
    const duration = dict.duration === undefined ? null : enforceUnsignedLongLong(dict.duration, 'duration');
    const timestamp = enforceLongLong(requireMember(dict, 'timestamp', initName), 'timestamp');
    const type = toEnum(requireMember(dict, 'type', initName), CHUNK_TYPES, `${interfaceName}Type`);
    const view = bytesOf(data, 'data');
    // Steps 1–2: duplicate or detached transfer entries → DataCloneError.
    const transfer = checkTransferList(dict.transfer);
    this.#type = type;
    this.#timestamp = timestamp;
    this.#duration = duration;
    // Step 3.6: a copy of init.data becomes [[internal data]].
    internalData.set(this, view.slice());
    // Step 4: detach every transferred buffer.
    for (const buffer of transfer) detachArrayBuffer(buffer);
  }

  /** Whether the chunk is a key chunk ('key') or depends on earlier chunks ('delta'). */
  get type(): EncodedChunkType {
    return this.#type;
  }

  /** Presentation timestamp in microseconds. */
  get timestamp(): number {
    return this.#timestamp;
  }

  /** Presentation duration in microseconds, or null when not given. */
  get duration(): number | null {
    return this.#duration;
  }

  /** Byte length of the encoded data. */
  get byteLength(): number {
    return internalData.get(this)!.byteLength;
  }

  /** Copies the encoded data into `destination`; TypeError if it is too small (§8.x.5 copyTo()). */
  copyTo(destination: ArrayBuffer | SharedArrayBuffer | ArrayBufferView): void {
    const data = internalData.get(this)!;
    const target = bytesOf(destination, 'destination');
    if (data.byteLength > target.byteLength) {
      throw new TypeError('The destination buffer is smaller than the chunk.');
    }
    target.set(data);
  }
}
