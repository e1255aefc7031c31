#include "png_frames.h"

#include <cstring>

namespace wcw {

namespace {

constexpr uint8_t kSignature[8] = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a};

uint32_t u32(const uint8_t* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | p[3];
}
int u16(const uint8_t* p) { return (p[0] << 8) | p[1]; }

bool isType(const uint8_t* chunk, const char* type) { return std::memcmp(chunk + 4, type, 4) == 0; }

}  // namespace

void PngFrameReader::endFrame(std::size_t end) {
  if (!frameOpen_) return;
  frames_.frames.push_back({frameStart_, end - frameStart_, frameDurationUs_});
  frameOpen_ = false;
}

void PngFrameReader::read(const uint8_t* data, std::size_t size, bool complete) {
  if (frames_.invalid || frames_.complete) return;
  if (!signatureRead_) {
    if (size < 8) {
      if (complete || std::memcmp(data, kSignature, size) != 0) frames_.invalid = true;
      return;
    }
    if (std::memcmp(data, kSignature, 8) != 0) {
      frames_.invalid = true;
      return;
    }
    signatureRead_ = true;
    next_ = 8;
    frames_.setupOffset = 8;
  }
  while (next_ + 8 <= size) {
    const uint8_t* chunk = data + next_;
    const uint32_t length = u32(chunk);
    if (length > 0x7fffffff) {
      // Not a chunk (ISO/IEC 15948 §5.3): the stream is corrupt from here.
      if (frames_.frames.empty()) frames_.invalid = true;
      frames_.complete = true;
      return;
    }
    // The frame before the next frame control chunk (or the end) has all its bytes: list it
    // as soon as that chunk's type has arrived, so a stream shows each frame promptly.
    if (acTL_ && (isType(chunk, "fcTL") || isType(chunk, "IEND"))) endFrame(next_);
    const std::size_t end = next_ + 12 + length;
    if (end > size) break;
    const uint8_t* body = chunk + 8;
    if (isType(chunk, "IHDR") && length >= 8) {
      frames_.width = static_cast<int>(u32(body));
      frames_.height = static_cast<int>(u32(body + 4));
    } else if (isType(chunk, "acTL") && length >= 8 && !imageDataSeen_) {
      acTL_ = true;
      frames_.animated = true;
      const uint32_t plays = u32(body + 4);
      frames_.repetitionCount = plays == 0 ? kLoopForever : plays - 1.0;
    } else if (isType(chunk, "fcTL") && acTL_ && length >= 26) {
      if (frames_.frames.empty() && !imageDataSeen_) {
        frames_.setupSize = next_ - frames_.setupOffset;  // the header chunks
      }
      const int num = u16(body + 20);
      const int den = u16(body + 22) == 0 ? 100 : u16(body + 22);  // 0 means 1/100 s
      frameDurationUs_ = int64_t{num} * 1000000 / den;
      frameStart_ = next_;
      frameOpen_ = true;
    } else if (isType(chunk, "IDAT") || isType(chunk, "fdAT")) {
      if (acTL_ && !imageDataSeen_ && !frameOpen_ && frames_.frames.empty()) {
        // A default image no fcTL claims is not part of the animation: the header chunks end here.
        frames_.setupSize = next_ - frames_.setupOffset;
      }
      imageDataSeen_ = true;
    } else if (isType(chunk, "IEND")) {
      if (!acTL_) {
        frames_.frames.push_back({0, end, 0});  // a still PNG: the whole file
      }
      frames_.complete = true;
      return;
    }
    next_ = end;
  }
  if (complete) {
    // No IEND: the frames read so far stand. As native Chromium (measured): an APNG frame
    // that no fcTL or IEND closed is cut, however many of its chunks arrived; a still PNG is
    // whole once a chunk after its data began, cut inside or right after that data (libpng
    // has not seen the data end), and none before its data.
    const bool typeHere = next_ + 8 <= size;
    const bool inData = typeHere && (isType(data + next_, "IDAT") || isType(data + next_, "fdAT"));
    if (acTL_) {
      frames_.truncated = frameOpen_;
    } else if (frames_.frames.empty()) {
      if (imageDataSeen_ && typeHere && !inData) frames_.frames.push_back({0, next_, 0});
      frames_.truncated = frames_.frames.empty() && (inData || imageDataSeen_);
    }
    frames_.invalid = frames_.frames.empty() && !frames_.truncated;
    frames_.complete = true;
  }
}

}  // namespace wcw
