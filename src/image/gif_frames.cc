#include "gif_frames.h"

#include <cstring>

namespace wcw {

namespace {

constexpr uint8_t kExtension = 0x21;
constexpr uint8_t kImage = 0x2c;
constexpr uint8_t kTrailer = 0x3b;
constexpr uint8_t kGraphicControl = 0xf9;
constexpr uint8_t kApplication = 0xff;

int u16(const uint8_t* p) { return p[0] | (p[1] << 8); }

// Bytes of a colour table the packed field announces (flag in bit 7, size in bits 0-2).
std::size_t colorTableBytes(uint8_t packed) { return packed & 0x80 ? 3u << ((packed & 7) + 1) : 0; }

// The end of the data sub-blocks starting at `at` (after their zero terminator), or 0 when
// they have not all arrived.
std::size_t subBlocksEnd(const uint8_t* data, std::size_t size, std::size_t at) {
  while (at < size) {
    if (data[at] == 0) return at + 1;
    at += 1 + data[at];
  }
  return 0;
}

}  // namespace

bool GifFrameReader::readHeader(const uint8_t* data, std::size_t size) {
  if (size < 13) return false;
  if (std::memcmp(data, "GIF87a", 6) != 0 && std::memcmp(data, "GIF89a", 6) != 0) {
    frames_.invalid = true;
    return false;
  }
  frames_.width = u16(data + 6);
  frames_.height = u16(data + 8);
  next_ = 13 + colorTableBytes(data[10]);
  // Native Chromium calls every GIF animated, looping forever unless a NETSCAPE block says how
  // often (measured, docs/ARCHITECTURE.md): a GIF may gain frames as its bytes arrive.
  frames_.animated = true;
  frames_.repetitionCount = kLoopForever;
  headerRead_ = true;
  return true;
}

void GifFrameReader::read(const uint8_t* data, std::size_t size, bool complete) {
  if (frames_.invalid || frames_.complete) return;
  if (!headerRead_ && !readHeader(data, size)) {
    if (complete) frames_.invalid = true;
    return;
  }
  while (next_ < size) {
    const uint8_t* block = data + next_;
    if (block[0] == kTrailer) {
      frames_.complete = true;
      return;
    }
    if (block[0] == kExtension) {
      if (next_ + 2 > size) break;
      const std::size_t end = subBlocksEnd(data, size, next_ + 2);
      if (!end) break;
      const uint8_t label = block[1];
      const uint8_t* first = block + 2;  // the first sub-block: its length, then its bytes
      if (label == kGraphicControl && first[0] == 4) {
        delayUs_ = int64_t{u16(first + 2)} * 10000;  // hundredths of a second
      } else if (label == kApplication && first[0] == 11 &&
                 (std::memcmp(first + 1, "NETSCAPE2.0", 11) == 0 ||
                  std::memcmp(first + 1, "ANIMEXTS1.0", 11) == 0)) {
        const uint8_t* loop = first + 12;  // sub-block 1: {1, loop count, little-endian}
        if (loop[0] == 3 && loop[1] == 1) {
          const int count = u16(loop + 2);
          frames_.repetitionCount = count == 0 ? kLoopForever : count;
        }
      }
      next_ = end;
    } else if (block[0] == kImage) {
      if (next_ + 10 > size) break;
      const std::size_t lzw = next_ + 10 + colorTableBytes(block[9]);  // LZW minimum code size
      if (lzw + 1 > size) break;
      const std::size_t end = subBlocksEnd(data, size, lzw + 1);
      if (!end) break;
      frames_.frames.push_back({packetStart_, end - packetStart_, delayUs_});
      packetStart_ = end;
      delayUs_ = 0;
      next_ = end;
    } else {
      // Not a block: the stream is corrupt from here. Browsers show the frames before it.
      if (frames_.frames.empty()) frames_.invalid = true;
      frames_.complete = true;
      return;
    }
  }
  if (complete) {
    frames_.complete = true;
    frames_.truncated = next_ < size && data[next_] == kImage;
    frames_.invalid = frames_.frames.empty() && !frames_.truncated;
  }
}

}  // namespace wcw
