// The page of test/browser/media_posting.test.mjs: native WebCodecs hidden, the ES module build
// installed, and the realms it posts media objects to: a classic worker, a module worker,
// MessageChannels (to a same-origin iframe, to the module worker, and within the page), a
// BroadcastChannel and a worker without the polyfill. `window.harness.run(name, params)` runs one
// scenario and returns plain observations for the Node side to assert.
import './media_posting_echo.js';

const NAMES = ['VideoDecoder', 'AudioDecoder', 'VideoEncoder', 'AudioEncoder', 'EncodedVideoChunk', 'EncodedAudioChunk', 'VideoFrame', 'AudioData', 'VideoColorSpace'];
for (const k of NAMES) delete globalThis[k];
// The platform's MessageEvent data getter: what arrived before the polyfill revives it.
const rawData = Object.getOwnPropertyDescriptor(MessageEvent.prototype, 'data').get;
const nativePostMessage = MessagePort.prototype.postMessage;
const nativeWindowPostMessage = window.postMessage;
const mod = await import('/dist/webcodecs-wasm.js');
mod.install();
const { describe, transferables, isClosed, serve } = self.mediaPostingEcho;

/** Resolves with the first message event on `target` that `accept` returns true for. */
function nextMessage(target, accept, useOnmessage = false) {
  return new Promise((resolve) => {
    const listener = (event) => {
      if (!accept(event)) return;
      if (useOnmessage) target.onmessage = null;
      else target.removeEventListener('message', listener);
      resolve(event);
    };
    if (useOnmessage) target.onmessage = listener;
    else target.addEventListener('message', listener);
  });
}

async function startWorker(url, options) {
  const worker = new Worker(url, options);
  await nextMessage(worker, (e) => e.data.ready);
  return worker;
}

const classicWorker = await startWorker('./media_posting_worker.js');
const moduleWorker = await startWorker('./media_posting_worker.mjs', { type: 'module' });
const iframe = document.createElement('iframe');
const iframeReady = nextMessage(window, (e) => e.data?.ready);
iframe.src = './media_posting_frame.html';
document.body.append(iframe);
await iframeReady;
const iframeChannel = new MessageChannel();
iframe.contentWindow.postMessage({ op: 'port', port: iframeChannel.port2 }, '*', [iframeChannel.port2]);
const workerChannel = new MessageChannel();
moduleWorker.postMessage({ op: 'port', port: workerChannel.port2 }, [workerChannel.port2]);
const localChannel = new MessageChannel();
localChannel.port2.onmessage = (event) => serve(event, (message, transfer) => localChannel.port2.postMessage(message, transfer));
localChannel.port2.start();
const broadcast = new BroadcastChannel('media-posting-test');

/**
 * The places a message can go. send(message, transfer, form) posts it (form 'list': the transfer
 * list as an argument; 'options': in the options dictionary); replies arrive on `replies`, read
 * through `onmessage` where `onmessage` is set, else addEventListener().
 */
const targets = {
  classicWorker: { replies: classicWorker, onmessage: true, send: (m, t, form) => (form === 'options' ? classicWorker.postMessage(m, { transfer: t }) : classicWorker.postMessage(m, t)) },
  moduleWorker: { replies: moduleWorker, send: (m, t, form) => (form === 'options' ? moduleWorker.postMessage(m, { transfer: t }) : moduleWorker.postMessage(m, t)) },
  iframeChannel: { replies: iframeChannel.port1, send: (m, t, form) => (form === 'options' ? iframeChannel.port1.postMessage(m, { transfer: t }) : iframeChannel.port1.postMessage(m, t)) },
  workerChannel: { replies: workerChannel.port1, onmessage: true, send: (m, t, form) => (form === 'options' ? workerChannel.port1.postMessage(m, { transfer: t }) : workerChannel.port1.postMessage(m, t)) },
  localChannel: { replies: localChannel.port1, send: (m, t, form) => (form === 'options' ? localChannel.port1.postMessage(m, { transfer: t }) : localChannel.port1.postMessage(m, t)) },
  broadcastChannel: { replies: broadcast, onmessage: true, send: (m) => broadcast.postMessage(m) },
};
localChannel.port1.start();
iframeChannel.port1.start();

function pattern(length, seed) {
  return Uint8Array.from({ length }, (_, i) => (i * 31 + seed * 17 + (i >> 3)) & 255);
}

