// H.264 stream formats (ISO/IEC 14496-15): Annex B byte streams, as encoders write them, and
// the length-prefixed `avc` format with an AVCDecoderConfigurationRecord (avcC), which the
// WebCodecs AVC registration calls `avc.format: 'avc'` (§ AVC codec registration, 3.1).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wcw {

// The NAL units of an Annex B byte stream, start codes removed.
struct NalUnit {
  const uint8_t* data;
  std::size_t size;
  int type() const { return size ? data[0] & 0x1f : -1; }
};
std::vector<NalUnit> splitAnnexB(const uint8_t* data, std::size_t size);

// An avcC record from the SPS and PPS NAL units of an Annex B stream; empty without an SPS.
std::vector<uint8_t> makeAvcC(const uint8_t* annexB, std::size_t size);

// Each NAL unit with a 4-byte big-endian length instead of its start code. Access unit
// delimiters are dropped, and so are parameter sets (SPS, PPS) unless `keepParameterSets`:
// in `avc1` streams they live in avcC only, `avc3` streams repeat them in band.
std::vector<uint8_t> annexBToLengthPrefixed(const uint8_t* annexB, std::size_t size,
                                            bool keepParameterSets);


}  // namespace wcw
