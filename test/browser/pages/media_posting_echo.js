// Shared by the media posting test page and the realms it posts to (classic and module workers,
// an iframe): describe() turns a received value into plain JSON (media objects with every
// attribute and their bytes, object identity as references), and serve() answers the page's
// messages. A classic script (importScripts) that module realms import for its side effect.
(() => {
  const MEDIA = ['VideoFrame', 'AudioData', 'EncodedVideoChunk', 'EncodedAudioChunk'];
  const nameOf = (value) => Object.prototype.toString.call(value).slice(8, -1);

  /** Length and SHA-256 of `bytes` (a decoded frame's pixels would make a long array). */
  async function digest(bytes) {
    const hash = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
    return `${bytes.byteLength}:${Array.from(hash, (b) => b.toString(16).padStart(2, '0')).join('')}`;
  }

  async function describeMedia(value, name) {
    const ours = typeof self[name] === 'function' && value instanceof self[name];
    if (name === 'VideoFrame') {
      if (value.format === null) return { class: name, ours, closed: true };
      const rect = { x: 0, y: 0, width: value.codedWidth, height: value.codedHeight };
      const bytes = new Uint8Array(value.allocationSize({ rect }));
      await value.copyTo(bytes, { rect });
      const v = value.visibleRect;
      return {
        class: name, ours, format: value.format, codedWidth: value.codedWidth, codedHeight: value.codedHeight,
        visibleRect: [v.x, v.y, v.width, v.height], displayWidth: value.displayWidth, displayHeight: value.displayHeight,
        timestamp: value.timestamp, duration: value.duration, colorSpace: value.colorSpace.toJSON(),
        rotation: value.rotation, flip: value.flip, metadata: value.metadata(), bytes: await digest(bytes),
      };
    }
    if (name === 'AudioData') {
      if (value.format === null) return { class: name, ours, closed: true };
      const planes = [];
      for (let planeIndex = 0; planeIndex < (value.format.endsWith('-planar') ? value.numberOfChannels : 1); planeIndex++) {
        const bytes = new Uint8Array(value.allocationSize({ planeIndex }));
        value.copyTo(bytes, { planeIndex });
        planes.push(await digest(bytes));
      }
      return {
        class: name, ours, format: value.format, sampleRate: value.sampleRate, numberOfFrames: value.numberOfFrames,
        numberOfChannels: value.numberOfChannels, timestamp: value.timestamp, duration: value.duration, planes,
      };
    }
    const bytes = new Uint8Array(value.byteLength);
    value.copyTo(bytes);
    return { class: name, ours, type: value.type, timestamp: value.timestamp, duration: value.duration, bytes: await digest(bytes) };
  }

  /** Plain JSON for `value`: objects met again become {ref: n}, n counting objects in visiting order. */
  async function describe(value, seen = new Map()) {
    if (typeof value !== 'object' || value === null) return { value: value === undefined ? 'undefined' : value };
    if (seen.has(value)) return { ref: seen.get(value) };
    seen.set(value, seen.size);
    const name = nameOf(value);
    if (MEDIA.includes(name)) return describeMedia(value, name);
    if (ArrayBuffer.isView(value)) return { [name]: [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)] };
    if (value instanceof Map) {
      const entries = [];
      for (const [k, v] of value) entries.push([await describe(k, seen), await describe(v, seen)]);
      return { Map: entries };
    }
    if (value instanceof Set) {
      const items = [];
      for (const v of value) items.push(await describe(v, seen));
      return { Set: items };
    }
    const out = {};
    for (const key of Object.keys(value)) out[key] = await describe(value[key], seen);
    return { [Array.isArray(value) ? 'Array' : 'Object']: out };
  }

  /** The frames and audio in `value` (a media object, or an object or array holding some). */
  function transferables(value) {
    const out = [];
    const seen = new Set();
    const visit = (v) => {
      if (typeof v !== 'object' || v === null || seen.has(v)) return;
      seen.add(v);
      const name = nameOf(v);
      if (name === 'VideoFrame' || name === 'AudioData') out.push(v);
      else if (v instanceof Map) for (const [k, x] of v) (visit(k), visit(x));
      else if (v instanceof Set) for (const x of v) visit(x);
      else if (!MEDIA.includes(name) && !ArrayBuffer.isView(v)) Object.values(v).forEach(visit);
    };
    visit(value);
    return out;
  }

  const isClosed = (media) => media.format === null;

  /**
   * Answers {id, op: 'echo', data, transferBack} with {id, description, data} (transferring the
   * frames and audio back when asked), then {id, closedAfter}: whether posting closed them.
   */
  async function serve(event, reply) {
    const { id, op, data, transferBack } = event.data;
    if (op !== 'echo') return false;
    const description = await describe(data);
    const transfer = transferBack ? transferables(data) : [];
    reply({ id, description, data }, transfer);
    reply({ id, closedAfter: transfer.map(isClosed) }, []);
    return true;
  }

  self.mediaPostingEcho = { describe, transferables, isClosed, serve };
})();
