// BMP (Microsoft's BITMAPFILEHEADER + BITMAPINFOHEADER family): one frame, the whole file,
// listed once the file size its header gives has arrived (or the bytes end, for a header that
// says 0); FFmpeg's bmp decoder decodes it.
#pragma once

#include "image_frames.h"

namespace wcw {

class BmpFrameReader final : public ImageReader {
 public:
  void read(const uint8_t* data, std::size_t size, bool complete) override;
  const char* decoderName() const override { return "bmp"; }
};

}  // namespace wcw
