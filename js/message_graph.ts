/**
 * Walks over the values postMessage() and structuredClone() take (HTML "StructuredSerialize"):
 * finding this package's media objects in a message, copying a message with records in their
 * place, and putting revived objects back into a received one.
 *
 * Only what structured clone descends into is walked: arrays, plain objects (and class instances,
 * which clone as plain objects), Maps and Sets. ArrayBuffers, typed arrays, Dates, Blobs and other
 * platform objects are leaves, so a large buffer costs one check. Cycles and shared references are
 * followed once. Walks use an explicit stack, so deep messages do not exhaust the call stack.
 */

/** Builds the plain record a media object travels as (js/media_messages.ts mediaRecord). */
export type MediaRecorder = (media: object) => object;

/**
 * The record builders of this package's VideoFrame, AudioData and encoded chunk classes, by
 * prototype, shared by every copy of the package loaded in this realm (two bundles, a CDN copy
 * and an npm one) under a Symbol.for global, so that any copy's wrapper recognizes the others'
 * objects. A registry rather than a brand on the prototypes: the interfaces keep exactly the
 * members native ones have.
 */
const REGISTRY_KEY = Symbol.for('webcodecs-wasm.mediaRecorders');
const registry: WeakMap<object, MediaRecorder> = (() => {
  const holder = globalThis as { [REGISTRY_KEY]?: WeakMap<object, MediaRecorder> };
  if (!holder[REGISTRY_KEY]) Object.defineProperty(globalThis, REGISTRY_KEY, { value: new WeakMap() });
  return holder[REGISTRY_KEY]!;
})();

/** Registers a media class (its instances and subclasses' instances) with its record builder. */
export function registerMediaClass(prototype: object, recorder: MediaRecorder): void {
  registry.set(prototype, recorder);
}

/** The record builder of a media object of any copy of this package, or undefined. */
export function mediaRecorderOf(value: object): MediaRecorder | undefined {
  for (let proto = Object.getPrototypeOf(value); proto !== null; proto = Object.getPrototypeOf(proto)) {
    const recorder = registry.get(proto);
    if (recorder) return recorder;
  }
  return undefined;
}

type Shape = 'leaf' | 'media' | 'array' | 'object' | 'map' | 'set';

const objectToString = Object.prototype.toString;

/** What structured clone does with `value`, cheapest checks first. */
function shapeOf(value: unknown): Shape {
  if (typeof value !== 'object' || value === null) return 'leaf';
  if (Array.isArray(value)) return 'array';
  const proto = Object.getPrototypeOf(value);
  if (proto === Object.prototype || proto === null) return 'object';
  if (mediaRecorderOf(value)) return 'media';
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return 'leaf';
  switch (objectToString.call(value)) {
    case '[object Object]':
      return 'object';
    case '[object Map]':
      return hasSlot(Map.prototype.has, value) ? 'map' : 'object';
    case '[object Set]':
      return hasSlot(Set.prototype.has, value) ? 'set' : 'object';
    default:
      return 'leaf';
  }
}

/** Whether `value` really is a Map (or Set), of any realm, and not an object with a borrowed tag. */
function hasSlot(has: (key: unknown) => boolean, value: object): boolean {
  try {
    has.call(value, undefined);
    return true;
  } catch {
    return false;
  }
}

/** Calls `visit` for each value `container` holds (Map keys too), in structured clone's order. */
function forEachChild(container: object, shape: Shape, visit: (child: unknown) => void): void {
  if (shape === 'map') {
    for (const [key, value] of container as Map<unknown, unknown>) {
      visit(key);
      visit(value);
    }
  } else if (shape === 'set') {
    for (const value of container as Set<unknown>) visit(value);
  } else {
    // Own enumerable string keys, as structured clone reads them (array elements included).
    for (const key of Object.keys(container)) visit((container as Record<string, unknown>)[key]);
  }
}

