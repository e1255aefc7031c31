// ImageDecoder scenarios (image_decoder.test.mjs): each runs on ctx.api (the polyfill, or the
// browser's own classes with impl: 'native') and reports what a page sees, so the test can
// compare the two, and both with the browser's own image decoding (createImageBitmap).

const IMAGES = 'images/';

async function imageBytes(ctx, file) {
  return new Uint8Array(await ctx.load(IMAGES + file));
}

function toBase64(bytes) {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

/** What a decoded frame shows: its attributes and its bytes as copyTo() gives them. */
async function frameReport(frame) {
  const bytes = new Uint8Array(frame.allocationSize());
  const layout = await frame.copyTo(bytes);
  return {
    format: frame.format,
    codedWidth: frame.codedWidth,
    codedHeight: frame.codedHeight,
    displayWidth: frame.displayWidth,
    displayHeight: frame.displayHeight,
    visibleRect: { x: frame.visibleRect.x, y: frame.visibleRect.y, width: frame.visibleRect.width, height: frame.visibleRect.height },
    timestamp: frame.timestamp,
    duration: frame.duration,
    colorSpace: frame.colorSpace.toJSON(),
    rotation: frame.rotation ?? 0,
    flip: frame.flip ?? false,
    layout: layout.map((p) => ({ offset: p.offset, stride: p.stride })),
    bytes: toBase64(bytes),
  };
}

function trackReport(track) {
  return track && { animated: track.animated, frameCount: track.frameCount, repetitionCount: String(track.repetitionCount), selected: track.selected };
}

/** Decodes every frame of `file` from a buffer, or from a stream of `piece`-byte chunks. */
export async function decodeImage(ctx, { file, type, piece = 0, init = {} }) {
  const bytes = await imageBytes(ctx, file);
  let data = bytes;
  if (piece > 0) {
    let at = 0;
    data = new ReadableStream({
      pull(controller) {
        if (at >= bytes.length) {
          controller.close();
          return;
        }
        controller.enqueue(bytes.slice(at, at + piece));
        at += piece;
      },
    });
  }
  const decoder = new ctx.api.ImageDecoder({ type, data, ...init });
  await decoder.tracks.ready;
  await decoder.completed;
  const track = decoder.tracks.selectedTrack;
  // Frame by frame until the decoder says there is none (RangeError): `frameCount` may still be
  // catching up with the last bytes of a stream when `completed` resolves.
  const frames = [];
  for (let i = 0; ; ++i) {
    let result;
    try {
      result = await decoder.decode({ frameIndex: i });
    } catch (e) {
      if (e instanceof RangeError) break;
      throw e;
    }
    frames.push({ complete: result.complete, ...(await frameReport(result.image)) });
    result.image.close();
  }
  const report = {
    type: decoder.type,
    complete: decoder.complete,
    tracks: { length: decoder.tracks.length, selectedIndex: decoder.tracks.selectedIndex, selected: trackReport(track) },
    frames,
  };
  decoder.close();
  return report;
}

/**
 * The first frame drawn the way pages draw it (drawImage of the VideoFrame), and the browser's
 * own decode of the file (createImageBitmap, EXIF orientation applied), both as RGBA.
 */
export async function imageAgainstBitmap(ctx, { file, type }) {
  const bytes = await imageBytes(ctx, file);
  const decoder = new ctx.api.ImageDecoder({ type, data: bytes });
  const { image } = await decoder.decode();
  const draw = (source, width, height) => {
    const canvas = new OffscreenCanvas(width, height);
    const g = canvas.getContext('2d');
    g.drawImage(source, 0, 0, width, height);
    return g.getImageData(0, 0, width, height).data;
  };
  const bitmap = await createImageBitmap(new Blob([bytes], { type }));
  const ours = draw(image, image.displayWidth, image.displayHeight);
  const theirs = draw(bitmap, bitmap.width, bitmap.height);
  const result = {
    ours: { format: image.format, width: image.displayWidth, height: image.displayHeight, rgba: toBase64(new Uint8Array(ours.buffer)) },
    bitmap: { width: bitmap.width, height: bitmap.height, rgba: toBase64(new Uint8Array(theirs.buffer)) },
  };
  image.close();
  bitmap.close();
  decoder.close();
  return result;
}

/** Outcome of a promise: its value's kind, or the error's name. */
async function outcome(promise, describe = () => 'resolved') {
  try {
    return describe(await promise);
  } catch (e) {
    return e?.name ?? String(e);
  }
}

function thrown(fn) {
  try {
    fn();
    return 'no exception';
  } catch (e) {
    return e?.name ?? String(e);
  }
}

/** The API's behaviour around errors and state, as outcomes a test can compare with native's. */
export async function imageDecoderBehaviour(ctx) {
  const { ImageDecoder } = ctx.api;
  const gif = await imageBytes(ctx, 'anim.gif');
  const r = {};
  const closeFrame = (result) => {
    result.image.close();
    return `frame at ${result.image.timestamp}`;
  };
  r.interfaces = ['ImageDecoder', 'ImageTrack', 'ImageTrackList'].map((n) => typeof ctx.api[n] === 'function' || typeof globalThis[n] === 'function');
  r.trackConstructor = thrown(() => new (Object.getPrototypeOf(new ImageDecoder({ type: 'image/gif', data: gif }).tracks).constructor)());
  r.noInit = thrown(() => new ImageDecoder());
  r.noData = thrown(() => new ImageDecoder({ type: 'image/gif' }));
  r.noType = thrown(() => new ImageDecoder({ data: gif }));
  r.emptyData = thrown(() => new ImageDecoder({ type: 'image/gif', data: new Uint8Array(0) }));
  r.badColorSpaceConversion = thrown(() => new ImageDecoder({ type: 'image/gif', data: gif, colorSpaceConversion: 'srgb' }));
  r.lockedStream = thrown(() => {
    const s = new ReadableStream();
    s.getReader();
    return new ImageDecoder({ type: 'image/gif', data: s });
  });
  const detached = gif.slice().buffer;
  structuredClone(detached, { transfer: [detached] });
  r.detachedData = thrown(() => new ImageDecoder({ type: 'image/gif', data: detached }));
  r.detachedInTransfer = thrown(() => new ImageDecoder({ type: 'image/gif', data: gif, transfer: [detached] }));
  const twice = gif.slice().buffer;
  r.duplicateTransfer = thrown(() => new ImageDecoder({ type: 'image/gif', data: twice, transfer: [twice, twice] }));
  const moved = gif.slice().buffer;
  const fromMoved = new ImageDecoder({ type: 'image/gif', data: moved, transfer: [moved] });
  r.transferDetaches = moved.byteLength;
  r.transferredDecodes = await outcome(fromMoved.decode({ frameIndex: 5 }), closeFrame);

  const unsupported = new ImageDecoder({ type: 'image/x-icon', data: gif });
  r.unsupportedDecode = await outcome(unsupported.decode());
  r.unsupportedReady = await outcome(unsupported.tracks.ready);
  r.notImageType = await outcome(new ImageDecoder({ type: 'text/plain', data: gif }).tracks.ready);
  r.typeWithParameters = await outcome(new ImageDecoder({ type: 'image/gif; x=y', data: gif }).tracks.ready);
  r.isTypeSupported = await Promise.all(
    ['image/gif', 'image/png', 'image/apng', 'image/jpeg', 'image/jpg', 'image/bmp', 'image/x-icon', 'image/svg+xml', 'text/plain', 'image/png;x=y', 'IMAGE/PNG']
      .map((t) => ImageDecoder.isTypeSupported(t)),
  );

  const d = new ImageDecoder({ type: 'image/gif', data: gif });
  r.beforeReady = { complete: d.complete, length: d.tracks.length, selectedIndex: d.tracks.selectedIndex, selectedTrack: d.tracks.selectedTrack };
  r.decodeBeforeReady = await outcome(d.decode({ frameIndex: 2 }), closeFrame);
  r.afterReady = { length: d.tracks.length, selectedIndex: d.tracks.selectedIndex, track: trackReport(d.tracks[0]), same: d.tracks[0] === d.tracks.selectedTrack };
  r.pastTheEnd = await outcome(d.decode({ frameIndex: 6 }));
  r.badFrameIndex = await outcome(d.decode({ frameIndex: -1 }));
  r.stillOpen = await outcome(d.decode({ frameIndex: 1 }), closeFrame);
  const pending = d.decode({ frameIndex: 4 });
  d.reset();
  r.resetRejects = await outcome(pending);
  r.afterReset = await outcome(d.decode({ frameIndex: 3 }), closeFrame);
  d.tracks[0].selected = false;
  r.unselected = { selectedIndex: d.tracks.selectedIndex, selected: d.tracks[0].selected, decode: await outcome(d.decode()) };
  d.tracks[0].selected = true;
  r.reselected = await outcome(d.decode({ frameIndex: 5 }), closeFrame);
  const beforeClose = d.decode({ frameIndex: 0 });
  d.close();
  r.closeRejects = await outcome(beforeClose);
  r.afterClose = { decode: await outcome(d.decode()), length: d.tracks.length, selectedIndex: d.tracks.selectedIndex, complete: d.complete };
  r.resetAfterClose = thrown(() => d.reset());
  r.closeTwice = thrown(() => d.close());

  const early = new ImageDecoder({ type: 'image/gif', data: gif });
  const earlyReady = early.tracks.ready;
  early.close();
  r.closedBeforeReady = await outcome(earlyReady);

  const garbage = new ImageDecoder({ type: 'image/png', data: new Uint8Array(100).fill(7) });
  r.garbage = { ready: await outcome(garbage.tracks.ready), decode: await outcome(garbage.decode()) };
  const header = new ImageDecoder({ type: 'image/gif', data: gif.slice(0, 8) });
  r.truncatedHeader = await outcome(header.tracks.ready);
  // Cut inside the last frame: the frames before it decode. (What the cut frame gives differs:
  // native counts it and answers RangeError or EncodingError; see the README.)
  const cut = new ImageDecoder({ type: 'image/gif', data: gif.slice(0, gif.length - 40) });
  await cut.tracks.ready;
  r.truncated = { first: await outcome(cut.decode({ frameIndex: 0 }), closeFrame) };

  // A stream: complete and frameCount follow the bytes; a decode waits for its frame.
  let controller;
  const stream = new ReadableStream({ start: (c) => { controller = c; } });
  const s = new ImageDecoder({ type: 'image/gif', data: stream });
  r.streamStart = { complete: s.complete, length: s.tracks.length };
  const waiting = s.decode({ frameIndex: 5 });
  controller.enqueue(gif.slice(0, 1500));
  await s.tracks.ready;
  const partialCount = s.tracks[0].frameCount;
  controller.enqueue(gif.slice(1500));
  controller.close();
  await s.completed;
  r.stream = { partialCountBelow6: partialCount < 6, complete: s.complete, waiting: await outcome(waiting, closeFrame) };
  // Decodes are answered in the order they were made: one waiting for its bytes holds back a
  // later one for a frame already here; a change of track aborts both.
  let feed;
  const s2 = new ImageDecoder({ type: 'image/gif', data: new ReadableStream({ start: (c) => { feed = c; } }) });
  feed.enqueue(gif.slice(0, 1500));
  await s2.tracks.ready;
  const order = [];
  const late = s2.decode({ frameIndex: 5 }).then(closeFrame, (e) => e.name).then((x) => order.push(['late', x]));
  const early2 = s2.decode({ frameIndex: 0 }).then(closeFrame, (e) => e.name).then((x) => order.push(['early', x]));
  await new Promise((resolve) => setTimeout(resolve, 50));
  r.heldBack = order.length;
  s2.tracks.selectedTrack.selected = false;
  await Promise.all([late, early2]);
  r.abortedByTrackChange = order;
  s2.close();
  await new Promise((resolve) => setTimeout(resolve, 50));
  r.streamFinalCount = s.tracks[0].frameCount;
  s.close();
  // Close cancels the stream it reads: its source can no longer enqueue.
  let source;
  const fed = new ImageDecoder({ type: 'image/gif', data: new ReadableStream({ start: (c) => { source = c; } }) });
  source.enqueue(gif.slice(0, 1500));
  await fed.tracks.ready;
  fed.close();
  await new Promise((resolve) => setTimeout(resolve, 0));
  r.enqueueAfterClose = thrown(() => source.enqueue(gif.slice(1500)));

  // Shared memory as data (cross-origin isolated pages), and in `transfer` (an ArrayBuffer list).
  if (typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated) {
    const shared = new Uint8Array(new SharedArrayBuffer(gif.length));
    shared.set(gif);
    r.sharedData = await outcome(new ImageDecoder({ type: 'image/gif', data: shared }).decode({ frameIndex: 5 }), closeFrame);
    r.sharedTransfer = thrown(() => new ImageDecoder({ type: 'image/gif', data: shared, transfer: [shared.buffer] }));
  }
  return r;
}

/**
 * An AVIF with a still image and an image sequence (two tracks): the tracks as each
 * preferAnimation selects them, from a buffer and from a stream, and what selecting the other
 * track, none, and the sequence again does to the tracks and to decodes.
 */
export async function imageTrackSelection(ctx, { file, type }) {
  const bytes = await imageBytes(ctx, file);
  const tracks = (d) => ({
    length: d.tracks.length,
    selectedIndex: d.tracks.selectedIndex,
    tracks: Array.from({ length: d.tracks.length }, (_, i) => trackReport(d.tracks[i])),
  });
  const decoded = (result) => {
    const { format, codedWidth, codedHeight, timestamp, duration } = result.image;
    result.image.close();
    return { format, codedWidth, codedHeight, timestamp, duration, complete: result.complete };
  };
  const runs = [];
  for (const preferAnimation of [undefined, false, true]) {
    for (const piece of [0, 200]) {
      let data = bytes;
      if (piece) {
        data = new ReadableStream({
          start(c) {
            for (let at = 0; at < bytes.length; at += piece) c.enqueue(bytes.slice(at, at + piece));
            c.close();
          },
        });
      }
      const d = new ctx.api.ImageDecoder({ type, data, preferAnimation });
      const log = { preferAnimation: String(preferAnimation), piece };
      await d.tracks.ready;
      log.ready = tracks(d);
      log.first = await outcome(d.decode(), decoded);
      if (d.tracks.length !== 2) {
        runs.push({ ...log, closedEarly: tracks(d) });
        continue;
      }
      const pending = d.decode({ frameIndex: 99 });
      d.tracks[(d.tracks.selectedIndex + 1) % 2].selected = true;
      log.pendingOnSwitch = await outcome(pending);
      log.switched = tracks(d);
      log.afterSwitch = await outcome(d.decode(), decoded);
      log.second = await outcome(d.decode({ frameIndex: 1 }), decoded);
      log.afterDecodes = tracks(d);
      d.tracks.selectedTrack.selected = false;
      log.none = { ...tracks(d), decode: await outcome(d.decode()) };
      d.tracks[1].selected = true;
      log.sequence = await outcome(d.decode({ frameIndex: 2 }), decoded);
      log.end = tracks(d);
      d.close();
      runs.push(log);
    }
  }
  return runs;
}

/**
 * Files cut short, given as a buffer: whether the tracks come, how many frames they count, and
 * what decoding the last counted frame and the one after it gives.
 */
export async function truncatedImages(ctx, { files }) {
  const decoded = (result) => {
    const { format } = result.image;
    result.image.close();
    return `frame ${format} complete=${result.complete}`;
  };
  const rows = [];
  for (const { file, type } of files) {
    const bytes = await imageBytes(ctx, file);
    for (const size of [33, 100, Math.floor(bytes.length / 2), bytes.length - 12, bytes.length - 1]) {
      const d = new ctx.api.ImageDecoder({ type, data: bytes.slice(0, size) });
      const ready = await outcome(d.tracks.ready);
      const frameCount = d.tracks.selectedTrack?.frameCount ?? null;
      const last = Math.max(0, (frameCount ?? 1) - 1);
      const [atLast, afterLast] = await Promise.all([outcome(d.decode({ frameIndex: last }), decoded), outcome(d.decode({ frameIndex: last + 1 }), decoded)]);
      rows.push({ file, size, ready, frameCount, atLast, afterLast });
      d.close();
    }
  }
  return rows;
}

/** Several decoders at once, each frame's bytes hashed: all must equal one decoder's. */
export async function manyImageDecoders(ctx, { files }) {
  const one = async ({ file, type }) => {
    const d = new ctx.api.ImageDecoder({ type, data: await imageBytes(ctx, file) });
    await d.tracks.ready;
    const out = [];
    for (let i = 0; i < d.tracks.selectedTrack.frameCount; ++i) {
      const { image } = await d.decode({ frameIndex: i });
      const bytes = new Uint8Array(image.allocationSize());
      await image.copyTo(bytes);
      image.close();
      out.push(toBase64(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))));
    }
    d.close();
    return out;
  };
  const alone = [];
  for (const f of files) alone.push(await one(f));
  const together = await Promise.all([...files, ...files].map(one));
  return { alone, together };
}

export const imageDecoderScenarios = { decodeImage, imageAgainstBitmap, imageDecoderBehaviour, imageTrackSelection, manyImageDecoders, truncatedImages };
