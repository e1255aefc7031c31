/**
 * Codec strings (WebCodecs §7.4 "Codec String" and the WebCodecs Codec Registry registrations)
 * resolved to the FFmpeg decoder that handles them.
 *
 * A string is accepted only when it is a valid codec string of a registration (case-sensitive
 * prefixes, as the registrations write them) and unambiguous about profile, level and constraints;
 * anything else resolves to null ("unsupported"), never to a guess.
 */

/** A recognised video codec string. */
export interface VideoCodecInfo {
  /** FFmpeg decoder name passed to the core (CoreCodecConfig.codec). */
  ffmpegDecoder: string;
  /** Codec family, e.g. 'avc', 'hevc', 'vp8', 'vp9', 'av1'. */
  family: 'avc' | 'hevc' | 'vp8' | 'vp9' | 'av1';
  /** Profile number as the codec string states it (profile_idc, VP9/AV1 profile); absent for VP8. */
  profile?: number;
  /** Bit depth when the string states it (VP9, AV1). */
  bitDepth?: number;
}

/** A recognised audio codec string. */
export interface AudioCodecInfo {
  /** FFmpeg decoder name passed to the core (CoreCodecConfig.codec). */
  ffmpegDecoder: string;
  /** Codec family, e.g. 'aac', 'mp3', 'opus'. */
  family: 'aac' | 'mp3' | 'opus' | 'flac' | 'vorbis' | 'ulaw' | 'alaw' | 'pcm';
}

// AVC registration: avc1.PPCCLL / avc3.PPCCLL. profile_idc values FFmpeg's h264 decoder handles:
// Baseline, Main, High, High 10, High 4:2:2, High 4:4:4 Predictive, CAVLC 4:4:4 Intra. Extended (88,
// data partitioning) and the SVC/MVC profiles would only decode their base layer: unsupported.
const AVC_PROFILES = new Set([66, 77, 100, 110, 122, 244, 44]);
// H.264 Table A-1 level_idc values (9 is level 1b in the High profiles).
const AVC_LEVELS = new Set([9, 10, 11, 12, 13, 20, 21, 22, 30, 31, 32, 40, 41, 42, 50, 51, 52, 60, 61, 62]);

function parseAvc(codec: string): VideoCodecInfo | null {
  const m = /^(?:avc1|avc3)\.([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})([0-9A-Fa-f]{2})$/.exec(codec);
  if (!m) return null;
  const profile = parseInt(m[1]!, 16);
  const constraints = parseInt(m[2]!, 16);
  const level = parseInt(m[3]!, 16);
  if (!AVC_PROFILES.has(profile) || !AVC_LEVELS.has(level)) return null;
  // reserved_zero_2bits must be zero (H.264 §7.4.2.1.1).
  if ((constraints & 0x03) !== 0) return null;
  return { ffmpegDecoder: 'h264', family: 'avc', profile };
}

// HEVC registration: ISO/IEC 14496-15 Annex E.3. general_profile_idc values FFmpeg's hevc
// decoder handles: Main, Main 10, Main Still Picture, Format Range Extensions.
const HEVC_PROFILES = new Set([1, 2, 3, 4]);
// general_level_idc = 30 × level (H.265 Table A.8).
const HEVC_LEVELS = new Set([30, 60, 63, 90, 93, 120, 123, 150, 153, 156, 180, 183, 186]);

function parseHevc(codec: string): VideoCodecInfo | null {
  const m = /^(?:hev1|hvc1)\.([ABC]?)(\d{1,2})\.([0-9A-Fa-f]{1,8})\.([LH])(\d{1,3})((?:\.[0-9A-Fa-f]{1,2}){0,6})$/.exec(codec);
  if (!m) return null;
  // A non-zero general_profile_space is reserved for future use: not decodable.
  if (m[1] !== '') return null;
  const profile = Number(m[2]);
  const level = Number(m[5]);
  if (!HEVC_PROFILES.has(profile) || !HEVC_LEVELS.has(level)) return null;
  // The High tier exists from level 4 on (H.265 Table A.8).
  if (m[4] === 'H' && level < 120) return null;
  return { ffmpegDecoder: 'hevc', family: 'hevc', profile };
}

