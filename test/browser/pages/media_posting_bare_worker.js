// A worker without the polyfill, for test/browser/media_posting.test.mjs: reports what a message
// that carried media objects looks like to it, and sends it back inside its answer.
self.onmessage = ({ data }) => {
  const summary = (value) => (typeof value === 'object' && value !== null ? Object.keys(value).sort() : typeof value);
  const media = data.__webcodecsWasmMedia;
  self.postMessage({
    keys: summary(data),
    records: Array.isArray(media) ? media.map((r) => ({ keys: summary(r), kind: r.kind, bytes: r.data.byteLength })) : null,
    messageKeys: summary(data.message),
    sameObject: Array.isArray(media) && data.message.frame === media[0],
    raw: data,
  });
};
