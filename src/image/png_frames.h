// PNG (ISO/IEC 15948) and APNG (the APNG specification, W3C PNG 3rd edition): the frames of a
// byte stream. A PNG is one packet, the whole file, for FFmpeg's png decoder. An APNG (an acTL
// chunk before the image data) is FFmpeg's apng decoder's: setup bytes (the header chunks
// before the first frame control chunk) and one packet per frame, from its fcTL through its
// image data, as FFmpeg's apng demuxer cuts them; the decoder blends and disposes.
#pragma once

#include "image_frames.h"

namespace wcw {

class PngFrameReader final : public ImageReader {
 public:
  void read(const uint8_t* data, std::size_t size, bool complete) override;
  // An APNG (after its acTL chunk was read) is FFmpeg's apng decoder's, a PNG its png decoder's.
  const char* decoderName() const override { return acTL_ ? "apng" : "png"; }

 private:
  void endFrame(std::size_t end);

  bool signatureRead_ = false;
  bool acTL_ = false;
  bool imageDataSeen_ = false;   // IDAT (the default image) or fdAT
  bool frameOpen_ = false;       // an fcTL started a frame not yet listed
  std::size_t next_ = 0;         // the next chunk to read
  std::size_t frameStart_ = 0;
  int64_t frameDurationUs_ = 0;
};

}  // namespace wcw
