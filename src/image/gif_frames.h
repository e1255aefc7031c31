// GIF (GIF89a specification, W3C/CompuServe 1990): the frames of a byte stream as FFmpeg's gif
// decoder takes them. The first packet runs from the signature through the first image, each
// later one from the end of the previous image through the end of its own (its Graphic Control
// Extension included), as FFmpeg's gif demuxer cuts them.
#pragma once

#include "image_frames.h"

namespace wcw {

class GifFrameReader final : public ImageReader {
 public:
  void read(const uint8_t* data, std::size_t size, bool complete) override;
  const char* decoderName() const override { return "gif"; }

 private:
  bool readHeader(const uint8_t* data, std::size_t size);

  bool headerRead_ = false;
  std::size_t next_ = 0;         // the next block to read
  std::size_t packetStart_ = 0;  // where the next frame's packet begins
  int64_t delayUs_ = 0;          // from the last Graphic Control Extension
};

}  // namespace wcw
