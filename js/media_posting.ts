/**
 * postMessage() and structuredClone() for this package's VideoFrame, AudioData and encoded chunks,
 * as the platform does for native ones (WebCodecs: [Serializable]; frames and audio also
 * [Transferable]). install() calls installMediaPosting() in each realm where it installs them.
 *
 * Sending: the posting methods of Worker, MessagePort, BroadcastChannel and the dedicated worker
 * scope, and structuredClone(), are wrapped. A message whose graph and transfer list hold none of
 * this package's objects goes to the platform's method with its arguments as given, after one walk
 * of the graph (js/message_graph.ts). Otherwise the message is posted as a MediaEnvelope: a copy
 * with a record (js/media_messages.ts) for each media object, whose bytes are copied once and moved
 * by transfer; frames and audio in the transfer list are closed once the platform has accepted the
 * message (VideoFrame/AudioData "transfer steps").
 *
 * Window postMessage() is not wrapped: a window's postMessage is called by other windows' code
 * (`iframe.contentWindow.postMessage()`, `parent.postMessage()`), and a wrapper defined in the
 * receiving window would become the "incumbent" realm, so every message's `event.source` would
 * name the receiving window instead of the sender (cross-origin callers bypass wrappers anyway).
 * Windows and iframes exchange media objects over a MessageChannel instead.
 *
 * Receiving: the `data` getter of MessageEvent.prototype revives an envelope once per event and
 * keeps the result, so `onmessage`, addEventListener('message') and BroadcastChannel listeners see
 * the objects; any other `data` costs one property read.
 *
 * Storing: IndexedDB and history state throw DataCloneError for media objects, as native ones
 * throw when serialized "for storage".
 */
import { ENVELOPE_KEY, isMediaEnvelope, MediaEnvelope, MediaMessage, reviveMedia } from './media_messages';
import { containsMedia, mediaRecorderOf, replaceMedia } from './message_graph';

/** Where a posting method takes its transfer list. */
type TransferForm =
  /** (message): BroadcastChannel. */
  | 'none'
  /** (message, transfer) or (message, {transfer}): Worker, MessagePort, worker scope. */
  | 'list-or-options'
  /** (value, {transfer}): structuredClone. */
  | 'options';

/** The transfer list in `args`: its argument index, and whether it is a dictionary's member. */
function transferPlace(args: unknown[], form: TransferForm): { index: number; inOptions: boolean } | null {
  if (form === 'none') return null;
  if (form === 'options') return { index: 1, inOptions: true };
  const second = args[1];
  if (second === undefined || second === null) return { index: 1, inOptions: true };
  // WebIDL overload resolution: an iterable object is the sequence, anything else the dictionary.
  const iterable = typeof (second as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
  return { index: 1, inOptions: !iterable };
}

/**
 * The transfer list in `args`, as an array. A list given as another iterable is read here; it then
 * replaces the iterable in `args`, since a one-shot iterator cannot be read again by the platform.
 */
function readTransfer(args: unknown[], place: { index: number; inOptions: boolean } | null): unknown[] | undefined {
  if (!place) return undefined;
  const arg = args[place.index];
  const list = place.inOptions ? (arg as { transfer?: unknown } | null | undefined)?.transfer : arg;
  if (list === undefined || list === null || Array.isArray(list)) return list as unknown[] | undefined;
  const array = Array.from(list as Iterable<unknown>);
  args[place.index] = place.inOptions ? { ...(arg as object), transfer: array } : array;
  return array;
}

function isMediaObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && mediaRecorderOf(value) !== undefined;
}

const interfaceName = (value: object): string => Object.prototype.toString.call(value).slice(8, -1);

/** A message ready for the platform's method: the envelope, its transfer list, what to close. */
interface PreparedMessage {
  envelope: MediaEnvelope;
  transfer: unknown[];
  transferredMedia: Array<{ close(): void }>;
}

/**
 * Null when neither the message nor the transfer list holds media objects of this package (the
 * arguments then go to the platform unchanged); otherwise the envelope to post instead. Throws
 * DataCloneError, before anything is posted or closed, for a closed frame or audio in the message,
 * an encoded chunk in the transfer list (not Transferable) and a media object listed twice.
 */
function prepareMessage(message: unknown, transfer: unknown[] | undefined): PreparedMessage | null {
  const transferHasMedia = transfer !== undefined && transfer.some(isMediaObject);
  if (!transferHasMedia && !containsMedia(message)) return null;
  const platformTransfer: unknown[] = [];
  const transferredMedia: Array<{ close(): void }> = [];
  const listed = new Set<unknown>();
  transfer?.forEach((item, index) => {
    if (!isMediaObject(item)) {
      platformTransfer.push(item);
      return;
    }
    const name = interfaceName(item);
    if (name !== 'VideoFrame' && name !== 'AudioData') {
      throw new DOMException(`Value at index ${index} does not have a transferable type.`, 'DataCloneError');
    }
    if (listed.has(item)) throw new DOMException(`${name} at index ${index} is a duplicate of an earlier ${name}.`, 'DataCloneError');
    listed.add(item);
    transferredMedia.push(item as unknown as { close(): void });
  });
  const records: MediaMessage[] = [];
  const copy = replaceMedia(message, (media) => {
    const record = mediaRecorderOf(media)!(media) as MediaMessage;
    records.push(record);
    // The copy is this message's own: moving it is free whether the object is cloned or transferred.
    platformTransfer.push(record.data);
    return record;
  });
  return { envelope: { [ENVELOPE_KEY]: records, message: copy }, transfer: platformTransfer, transferredMedia };
}