const { VideoFrame, AudioData, EncodedVideoChunk, EncodedAudioChunk } = mod;

/** A fresh value of each kind the scenarios post. */
const makers = {
  // Cropped, with every attribute away from its default.
  videoFrame: () =>
    new VideoFrame(pattern(10 * 6 + 2 * 5 * 3, 1), {
      format: 'I420', codedWidth: 10, codedHeight: 6, timestamp: -40, duration: 33,
      visibleRect: { x: 2, y: 2, width: 6, height: 4 }, displayWidth: 12, displayHeight: 4,
      rotation: 90, flip: true, colorSpace: { primaries: 'bt709', matrix: 'smpte170m', fullRange: true }, metadata: { captureTime: 5, rtpTimestamp: 9 },
    }),
  rgbaFrame: () => new VideoFrame(pattern(5 * 3 * 4, 2), { format: 'RGBA', codedWidth: 5, codedHeight: 3, timestamp: 1000 }),
  audio: () => new AudioData({ format: 'f32-planar', sampleRate: 44100, numberOfFrames: 6, numberOfChannels: 2, timestamp: 77, data: Float32Array.from({ length: 12 }, (_, i) => i / 16 - 0.4) }),
  interleavedAudio: () => new AudioData({ format: 's16', sampleRate: 8000, numberOfFrames: 5, numberOfChannels: 3, timestamp: -3, data: Int16Array.from({ length: 15 }, (_, i) => i * 999 - 7000) }),
  videoChunk: () => new EncodedVideoChunk({ type: 'key', timestamp: 120, duration: 40, data: pattern(37, 3) }),
  audioChunk: () => new EncodedAudioChunk({ type: 'delta', timestamp: 5, data: pattern(11, 4) }),
  // A decoder's output: pixels the core owns (wasm memory or the Worker build's copy).
  decodedFrame: async () => {
    const index = await (await fetch('/test/fixtures/generated/vp9-profile0.json')).json();
    const bytes = new Uint8Array(await (await fetch(`/test/fixtures/generated/${index.data}`)).arrayBuffer());
    const packet = index.packets[0];
    const frames = [];
    const decoder = new mod.VideoDecoder({ output: (frame) => frames.push(frame), error: (e) => frames.push(e) });
    decoder.configure({ codec: index.codec, codedWidth: index.codedWidth, codedHeight: index.codedHeight });
    decoder.decode(new EncodedVideoChunk({ type: 'key', timestamp: packet.timestamp, duration: packet.duration, data: bytes.subarray(packet.offset, packet.offset + packet.size) }));
    await decoder.flush();
    decoder.close();
    if (!(frames[0] instanceof VideoFrame)) throw frames[0] ?? new Error('no frame decoded');
    return frames[0];
  },
  nested: () => {
    const frame = makers.videoFrame();
    const root = {
      frames: [frame, frame, makers.rgbaFrame()],
      byChunk: new Map([[makers.videoChunk(), makers.audio()], ['key', { deep: [[frame]] }]]),
      set: new Set([makers.audioChunk(), 3]),
      text: 'x',
      bytes: pattern(9, 5),
    };
    root.self = root;
    return root;
  },
  // No media objects: cycles, shared references, Maps, Sets, typed arrays, holes.
  plain: () => {
    const shared = { s: 1 };
    const root = { n: 1.5, s: 'text', list: [1, , 'three', shared, shared], map: new Map([[shared, [null, undefined]]]), set: new Set(['a', shared]), bytes: new Float64Array([1, 2.5]), date: new Date(0) };
    root.self = root;
    return root;
  },
};

let nextId = 0;

/**
 * Posts {id, op: 'echo', data} to `target` and waits for both replies. Returns what the sender
 * saw (`expected`, described before sending, and whether its frames and audio were closed by
 * posting), what the receiver saw (`remote`), what came back (`echoed`) and whether the
 * receiver's frames and audio were closed by posting them back.
 */
