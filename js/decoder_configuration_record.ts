/**
 * Structural checks of the decoder configuration records that H.264 and HEVC descriptions carry
 * (ISO/IEC 14496-15 §5.3.3.1 AVCDecoderConfigurationRecord, §8.3.3.1
 * HEVCDecoderConfigurationRecord): a record that cannot be read makes the config unsupported,
 * as in native Chromium, whose isConfigSupported() parses it (measured, Chromium 156).
 */

/** Reads `count` length-prefixed (16-bit) NAL units from `at`; the offset after them, or -1. */
function skipNalUnits(bytes: Uint8Array, at: number, count: number): number {
  for (let i = 0; i < count; i++) {
    if (at + 2 > bytes.length) return -1;
    at += 2 + ((bytes[at] << 8) | bytes[at + 1]);
    if (at > bytes.length) return -1;
  }
  return at;
}

/** NAL unit lengths of 1, 2 or 4 bytes (lengthSizeMinusOne 2 is reserved). */
const validLengthSize = (lengthSizeMinusOne: number): boolean => lengthSizeMinusOne !== 2;

/** Whether `bytes` reads as an AVCDecoderConfigurationRecord (an "avcC" box's payload). */
export function isAvcDecoderConfigurationRecord(bytes: Uint8Array): boolean {
  if (bytes.length < 7 || bytes[0] !== 1 || !validLengthSize(bytes[4] & 3)) return false;
  const afterSps = skipNalUnits(bytes, 6, bytes[5] & 0x1f);
  if (afterSps < 0 || afterSps >= bytes.length) return false;
  return skipNalUnits(bytes, afterSps + 1, bytes[afterSps]) >= 0;
}

/** Whether `bytes` reads as an HEVCDecoderConfigurationRecord (an "hvcC" box's payload). */
export function isHevcDecoderConfigurationRecord(bytes: Uint8Array): boolean {
  if (bytes.length < 23 || bytes[0] !== 1 || !validLengthSize(bytes[21] & 3)) return false;
  let at = 23;
  for (let array = 0; array < bytes[22]; array++) {
    if (at + 3 > bytes.length) return false;
    at = skipNalUnits(bytes, at + 3, (bytes[at + 1] << 8) | bytes[at + 2]);
    if (at < 0) return false;
  }
  return true;
}