// H.273 code points that VP9 and AV1 codec strings may carry.
const COLOR_PRIMARIES = new Set([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 22]);
const TRANSFER_CHARACTERISTICS = new Set([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18]);
const MATRIX_COEFFICIENTS = new Set([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14]);

function validColorFields(cp: number, tc: number, mc: number, fullRange: number): boolean {
  return COLOR_PRIMARIES.has(cp) && TRANSFER_CHARACTERISTICS.has(tc) && MATRIX_COEFFICIENTS.has(mc) && fullRange <= 1;
}

// VP9 registration: "VP Codec ISO Media File Format Binding" §"Codecs Parameter String".
const VP9_LEVELS = new Set([10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 52, 60, 61, 62]);

function parseVp9(codec: string): VideoCodecInfo | null {
  // The five optional fields are mutually inclusive: all or none.
  const m = /^vp09\.(\d\d)\.(\d\d)\.(\d\d)(?:\.(\d\d)\.(\d\d)\.(\d\d)\.(\d\d)\.(\d\d))?$/.exec(codec);
  if (!m) return null;
  const profile = Number(m[1]);
  const level = Number(m[2]);
  const bitDepth = Number(m[3]);
  if (profile > 3 || !VP9_LEVELS.has(level)) return null;
  // Profiles 0 and 1 are 8-bit; profiles 2 and 3 are 10- or 12-bit.
  if (profile <= 1 ? bitDepth !== 8 : bitDepth !== 10 && bitDepth !== 12) return null;
  if (m[4] !== undefined) {
    const chroma = Number(m[4]);
    const [cp, tc, mc, fullRange] = [m[5], m[6], m[7], m[8]].map(Number) as [number, number, number, number];
    if (chroma > 3 || !validColorFields(cp, tc, mc, fullRange)) return null;
    // Profiles 0 and 2 are 4:2:0 only; profiles 1 and 3 are 4:2:2 / 4:4:0 / 4:4:4.
    const is420 = chroma <= 1;
    if ((profile === 0 || profile === 2) !== is420) return null;
    // RGB (matrix 0) is only defined for 4:4:4.
    if (mc === 0 && chroma !== 3) return null;
  }
  return { ffmpegDecoder: 'vp9', family: 'vp9', profile, bitDepth };
}

function parseAv1(codec: string): VideoCodecInfo | null {
  // AV1 Codec ISO Media File Format Binding §"Codecs Parameter String": the optional fields are
  // mutually inclusive (all or none).
  const m = /^av01\.(\d)\.(\d\d)([MH])\.(\d\d)(?:\.(\d)\.(\d)(\d)(\d)\.(\d\d)\.(\d\d)\.(\d\d)\.(\d))?$/.exec(codec);
  if (!m) return null;
  const profile = Number(m[1]);
  const level = Number(m[2]);
  const bitDepth = Number(m[4]);
  if (profile > 2) return null;
  // seq_level_idx 0..23 are levels 2.0..7.3; 31 means "no level constraints".
  if (level > 23 && level !== 31) return null;
  // seq_tier is only coded for seq_level_idx > 7.
  if (m[3] === 'H' && level <= 7) return null;
  if (bitDepth !== 8 && bitDepth !== 10 && (bitDepth !== 12 || profile !== 2)) return null;
  if (m[5] !== undefined) {
    const [mono, subX, subY, position] = [m[5], m[6], m[7], m[8]].map(Number) as [number, number, number, number];
    const [cp, tc, mc, fullRange] = [m[9], m[10], m[11], m[12]].map(Number) as [number, number, number, number];
    if (mono > 1 || subX > 1 || subY > 1 || position > 2) return null;
    if (subY > subX) return null;
    // chroma_sample_position is only coded for 4:2:0.
    if (position !== 0 && !(subX === 1 && subY === 1)) return null;
    if (!validColorFields(cp, tc, mc, fullRange)) return null;
    // AV1 §6.4.2 color_config: which subsamplings each profile allows.
    if (profile === 0 && !(subX === 1 && subY === 1)) return null;
    if (profile === 1 && (mono === 1 || subX !== 0 || subY !== 0)) return null;
    if (profile === 2 && bitDepth !== 12 && !mono && !(subX === 1 && subY === 0)) return null;
    if (mono === 1 && !(subX === 1 && subY === 1)) return null;
    if (mc === 0 && !(subX === 0 && subY === 0)) return null;
  }
  return { ffmpegDecoder: 'libdav1d', family: 'av1', profile, bitDepth };
}

