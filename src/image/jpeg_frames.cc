#include "jpeg_frames.h"

#include <cstring>

#include "../codecs/jpeg_frame_decoder.h"

namespace wcw {

namespace {

constexpr uint8_t kSoi = 0xd8;
constexpr uint8_t kEoi = 0xd9;
constexpr uint8_t kSos = 0xda;
constexpr uint8_t kApp1 = 0xe1;

int be16(const uint8_t* p) { return (p[0] << 8) | p[1]; }

// Markers without a length (T.81 Table B.1): TEM, RST0-7, SOI, EOI.
bool standalone(uint8_t marker) { return marker == 0x01 || (marker >= 0xd0 && marker <= kEoi); }

// SOF0-SOF15 except DHT (C4), JPG (C8) and DAC (CC): a frame header with the picture size.
bool startOfFrame(uint8_t marker) {
  return marker >= 0xc0 && marker <= 0xcf && marker != 0xc4 && marker != 0xc8 && marker != 0xcc;
}

}  // namespace

int exifOrientation(const uint8_t* body, std::size_t length) {
  // "Exif\0\0", then a TIFF header: byte order, 42, the offset of IFD0 (TIFF 6.0 §2).
  if (length < 14 || std::memcmp(body, "Exif\0\0", 6) != 0) return 0;
  const uint8_t* tiff = body + 6;
  const std::size_t size = length - 6;
  const bool little = tiff[0] == 'I' && tiff[1] == 'I';
  if (!little && !(tiff[0] == 'M' && tiff[1] == 'M')) return 0;
  auto u16 = [&](std::size_t at) { return little ? tiff[at] | (tiff[at + 1] << 8) : be16(tiff + at); };
  auto u32 = [&](std::size_t at) -> uint32_t {
    return little ? u16(at) | (uint32_t(u16(at + 2)) << 16) : (uint32_t(u16(at)) << 16) | u16(at + 2);
  };
  if (u16(2) != 42) return 0;
  const uint32_t ifd = u32(4);
  if (ifd > size - 2) return 0;
  const int entries = u16(ifd);
  for (int i = 0; i < entries; ++i) {
    const std::size_t entry = ifd + 2 + 12 * static_cast<std::size_t>(i);
    if (entry + 12 > size) return 0;
    if (u16(entry) == 0x0112 && u16(entry + 2) == 3) {  // Orientation, SHORT
      const int value = u16(entry + 8);
      return value >= 1 && value <= 8 ? value : 0;
    }
  }
  return 0;
}

std::unique_ptr<ImageFrameDecoder> JpegFrameReader::makeFrameDecoder() const {
  return std::make_unique<JpegFrameDecoder>();
}

void JpegFrameReader::readApp1(const uint8_t* body, std::size_t length) {
  const int orientation = exifOrientation(body, length);
  if (orientation && frames_.orientation == 1) frames_.orientation = orientation;
}

void JpegFrameReader::read(const uint8_t* data, std::size_t size, bool complete) {
  if (frames_.invalid || frames_.complete) return;
  if (!soiRead_) {
    if (size < 2) {
      if (complete || (size == 1 && data[0] != 0xff)) frames_.invalid = true;
      return;
    }
    if (data[0] != 0xff || data[1] != kSoi) {
      frames_.invalid = true;
      return;
    }
    soiRead_ = true;
    next_ = 2;
  }
  while (next_ < size) {
    if (inScan_) {
      // Entropy-coded data: a 0xFF byte is stuffed (0xFF00) or a restart marker, else a marker.
      if (data[next_] != 0xff) {
        ++next_;
        continue;
      }
      if (next_ + 1 >= size) break;
      const uint8_t after = data[next_ + 1];
      if (after == 0x00 || (after >= 0xd0 && after <= 0xd7) || after == 0xff) {
        next_ += after == 0xff ? 1 : 2;  // 0xFF fill bytes may precede a marker
        continue;
      }
      inScan_ = false;
    }
    if (next_ + 2 > size) break;
    if (data[next_] != 0xff) {
      // Not a marker where one must be: corrupt from here.
      frames_.invalid = frames_.frames.empty();
      frames_.complete = true;
      return;
    }
    const uint8_t marker = data[next_ + 1];
    if (marker == 0xff) {  // a fill byte
      ++next_;
      continue;
    }
    if (marker == kEoi) {
      frames_.frames.push_back({0, next_ + 2, 0});
      frames_.complete = true;
      return;
    }
    if (standalone(marker)) {
      next_ += 2;
      continue;
    }
    if (next_ + 4 > size) break;
    const std::size_t length = be16(data + next_ + 2);  // counts its own two bytes
    if (length < 2) {
      frames_.invalid = frames_.frames.empty();
      frames_.complete = true;
      return;
    }
    const std::size_t end = next_ + 2 + length;
    if (end > size) break;
    const uint8_t* body = data + next_ + 4;
    if (startOfFrame(marker) && length >= 7) {
      frames_.height = be16(body + 1);
      frames_.width = be16(body + 3);
    } else if (marker == kApp1) {
      readApp1(body, length - 2);
    } else if (marker == kSos) {
      inScan_ = true;
      scanSeen_ = true;
    }
    next_ = end;
  }
  if (complete) {
    // No EOI: the frame is cut if a scan began (native Chromium fails it), else there is none.
    frames_.complete = true;
    frames_.truncated = scanSeen_;
    frames_.invalid = !scanSeen_;
  }
}

}  // namespace wcw
