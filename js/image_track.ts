/**
 * ImageTrackList and ImageTrack (WebCodecs §10.6, §10.7): the tracks an ImageDecoder found in
 * its bytes. Both are created only by ImageDecoder (their constructors throw, as the platform's
 * do); the decoder updates them through the functions below, which keep the internal slots out
 * of the public objects.
 */
import { defineInterfaceShape } from './webidl';

/** What a track's [[ImageDecoder]] does for the `selected` setter (§10.7.2 steps 1, 10–12). */
export interface ImageTrackOwner {
  /** [[closed]]. */
  closed: boolean;
  /** Steps 10–12: Reset ImageDecoder, then update the internal selected track index. */
  trackSelectionChanged(selectedIndex: number): void;
}

/** One track as Establish Tracks finds it. */
export interface ImageTrackInit {
  animated: boolean;
  frameCount: number;
  repetitionCount: number;
}

interface TrackSlots extends ImageTrackInit {
  owner: ImageTrackOwner;
  list: ImageTrackList;
  selected: boolean;
}

interface ListSlots {
  trackList: ImageTrack[];
  selectedIndex: number;
  ready: Promise<void>;
  resolveReady(): void;
  rejectReady(reason: unknown): void;
}

const trackSlots = new WeakMap<ImageTrack, TrackSlots>();
const listSlots = new WeakMap<ImageTrackList, ListSlots>();
/** Lets this module, and only it, construct the two interfaces. */
const constructing = Symbol('constructing');

function track(object: unknown): TrackSlots {
  const slots = trackSlots.get(object as ImageTrack);
  if (!slots) throw new TypeError('Illegal invocation: not an ImageTrack.');
  return slots;
}

function list(object: unknown): ListSlots {
  const slots = listSlots.get(object as ImageTrackList);
  if (!slots) throw new TypeError('Illegal invocation: not an ImageTrackList.');
  return slots;
}

/** §10.7 ImageTrack: one image track of an ImageDecoder's data. */
export class ImageTrack {
  constructor(token?: unknown, slots?: TrackSlots) {
    if (token !== constructing || !slots) throw new TypeError('Illegal constructor');
    trackSlots.set(this, slots);
  }

  /** Whether the track is an animation (its frameCount may still grow). */
  get animated(): boolean {
    return track(this).animated;
  }

  /** The frames whose bytes have arrived. */
  get frameCount(): number {
    return track(this).frameCount;
  }

  /** How often the animation repeats; Infinity = forever. */
  get repetitionCount(): number {
    return track(this).repetitionCount;
  }

  get selected(): boolean {
    return track(this).selected;
  }

  /** §10.7.2 the `selected` setter steps. */
  set selected(value: boolean) {
    const slots = track(this);
    if (slots.owner.closed) return;
    const newValue = Boolean(value);
    if (newValue === slots.selected) return;
    slots.selected = newValue;
    const parent = list(slots.list);
    if (parent.selectedIndex !== -1) {
      const old = parent.trackList[parent.selectedIndex];
      if (old !== this) trackSlots.get(old)!.selected = false;
    }
    const selectedIndex = newValue ? parent.trackList.indexOf(this) : -1;
    parent.selectedIndex = selectedIndex;
    slots.owner.trackSelectionChanged(selectedIndex);
  }
}
defineInterfaceShape(ImageTrack, 'ImageTrack');

/** §10.6 ImageTrackList: the tracks, the selected one, and a promise for when they are known. */
export class ImageTrackList {
  // An indexed getter (`tracks[0]`): own index properties, redefined whenever the list changes.
  [index: number]: ImageTrack;

  constructor(token?: unknown) {
    if (token !== constructing) throw new TypeError('Illegal constructor');
    let resolveReady!: () => void;
    let rejectReady!: (reason: unknown) => void;
    const ready = new Promise<void>((resolve, reject) => {
      resolveReady = resolve;
      rejectReady = reject;
    });
    // A page that never awaits `ready` must not see an unhandled rejection when it is closed.
    ready.catch(() => {});
    listSlots.set(this, { trackList: [], selectedIndex: -1, ready, resolveReady, rejectReady });
  }

  /** Resolves once the tracks are established. */
  get ready(): Promise<void> {
    return list(this).ready;
  }

  get length(): number {
    return list(this).trackList.length;
  }

  /** The selected track's index; -1 when none is. */
  get selectedIndex(): number {
    return list(this).selectedIndex;
  }

  get selectedTrack(): ImageTrack | null {
    const slots = list(this);
    return slots.selectedIndex === -1 ? null : slots.trackList[slots.selectedIndex];
  }
}
defineInterfaceShape(ImageTrackList, 'ImageTrackList');

/** A new, empty ImageTrackList for an ImageDecoder (constructor step 8). */
export function createImageTrackList(): ImageTrackList {
  return new ImageTrackList(constructing);
}

function setTrackList(tracks: ImageTrackList, trackList: ImageTrack[], selectedIndex: number): void {
  const slots = list(tracks);
  for (let i = 0; i < slots.trackList.length; ++i) delete tracks[i];
  slots.trackList = trackList;
  slots.selectedIndex = selectedIndex;
  trackList.forEach((t, i) => {
    Object.defineProperty(tracks, i, { get: () => list(tracks).trackList[i], enumerable: true, configurable: true });
  });
}

/**
 * Establish Tracks steps 4–11 (§10.2.5) once the tracks are known: the new tracks, the selected
 * one, and `ready` resolved. Runs in the task the algorithm queues.
 */
export function establishTracks(
  tracks: ImageTrackList,
  owner: ImageTrackOwner,
  found: ImageTrackInit[],
  selectedIndex: number,
): void {
  const trackList = found.map(
    (init, i) => new ImageTrack(constructing, { ...init, owner, list: tracks, selected: i === selectedIndex }),
  );
  setTrackList(tracks, trackList, selectedIndex);
  list(tracks).resolveReady();
}

/**
 * Update Tracks (§10.2.5) step 6: what a track's data says now. Its frame count grows as bytes
 * arrive; native Chromium also gives an AVIF's image sequence its repetitionCount only once that
 * track is first selected (measured), hence both.
 */
export function updateTrack(
  tracks: ImageTrackList,
  index: number,
  update: Pick<ImageTrackInit, 'frameCount' | 'repetitionCount'>,
): void {
  const t = list(tracks).trackList[index];
  if (!t) return;
  const slots = track(t);
  slots.frameCount = update.frameCount;
  slots.repetitionCount = update.repetitionCount;
}

/** Close ImageDecoder step 4: `ready` rejects if the tracks were never established, else they go. */
export function closeTracks(tracks: ImageTrackList, exception: unknown): void {
  const slots = list(tracks);
  if (slots.trackList.length === 0) {
    slots.rejectReady(exception);
    return;
  }
  setTrackList(tracks, [], -1);
}