/** `args` with the envelope as message and `transfer` as the transfer list. */
function withEnvelope(args: unknown[], place: { index: number; inOptions: boolean } | null, prepared: PreparedMessage): unknown[] {
  const out = [...args];
  out[0] = prepared.envelope;
  if (place) {
    out.length = Math.max(out.length, place.index + 1);
    out[place.index] = place.inOptions ? { ...(args[place.index] as object | undefined), transfer: prepared.transfer } : prepared.transfer;
  }
  return out;
}

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

/**
 * Replaces the method `name` found on `target` or its prototype chain (where it is defined) with
 * `make(original)`, keeping its name, length and property attributes.
 */
function wrapMethod(target: object | undefined, name: string, make: (original: AnyFunction) => AnyFunction): void {
  let owner = target;
  while (owner && !Object.prototype.hasOwnProperty.call(owner, name)) owner = Object.getPrototypeOf(owner);
  if (!owner) return;
  const descriptor = Object.getOwnPropertyDescriptor(owner, name)!;
  const original = descriptor.value;
  if (typeof original !== 'function' || (!descriptor.configurable && !descriptor.writable)) return;
  const wrapper = make(original);
  Object.defineProperty(wrapper, 'name', { value: original.name });
  Object.defineProperty(wrapper, 'length', { value: original.length });
  if (descriptor.configurable) Object.defineProperty(owner, name, { ...descriptor, value: wrapper });
  else (owner as Record<string, unknown>)[name] = wrapper;
}

/** Wraps a posting method so that media objects of this package go through it as envelopes. */
function wrapPosting(target: object | undefined, form: TransferForm): void {
  wrapMethod(target, 'postMessage', (original) =>
    function postMessage(this: unknown, ...args: unknown[]) {
      const place = transferPlace(args, form);
      const prepared = prepareMessage(args[0], readTransfer(args, place));
      if (!prepared) return Reflect.apply(original, this, args);
      const result = Reflect.apply(original, this, withEnvelope(args, place, prepared));
      for (const media of prepared.transferredMedia) media.close();
      return result;
    },
  );
}

function wrapStructuredClone(): void {
  wrapMethod(globalThis, 'structuredClone', (original) =>
    function structuredClone(this: unknown, ...args: unknown[]) {
      const place = transferPlace(args, 'options');
      const prepared = prepareMessage(args[0], readTransfer(args, place));
      if (!prepared) return Reflect.apply(original, this, args);
      const clone = Reflect.apply(original, this, withEnvelope(args, place, prepared));
      for (const media of prepared.transferredMedia) media.close();
      return reviveMedia(clone as MediaEnvelope);
    },
  );
}

/**
 * Makes a method that serializes `args[valueIndex]` "for storage" throw DataCloneError when the
 * value holds media objects. The platform's method still runs, with a symbol (never serializable)
 * in place of the value, so that its own earlier checks (an inactive or read-only transaction,
 * an invalid key) throw first, as they do for native media objects.
 */
function wrapStorage(target: object | undefined, name: string, valueIndex: number): void {
  wrapMethod(target, name, (original) =>
    function (this: unknown, ...args: unknown[]) {
      if (!containsMedia(args[valueIndex])) return Reflect.apply(original, this, args);
      const standIn = [...args];
      standIn[valueIndex] = Symbol('media object');
      try {
        Reflect.apply(original, this, standIn);
      } catch (e) {
        if (!(e instanceof DOMException && e.name === 'DataCloneError')) throw e;
      }
      throw new DOMException('VideoFrame, AudioData and encoded chunks cannot be serialized for storage.', 'DataCloneError');
    },
  );
}

/** Makes MessageEvent `data` hold revived media objects: revived on first read, then kept. */
function reviveMessageEventData(): void {
  const proto = (globalThis as { MessageEvent?: { prototype: object } }).MessageEvent?.prototype;
  const descriptor = proto && Object.getOwnPropertyDescriptor(proto, 'data');
  const get = descriptor?.get;
  if (!proto || !get || !descriptor.configurable) return;
  const revived = new WeakMap<object, unknown>();
  const data = function (this: object): unknown {
    const value = get.call(this);
    if (!isMediaEnvelope(value)) return value;
    if (!revived.has(this)) revived.set(this, reviveMedia(value));
    return revived.get(this);
  };
  Object.defineProperty(data, 'name', { value: get.name });
  Object.defineProperty(proto, 'data', { ...descriptor, get: data });
}

let installed = false;

/**
 * Makes postMessage() (to and from dedicated workers, through MessagePorts and BroadcastChannels;
 * not Window postMessage, see above) and structuredClone() carry this package's VideoFrame,
 * AudioData, EncodedVideoChunk and EncodedAudioChunk, and IndexedDB and history state refuse them,
 * in this realm. The receiving realm needs it too (install() there). Once per realm.
 */
export function installMediaPosting(): void {
  if (installed) return;
  installed = true;
  const global = globalThis as unknown as Record<string, { prototype: object } | undefined>;
  wrapPosting(global.Worker?.prototype, 'list-or-options');
  wrapPosting(global.MessagePort?.prototype, 'list-or-options');
  wrapPosting(global.BroadcastChannel?.prototype, 'none');
  // A dedicated worker's postMessage (to its owner) is on its global scope ([Global]).
  if (typeof global.DedicatedWorkerGlobalScope === 'function') wrapPosting(globalThis, 'list-or-options');
  wrapStructuredClone();
  wrapStorage(global.IDBObjectStore?.prototype, 'put', 0);
  wrapStorage(global.IDBObjectStore?.prototype, 'add', 0);
  wrapStorage(global.IDBCursor?.prototype, 'update', 0);
  wrapStorage(global.History?.prototype, 'pushState', 0);
  wrapStorage(global.History?.prototype, 'replaceState', 0);
  reviveMessageEventData();
}
