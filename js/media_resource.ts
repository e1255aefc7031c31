/**
 * Media resources and their references (WebCodecs §9.1 "Memory Model"): a VideoFrame or AudioData
 * holds one reference; clone() adds one; close() drops it; the pixels or samples are released when
 * the last reference goes. References dropped without close() are released by garbage collection,
 * with one console warning per interface, as browsers warn.
 */
import type { FrameBuffer, PlaneRef } from './transport/transport';

/** A refcounted FrameBuffer shared by every VideoFrame/AudioData that references it. */
export class MediaResource {
  #buffer: FrameBuffer | null;
  #refs = 0;

  constructor(buffer: FrameBuffer) {
    this.#buffer = buffer;
  }

  /** The planes of the buffer. */
  get planes(): ReadonlyArray<PlaneRef> {
    return this.#buffer!.planes;
  }

  /** FrameBuffer.coreHandle: the core's frame the buffer is, where an encoder can take it. */
  get coreHandle(): number | undefined {
    return this.#buffer?.coreHandle;
  }

  /** The bytes of the buffer; take them again after anything that may grow wasm memory. */
  bytes(): Uint8Array {
    return this.#buffer!.bytes();
  }

  addRef(): void {
    this.#refs++;
  }

  release(): void {
    if (--this.#refs > 0 || !this.#buffer) return;
    const buffer = this.#buffer;
    this.#buffer = null;
    buffer.release();
  }
}

/** A FrameBuffer whose bytes JavaScript owns (frames and audio built by the public constructors). */
export function ownedFrameBuffer(bytes: Uint8Array, planes: PlaneRef[]): FrameBuffer {
  let data: Uint8Array | null = bytes;
  return {
    planes,
    bytes: () => data ?? new Uint8Array(0),
    release: () => {
      data = null;
    },
  };
}

const warned = new Set<string>();

interface Held {
  resource: MediaResource;
  interfaceName: string;
}

const registry =
  typeof FinalizationRegistry === 'function'
    ? new FinalizationRegistry<Held>(({ resource, interfaceName }) => {
        if (!warned.has(interfaceName)) {
          warned.add(interfaceName);
          console.warn(
            `A ${interfaceName} was garbage collected without being closed. Applications should call close() ` +
              `on ${interfaceName}s when done with them to prevent stalls.`,
          );
        }
        resource.release();
      })
    : null;

/** Takes a reference to `resource` on behalf of `owner`; released by dropReference() or by GC. */
export function takeReference(owner: object, resource: MediaResource, interfaceName: string): void {
  resource.addRef();
  registry?.register(owner, { resource, interfaceName }, owner);
}

/** Releases the reference `owner` took (the "Close VideoFrame"/"Close AudioData" step). */
export function dropReference(owner: object, resource: MediaResource): void {
  registry?.unregister(owner);
  resource.release();
}