/** Whether `value` holds a media object of this package anywhere structured clone would look. */
export function containsMedia(value: unknown): boolean {
  let shape = shapeOf(value);
  if (shape === 'leaf') return false;
  if (shape === 'media') return true;
  const seen = new Set<object>([value as object]);
  const stack: object[] = [value as object];
  let found = false;
  const visit = (child: unknown): void => {
    if (found || typeof child !== 'object' || child === null || seen.has(child)) return;
    const childShape = shapeOf(child);
    if (childShape === 'media') found = true;
    else if (childShape !== 'leaf') {
      seen.add(child);
      stack.push(child);
    }
  };
  while (stack.length > 0 && !found) {
    const container = stack.pop()!;
    shape = shapeOf(container);
    if (shape === 'array') {
      // Large arrays of numbers are common: index them without allocating their keys. (So named
      // properties of an array, which structured clone copies too, are not searched.)
      const array = container as unknown[];
      for (let i = 0; i < array.length && !found; i++) visit(array[i]);
    } else {
      forEachChild(container, shape, visit);
    }
  }
  return found;
}

/**
 * A copy of `value` in which every media object is replaced by `toRecord(object)`; containers are
 * copied (plain objects, arrays keeping their holes, Maps, Sets), leaves are shared. A media object
 * met twice gets one record, so the receiver gets one object twice, as with native objects.
 */
export function replaceMedia(value: unknown, toRecord: (media: object) => object): unknown {
  const copies = new Map<object, object>();
  const pending: Array<[object, object, Shape]> = [];
  const mapped = (original: unknown): unknown => {
    if (typeof original !== 'object' || original === null) return original;
    const known = copies.get(original);
    if (known !== undefined) return known;
    const shape = shapeOf(original);
    if (shape === 'leaf') return original;
    const copy =
      shape === 'media'
        ? toRecord(original as object)
        : shape === 'array'
          ? new Array((original as unknown[]).length)
          : shape === 'map'
            ? new Map()
            : shape === 'set'
              ? new Set()
              : {};
    copies.set(original, copy);
    if (shape !== 'media') pending.push([original, copy, shape]);
    return copy;
  };
  const result = mapped(value);
  while (pending.length > 0) {
    const [original, copy, shape] = pending.pop()!;
    if (shape === 'map') {
      for (const [key, item] of original as Map<unknown, unknown>) (copy as Map<unknown, unknown>).set(mapped(key), mapped(item));
    } else if (shape === 'set') {
      for (const item of original as Set<unknown>) (copy as Set<unknown>).add(mapped(item));
    } else {
      for (const key of Object.keys(original)) (copy as Record<string, unknown>)[key] = mapped((original as Record<string, unknown>)[key]);
    }
  }
  return result;
}

/**
 * Puts `revived.get(record)` in place of every record in a freshly received `graph` (which no one
 * else has seen, so it is changed in place; Maps and Sets are refilled to keep their order).
 * Returns the graph, or the revived object when the graph is a record itself.
 */
export function putBackMedia(graph: unknown, revived: Map<object, unknown>): unknown {
  if (typeof graph !== 'object' || graph === null) return graph;
  if (revived.has(graph)) return revived.get(graph);
  const swap = (item: unknown): unknown => (typeof item === 'object' && item !== null && revived.has(item) ? revived.get(item) : item);
  const seen = new Set<object>([graph]);
  const stack: object[] = [graph];
  const follow = (item: unknown): void => {
    if (typeof item === 'object' && item !== null && !revived.has(item) && !seen.has(item)) {
      seen.add(item);
      stack.push(item);
    }
  };
  while (stack.length > 0) {
    const container = stack.pop()!;
    const shape = shapeOf(container);
    if (shape === 'leaf' || shape === 'media') continue;
    if (shape === 'map') {
      const entries = [...(container as Map<unknown, unknown>)];
      (container as Map<unknown, unknown>).clear();
      for (const [key, item] of entries) {
        (container as Map<unknown, unknown>).set(swap(key), swap(item));
        follow(key);
        follow(item);
      }
    } else if (shape === 'set') {
      const items = [...(container as Set<unknown>)];
      (container as Set<unknown>).clear();
      for (const item of items) {
        (container as Set<unknown>).add(swap(item));
        follow(item);
      }
    } else {
      const record = container as Record<string, unknown>;
      for (const key of Object.keys(record)) {
        const item = record[key];
        if (typeof item !== 'object' || item === null) continue;
        if (revived.has(item)) record[key] = revived.get(item);
        else follow(item);
      }
    }
  }
  return graph;
}
