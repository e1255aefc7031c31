// Splits an Annex B H.264 stream made with access unit delimiters (x264 `aud=1`) into one chunk
// per access unit, at each delimiter NAL (type 9). For the core tests, which feed chunks directly.
export function splitAtAccessUnitDelimiters(stream) {
  const starts = [];
  for (let i = 0; i + 3 < stream.length; i++) {
    if (stream[i] === 0 && stream[i + 1] === 0 && stream[i + 2] === 1 && (stream[i + 3] & 0x1f) === 9) {
      starts.push(i > 0 && stream[i - 1] === 0 ? i - 1 : i);
    }
  }
  return starts.map((s, k) => stream.subarray(s, starts[k + 1] ?? stream.length));
}
