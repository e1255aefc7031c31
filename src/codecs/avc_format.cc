#include "avc_format.h"

#include <cstdio>

namespace wcw {

namespace {

constexpr int kNalSps = 7;
constexpr int kNalPps = 8;
constexpr int kNalAud = 9;

void putU16(std::vector<uint8_t>& out, std::size_t v) {
  out.push_back(static_cast<uint8_t>(v >> 8));
  out.push_back(static_cast<uint8_t>(v));
}

}  // namespace

std::vector<NalUnit> splitAnnexB(const uint8_t* data, std::size_t size) {
  std::vector<NalUnit> units;
  std::size_t i = 0;
  auto startCodeAt = [&](std::size_t p) {
    return p + 3 <= size && data[p] == 0 && data[p + 1] == 0 && data[p + 2] == 1;
  };
  while (i < size && !startCodeAt(i)) ++i;
  while (i < size) {
    const std::size_t begin = i + 3;
    std::size_t end = begin;
    while (end < size && !startCodeAt(end)) ++end;
    std::size_t last = end;
    // A four-byte start code's leading zero (and trailing zero bytes) belong to no NAL unit.
    while (last > begin && data[last - 1] == 0) --last;
    if (last > begin) units.push_back({data + begin, last - begin});
    i = end;
  }
  return units;
}

std::vector<uint8_t> makeAvcC(const uint8_t* annexB, std::size_t size) {
  std::vector<NalUnit> sps, pps;
  for (const NalUnit& nal : splitAnnexB(annexB, size)) {
    if (nal.type() == kNalSps) sps.push_back(nal);
    if (nal.type() == kNalPps) pps.push_back(nal);
  }
  if (sps.empty() || sps[0].size < 4) return {};
  std::vector<uint8_t> out{1, sps[0].data[1], sps[0].data[2], sps[0].data[3],
                           0xff,  // 6 reserved bits, lengthSizeMinusOne = 3
                           static_cast<uint8_t>(0xe0 | sps.size())};
  for (const NalUnit& nal : sps) {
    putU16(out, nal.size);
    out.insert(out.end(), nal.data, nal.data + nal.size);
  }
  out.push_back(static_cast<uint8_t>(pps.size()));
  for (const NalUnit& nal : pps) {
    putU16(out, nal.size);
    out.insert(out.end(), nal.data, nal.data + nal.size);
  }
  // High profiles carry chroma format and bit depth too (14496-15 §5.3.3.1.2); openh264
  // writes 4:2:0 8-bit only.
  const uint8_t profile = sps[0].data[1];
  if (profile == 100 || profile == 110 || profile == 122 || profile == 144) {
    out.insert(out.end(), {0xfc | 1, 0xf8 | 0, 0xf8 | 0, 0});
  }
  return out;
}

std::vector<uint8_t> annexBToLengthPrefixed(const uint8_t* annexB, std::size_t size,
                                            bool keepParameterSets) {
  std::vector<uint8_t> out;
  out.reserve(size + 16);
  for (const NalUnit& nal : splitAnnexB(annexB, size)) {
    const int type = nal.type();
    if (type == kNalAud || (!keepParameterSets && (type == kNalSps || type == kNalPps))) continue;
    for (int shift = 24; shift >= 0; shift -= 8) {
      out.push_back(static_cast<uint8_t>(nal.size >> shift));
    }
    out.insert(out.end(), nal.data, nal.data + nal.size);
  }
  return out;
}


}  // namespace wcw