/**
 * Resolves a VideoDecoderConfig codec string to the FFmpeg decoder, or null when the string is
 * not a valid, unambiguous video codec string this implementation decodes.
 */
export function parseVideoCodecString(codec: string): VideoCodecInfo | null {
  if (codec === 'vp8') return { ffmpegDecoder: 'vp8', family: 'vp8' };
  if (codec.startsWith('avc1.') || codec.startsWith('avc3.')) return parseAvc(codec);
  if (codec.startsWith('hvc1.') || codec.startsWith('hev1.')) return parseHevc(codec);
  if (codec.startsWith('vp09.')) return parseVp9(codec);
  if (codec.startsWith('av01.')) return parseAv1(codec);
  return null;
}

const AUDIO_CODECS: ReadonlyMap<string, AudioCodecInfo> = new Map<string, AudioCodecInfo>([
  // AAC registration. "mp4a.40.42" (xHE-AAC / USAC) is not decoded by FFmpeg 5.1.
  ['mp4a.40.2', { ffmpegDecoder: 'aac', family: 'aac' }],
  ['mp4a.40.02', { ffmpegDecoder: 'aac', family: 'aac' }],
  ['mp4a.40.5', { ffmpegDecoder: 'aac', family: 'aac' }],
  ['mp4a.40.05', { ffmpegDecoder: 'aac', family: 'aac' }],
  ['mp4a.40.29', { ffmpegDecoder: 'aac', family: 'aac' }],
  ['mp4a.67', { ffmpegDecoder: 'aac', family: 'aac' }],
  // MP3 registration.
  // FFmpeg's float MP3 decoder, as Chromium's (f32-planar out; the fixed-point one rounds to 16 bits).
  ['mp3', { ffmpegDecoder: 'mp3float', family: 'mp3' }],
  ['mp4a.69', { ffmpegDecoder: 'mp3float', family: 'mp3' }],
  ['mp4a.6B', { ffmpegDecoder: 'mp3float', family: 'mp3' }],
  ['opus', { ffmpegDecoder: 'libopus', family: 'opus' }],
  ['flac', { ffmpegDecoder: 'flac', family: 'flac' }],
  ['vorbis', { ffmpegDecoder: 'vorbis', family: 'vorbis' }],
  ['ulaw', { ffmpegDecoder: 'pcm_mulaw', family: 'ulaw' }],
  ['alaw', { ffmpegDecoder: 'pcm_alaw', family: 'alaw' }],
  // Linear PCM registration: interleaved little-endian samples.
  ['pcm-u8', { ffmpegDecoder: 'pcm_u8', family: 'pcm' }],
  ['pcm-s16', { ffmpegDecoder: 'pcm_s16le', family: 'pcm' }],
  ['pcm-s24', { ffmpegDecoder: 'pcm_s24le', family: 'pcm' }],
  ['pcm-s32', { ffmpegDecoder: 'pcm_s32le', family: 'pcm' }],
  ['pcm-f32', { ffmpegDecoder: 'pcm_f32le', family: 'pcm' }],
]);

/**
 * Resolves an AudioDecoderConfig codec string to the FFmpeg decoder, or null when the string is
 * not a registered audio codec string this implementation decodes.
 */
export function parseAudioCodecString(codec: string): AudioCodecInfo | null {
  return AUDIO_CODECS.get(codec) ?? null;
}