async function echo(target, data, { transfer = false, transferBack = transfer, form = 'list' } = {}) {
  const id = nextId++;
  const expected = await describe(data);
  const sent = transferables(data);
  const t = targets[target];
  const replies = [];
  const done = new Promise((resolve) => {
    const listener = (event) => {
      if (event.data?.id !== id) return;
      replies.push(event);
      if (replies.length < 2) return;
      if (t.onmessage) t.replies.onmessage = null;
      else t.replies.removeEventListener('message', listener);
      resolve();
    };
    if (t.onmessage) t.replies.onmessage = listener;
    else t.replies.addEventListener('message', listener);
  });
  t.send({ id, op: 'echo', data, transferBack }, transfer ? sent : [], form);
  const senderClosed = sent.map(isClosed);
  await done;
  const [first, second] = replies;
  const echoed = first.data.data;
  const result = {
    expected,
    senderClosed,
    remote: first.data.description,
    echoed: await describe(echoed),
    remoteClosedAfter: second.data.closedAfter,
    rawWasEnvelope: '__webcodecsWasmMedia' in (rawData.call(first) ?? {}),
    sameDataTwice: first.data === first.data && first.data.data === first.data.data,
  };
  for (const media of transferables(echoed)) media.close();
  for (const media of sent) media.close();
  return result;
}

/** Runs `post` and reports the exception it throws synchronously, if any. */
function thrown(post) {
  try {
    post();
    return null;
  } catch (e) {
    return { name: e.name, message: e.message, isDOMException: e instanceof DOMException };
  }
}

