#include "bmp_frames.h"

#include <cstdlib>

namespace wcw {

namespace {

uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

}  // namespace

void BmpFrameReader::read(const uint8_t* data, std::size_t size, bool complete) {
  if (frames_.invalid || frames_.complete) return;
  if ((size >= 1 && data[0] != 'B') || (size >= 2 && data[1] != 'M')) {
    frames_.invalid = true;
    return;
  }
  // File header (14 bytes), then the info header's size and the picture's width and height
  // (a negative height: rows stored top-down).
  if (size < 26) {
    if (complete) frames_.invalid = true;
    return;
  }
  frames_.width = static_cast<int>(le32(data + 18));
  frames_.height = std::abs(static_cast<int32_t>(le32(data + 22)));
  const std::size_t fileSize = le32(data + 2);
  if (fileSize > 26 && size >= fileSize) {
    frames_.frames.push_back({0, fileSize, 0});
    frames_.complete = true;
  } else if (complete) {
    // A header without the file's size decodes from what arrived. A shorter file is cut inside
    // its frame once both headers are here (file header, then the info header's own size),
    // else it has none.
    const bool headersArrived = uint64_t{size} >= 14 + uint64_t{le32(data + 14)};
    if (fileSize <= 26) {
      frames_.frames.push_back({0, size, 0});
    } else {
      frames_.truncated = headersArrived;
      frames_.invalid = !headersArrived;
    }
    frames_.complete = true;
  }
}

}  // namespace wcw
