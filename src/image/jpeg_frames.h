// JPEG (ITU-T T.81 Annex B, JFIF) and its EXIF orientation (CIPA DC-008 / TIFF 6.0 tag 0x0112):
// one frame, the whole file, listed once its EOI marker has arrived; libjpeg-turbo decodes it
// (src/codecs/jpeg_frame_decoder.h). The reader walks the marker segments and the entropy-coded
// data between them (where 0xFF is followed by 0x00 or a restart marker), so an EXIF
// thumbnail's own EOI, inside an APP1 segment, does not end the image.
#pragma once

#include "image_frames.h"

namespace wcw {

class JpegFrameReader final : public ImageReader {
 public:
  void read(const uint8_t* data, std::size_t size, bool complete) override;
  std::unique_ptr<ImageFrameDecoder> makeFrameDecoder() const override;

 private:
  void readApp1(const uint8_t* body, std::size_t length);

  bool soiRead_ = false;
  bool inScan_ = false;      // between an SOS segment and the next marker
  bool scanSeen_ = false;    // an SOS segment was read: the frame has begun
  std::size_t next_ = 0;     // the next byte to read
};

// The orientation in an APP1 "Exif" segment's body, or 0 when it names none.
int exifOrientation(const uint8_t* body, std::size_t length);

}  // namespace wcw