function openDatabase() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(`media-posting-${Math.random()}`, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore('plain');
      request.result.createObjectStore('keyed', { keyPath: 'id' });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

const requestDone = (request) => new Promise((resolve, reject) => ((request.onsuccess = () => resolve(request.result)), (request.onerror = () => reject(request.error))));

const scenarios = {
  echo: async ({ target, kind, transfer, transferBack, form }) => echo(target, await makers[kind](), { transfer, transferBack, form }),

  /** Exceptions postMessage() throws synchronously, and what they leave open. */
  refused: ({ target }) => {
    const t = targets[target];
    const closedFrame = makers.rgbaFrame();
    closedFrame.close();
    const closedAudio = makers.audio();
    closedAudio.close();
    const chunk = makers.videoChunk();
    const frame = makers.rgbaFrame();
    const transferable = target !== 'broadcastChannel';
    const out = {
      closedFrame: thrown(() => t.send({ frame: closedFrame }, [], 'list')),
      closedFrameTransferred: thrown(() => t.send(closedFrame, transferable ? [closedFrame] : [], 'list')),
      closedAudio: thrown(() => t.send([closedAudio], [], 'list')),
    };
    if (transferable) {
      out.chunkTransferred = thrown(() => t.send({ chunk }, [chunk], 'list'));
      out.frameListedTwice = thrown(() => t.send({ frame }, [frame, frame], 'options'));
      // The platform refuses the function after the frame was copied: nothing is closed.
      out.uncloneableWithFrame = thrown(() => t.send({ frame, f: () => 1 }, [frame], 'list'));
      out.frameOpenAfterRefusals = !isClosed(frame);
      // A frame in the transfer list but not in the message is closed all the same (as native).
      out.transferredOnly = thrown(() => t.send({ id: -1 }, [frame], 'list'));
      out.frameClosedAfterTransferOnly = isClosed(frame);
      // A transfer list given as a generator still reaches the platform (read once, then passed on).
      const buffer = new ArrayBuffer(8);
      out.generatorList = thrown(() => t.send({ id: -2 }, (function* () { yield buffer; })(), 'list'));
      out.bufferMovedByGenerator = buffer.byteLength === 0;
    }
    return out;
  },

  /** Storing media objects: DataCloneError, after the store's own checks; plain values still store. */
  storage: async () => {
    const db = await openDatabase();
    const store = (name, mode = 'readwrite') => db.transaction(name, mode).objectStore(name);
    const frame = makers.rgbaFrame();
    const out = {
      putFrame: thrown(() => store('plain').put(frame, 1)),
      addNestedChunk: thrown(() => store('plain').add({ chunks: [makers.videoChunk()] }, 2)),
      putAudioKeyed: thrown(() => store('keyed').put({ id: 3, audio: makers.audio() })),
      putClosedFrame: thrown(() => {
        const closed = makers.rgbaFrame();
        closed.close();
        store('plain').put(closed, 4);
      }),
      readOnlyFirst: thrown(() => store('plain', 'readonly').put(frame, 5)),
      pushState: thrown(() => history.pushState({ frame }, '')),
      replaceState: thrown(() => history.replaceState(makers.audioChunk(), '')),
    };
    await requestDone(store('plain').put({ n: 1, bytes: pattern(3, 1) }, 'ok'));
    const cursorStore = store('plain');
    const cursor = await requestDone(cursorStore.openCursor('ok'));
    out.cursorUpdate = thrown(() => cursor.update({ frame }));
    out.storedPlain = await requestDone(store('plain', 'readonly').get('ok'));
    out.storedPlain.bytes = [...out.storedPlain.bytes];
    out.frameStillOpen = !isClosed(frame);
    frame.close();
    db.close();
    return out;
  },

  /** structuredClone() of media objects: a clone or a transfer within the page. */
  structuredClone: async () => {
    const frame = makers.videoFrame();
    const expected = await describe(frame);
    const clone = structuredClone(frame);
    const graph = { a: [makers.videoChunk(), clone] };
    const graphClone = structuredClone(graph, { transfer: [clone] });
    const out = {
      expected,
      clone: await describe(graphClone.a[1]),
      cloneIsPackageClass: graphClone.a[1] instanceof VideoFrame,
      chunkIsPackageClass: graphClone.a[0] instanceof EncodedVideoChunk,
      sourceOpenAfterClone: !isClosed(frame),
      cloneClosedAfterTransfer: isClosed(clone),
      plainUntouched: (() => {
        const plain = makers.plain();
        const copy = structuredClone(plain);
        return copy !== plain && copy.self === copy && copy.list[3] === copy.list[4] && copy.date instanceof Date && !('__webcodecsWasmMedia' in copy);
      })(),
      closedFrame: thrown(() => structuredClone([clone])),
    };
    frame.close();
    graphClone.a[1].close();
    return out;
  },

  /** A worker without the polyfill gets the envelope: plain records, which reviveMedia() revives. */
  bareWorker: async () => {
    const worker = new Worker('./media_posting_bare_worker.js');
    const frame = makers.rgbaFrame();
    const expected = await describe(frame);
    const reply = nextMessage(worker, () => true);
    worker.postMessage({ frame }, [frame]);
    const event = await reply;
    worker.terminate();
    const { raw, ...summary } = rawData.call(event);
    // What a receiver without install() does with it: reviveMedia() of the envelope.
    const back = mod.reviveMedia(event.data.raw);
    return { summary, frameClosed: isClosed(frame), expected, revived: await describe(back.frame), revivedIsPackageClass: back.frame instanceof VideoFrame };
  },

  /** Window postMessage() is the platform's: event.source still names the sender, both ways. */
  windowPostMessage: async () => {
    const reply = nextMessage(window, (e) => e.data?.pong);
    iframe.contentWindow.postMessage('ping', '*');
    const event = await reply;
    return {
      sameFunction: window.postMessage === nativeWindowPostMessage,
      sourceIsIframe: event.source === iframe.contentWindow,
      iframeSawParent: event.data.sourceIsParent,
    };
  },

  /** Milliseconds for `count` posts of a message without media objects, wrapped and not. */
  overhead: ({ count }) => {
    const { port1, port2 } = new MessageChannel();
    const message = { type: 'tick', values: Array.from({ length: 1000 }, (_, i) => i), nested: { a: [1, 2, { b: 'c' }] }, bytes: new Uint8Array(1 << 16) };
    const time = (post) => {
      const start = performance.now();
      for (let i = 0; i < count; i++) post();
      return performance.now() - start;
    };
    // The best of five alternating rounds of each, so that a busy machine does not decide.
    let wrapped = Infinity;
    let unwrapped = Infinity;
    for (let round = 0; round < 5; round++) {
      wrapped = Math.min(wrapped, time(() => port1.postMessage(message)));
      unwrapped = Math.min(unwrapped, time(() => nativePostMessage.call(port1, message)));
    }
    port1.close();
    port2.close();
    return { wrapped, unwrapped, isWrapped: port1.postMessage !== nativePostMessage };
  },
};

window.harness = {
  ready: true,
  info: { userAgent: navigator.userAgent, targets: Object.keys(targets) },
  async run(name, params = {}) {
    try {
      return { ok: true, value: await scenarios[name](params) };
    } catch (e) {
      return { ok: false, error: { name: e?.name, message: String(e?.message ?? e), stack: String(e?.stack) } };
    }
  },
};
