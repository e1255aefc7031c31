/**
 * BufferSource / AllowSharedBufferSource handling: views, detached checks, copies and the
 * `transfer` member's DetachArrayBuffer (WebCodecs §9 "transfer", ECMA-262 DetachArrayBuffer).
 */

/** What the API accepts for `BufferSource` / `AllowSharedBufferSource`. */
export type BufferSourceLike = ArrayBuffer | SharedArrayBuffer | ArrayBufferView;

function isArrayBufferLike(value: unknown): value is ArrayBuffer | SharedArrayBuffer {
  if (value instanceof ArrayBuffer) return true;
  return typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer;
}

/** Whether `value` is a BufferSource (an ArrayBuffer, SharedArrayBuffer or ArrayBufferView). */
export function isBufferSource(value: unknown): value is BufferSourceLike {
  return isArrayBufferLike(value) || ArrayBuffer.isView(value);
}

/** Whether the ArrayBuffer is detached (a view over a detached buffer cannot be constructed). */
export function isDetached(buffer: ArrayBuffer | SharedArrayBuffer): boolean {
  const flag = (buffer as { detached?: boolean }).detached;
  if (typeof flag === 'boolean') return flag;
  try {
    new Uint8Array(buffer, 0, 0);
    return false;
  } catch {
    return true;
  }
}

/** Whether the BufferSource's underlying buffer is detached. */
export function isSourceDetached(source: BufferSourceLike): boolean {
  return isDetached(isArrayBufferLike(source) ? source : source.buffer);
}

/** A Uint8Array over the bytes of `source` (no copy); throws TypeError if it is not a BufferSource. */
export function bytesOf(source: unknown, what: string): Uint8Array {
  if (isArrayBufferLike(source)) return new Uint8Array(source);
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer, source.byteOffset, source.byteLength);
  throw new TypeError(`${what} is not an ArrayBuffer or ArrayBufferView.`);
}

/**
 * Like bytesOf(), but a detached buffer (or a view over one) gives an empty array: WebIDL converts
 * it to a BufferSource like any other, with a byte length of 0.
 */
export function bytesOfPossiblyDetached(source: unknown, what: string): Uint8Array {
  if (isBufferSource(source) && isSourceDetached(source)) return new Uint8Array(0);
  return bytesOf(source, what);
}

/** A copy of the bytes of `source` in a new ArrayBuffer. */
export function copyBytes(source: unknown, what: string): Uint8Array {
  return bytesOf(source, what).slice();
}

/** Detaches an ArrayBuffer (ECMA-262 DetachArrayBuffer), as a transfer does. */
export function detachArrayBuffer(buffer: ArrayBuffer): void {
  const withTransfer = buffer as ArrayBuffer & { transfer?: () => ArrayBuffer };
  if (typeof withTransfer.transfer === 'function') {
    withTransfer.transfer();
    return;
  }
  structuredClone(buffer, { transfer: [buffer] });
}

/** The WebIDL conversion of a `sequence<ArrayBuffer>` member: undefined is an empty list. */
export function toArrayBufferSequence(value: unknown, what: string): ArrayBuffer[] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || !(Symbol.iterator in value)) {
    throw new TypeError(`The '${what}' member is not a sequence.`);
  }
  const list = Array.from(value as Iterable<unknown>);
  for (const item of list) {
    if (!(item instanceof ArrayBuffer)) throw new TypeError(`The '${what}' member must contain ArrayBuffers.`);
  }
  return list as ArrayBuffer[];
}

/**
 * The checks before a transfer (WebCodecs: "contains more than one reference to the same
 * ArrayBuffer" or "[[Detached]]" → DataCloneError).
 */
export function checkTransferable(buffers: readonly ArrayBuffer[]): void {
  if (new Set(buffers).size !== buffers.length) {
    throw new DOMException('The transfer list contains the same ArrayBuffer more than once.', 'DataCloneError');
  }
  for (const buffer of buffers) {
    if (isDetached(buffer)) throw new DOMException('An ArrayBuffer in the transfer list is detached.', 'DataCloneError');
  }
}

/** Converts a `transfer` member and checks it (both steps above); returns it as a list. */
export function checkTransferList(transfer: unknown): ArrayBuffer[] {
  const buffers = toArrayBufferSequence(transfer, 'transfer');
  checkTransferable(buffers);
  return buffers;
}
