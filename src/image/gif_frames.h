// GIF (GIF89a specification, W3C/CompuServe 1990): the frames of a byte stream as FFmpeg's gif
// decoder takes them. The first packet runs from the signature through the first image, each
// later one from the end of the previous image through the end of its own (its Graphic Control
// Extension included), as FFmpeg's gif demuxer cuts them.
#pragma once

#include "image_frames.h"

namespace wcw {

class GifFrameReader {
 public:
  // Reads the `size` bytes that have arrived (the same bytes as before, and maybe more;
  // `complete` when no more will), resuming where the last call stopped. One thread at a time.
  void read(const uint8_t* data, std::size_t size, bool complete);
  const ImageFrames& frames() const { return frames_; }

 private:
  bool readHeader(const uint8_t* data, std::size_t size);

  ImageFrames frames_;
  bool headerRead_ = false;
  std::size_t next_ = 0;         // the next block to read
  std::size_t packetStart_ = 0;  // where the next frame's packet begins
  int64_t delayUs_ = 0;          // from the last Graphic Control Extension
};

}  // namespace wcw
