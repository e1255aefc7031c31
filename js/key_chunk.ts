/**
 * decode()'s key chunk check (WebCodecs §4.5 decode() step 3.2: "Implementers SHOULD inspect the
 * chunk's [[internal data]] to verify that it is truly a key chunk. If a mismatch is detected,
 * throw a DataError"). Each video codec's first frame header is read as native Chromium 156
 * reads it (measured: a delta frame, bytes that are no frame, one byte and an empty frame marked
 * 'key' are a DataError for VP8, VP9 and AV1; for H.264 and HEVC a slice that is not an IDR/IRAP
 * one is, while bytes holding no slice at all go on to the decoder).
 */
import type { VideoCodecInfo } from './codec_string';

/** MSB-first bit reader over a byte array; reads past the end give 0 and set `overrun`. */
class BitReader {
  private bit = 0;
  overrun = false;
  constructor(private readonly bytes: Uint8Array, start = 0) {
    this.bit = start * 8;
  }
  read(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++, this.bit++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) this.overrun = true;
      value = (value << 1) | (((byte ?? 0) >> (7 - (this.bit & 7))) & 1);
    }
    return value;
  }
  /** Exp-Golomb ue(v) (H.264 §9.1). */
  readUe(): number {
    let zeros = 0;
    while (this.read(1) === 0 && !this.overrun && zeros < 32) zeros++;
    return (1 << zeros) - 1 + this.read(zeros);
  }
}

/** VP8 (RFC 6386 §9.1): a key frame's tag has bit 0 clear and the start code 9d 01 2a. */
function isVp8KeyFrame(b: Uint8Array): boolean {
  return b.length >= 10 && (b[0] & 1) === 0 && b[3] === 0x9d && b[4] === 0x01 && b[5] === 0x2a;
}

/** VP9 (bitstream spec §6.2 uncompressed_header): frame_type KEY_FRAME and the sync code. */
function isVp9KeyFrame(b: Uint8Array): boolean {
  const r = new BitReader(b);
  if (r.read(2) !== 2) return false; // frame_marker
  const profile = r.read(1) | (r.read(1) << 1);
  if (profile === 3) r.read(1); // reserved_zero
  if (r.read(1) === 1) return false; // show_existing_frame
  if (r.read(1) !== 0) return false; // frame_type: NON_KEY_FRAME
  r.read(2); // show_frame, error_resilient_mode
  const sync = r.read(24);
  return !r.overrun && sync === 0x498342;
}

/** The value of a leb128() (AV1 §4.10.5) at `at`: [value, bytes], or null. */
function leb128(b: Uint8Array, at: number): [number, number] | null {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    if (at + i >= b.length) return null;
    value += (b[at + i] & 0x7f) * 2 ** (7 * i);
    if (!(b[at + i] & 0x80)) return [value, i + 1];
  }
  return null;
}

/** AV1 (§5.3, §5.9.2): the first frame header in the temporal unit has frame_type KEY_FRAME. */
function isAv1KeyFrame(b: Uint8Array): boolean {
  let reducedStillPicture = false;
  for (let at = 0; at < b.length; ) {
    const type = (b[at] >> 3) & 0xf;
    const extension = (b[at] >> 2) & 1;
    const hasSize = (b[at] >> 1) & 1;
    if (b[at] & 0x80) return false; // obu_forbidden_bit
    let payload = at + 1 + extension;
    let size = b.length - payload;
    if (hasSize) {
      const read = leb128(b, payload);
      if (!read) return false;
      [size] = read;
      payload += read[1];
    }
    if (payload + size > b.length) return false;
    if (type === 1) {
      // OBU_SEQUENCE_HEADER: seq_profile (3), still_picture (1), reduced_still_picture_header (1).
      reducedStillPicture = ((b[payload] >> 3) & 1) === 1;
    } else if (type === 3 || type === 6) {
      // OBU_FRAME_HEADER / OBU_FRAME: uncompressed_header().
      if (reducedStillPicture) return true;
      const r = new BitReader(b, payload);
      if (r.read(1) === 1) return false; // show_existing_frame
      return r.read(2) === 0 && !r.overrun; // frame_type KEY_FRAME
    }
    at = payload + size;
  }
  return false;
}

/**
 * The NAL units of an H.264/HEVC chunk: length-prefixed (`lengthSize` bytes, from the avcC/hvcC
 * description) or Annex B (start codes) when there is no description.
 */
function* nalUnits(b: Uint8Array, lengthSize: number | null): Generator<Uint8Array> {
  if (lengthSize !== null) {
    for (let at = 0; at + lengthSize <= b.length; ) {
      let size = 0;
      for (let i = 0; i < lengthSize; i++) size = size * 256 + b[at + i];
      at += lengthSize;
      if (size === 0 || at + size > b.length) return;
      yield b.subarray(at, at + size);
      at += size;
    }
    return;
  }
  let start = -1;
  for (let i = 0; i + 2 < b.length; i++) {
    if (b[i] === 0 && b[i + 1] === 0 && b[i + 2] === 1) {
      if (start >= 0) yield b.subarray(start, i);
      start = i + 3;
      i += 2;
    }
  }
  if (start >= 0 && start < b.length) yield b.subarray(start);
}

/** H.264 (§7.3.1): the first slice is an IDR slice, or an I slice; no slice: undecided (true). */
function isH264KeyFrame(b: Uint8Array, lengthSize: number | null): boolean {
  for (const nal of nalUnits(b, lengthSize)) {
    const type = nal[0] & 0x1f;
    if (type === 5) return true;
    if (type === 1) {
      const r = new BitReader(nal, 1);
      r.readUe(); // first_mb_in_slice
      const sliceType = r.readUe() % 5;
      return sliceType === 2 || sliceType === 4; // I or SI
    }
  }
  return true;
}

/** HEVC (§7.3.1.2): the first slice is an IRAP one (nal_unit_type 16–23); no slice: undecided. */
function isHevcKeyFrame(b: Uint8Array, lengthSize: number | null): boolean {
  for (const nal of nalUnits(b, lengthSize)) {
    const type = (nal[0] >> 1) & 0x3f;
    if (type <= 9) return false;
    if (type >= 16 && type <= 23) return true;
  }
  return true;
}

/**
 * The check for chunks of one configuration, or null where none applies. `description` is the
 * config's (an avcC/hvcC record gives the NAL unit length size; none means Annex B).
 */
export function keyChunkCheck(codec: VideoCodecInfo, description: Uint8Array | undefined): ((data: Uint8Array) => boolean) | null {
  const record = description?.length ? description : null;
  switch (codec.family) {
    case 'vp8':
      return isVp8KeyFrame;
    case 'vp9':
      return isVp9KeyFrame;
    case 'av1':
      return isAv1KeyFrame;
    case 'avc': {
      const lengthSize = record ? (record[4] & 3) + 1 : null;
      return (data) => isH264KeyFrame(data, lengthSize);
    }
    case 'hevc': {
      const lengthSize = record ? (record[21] & 3) + 1 : null;
      return (data) => isHevcKeyFrame(data, lengthSize);
    }
    default:
      return null;
  }
}
