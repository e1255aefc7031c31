// Decodes the frame JpegFrameReader (src/image/jpeg_frames.h) lists with libjpeg-turbo, as
// native Chromium's JPEGImageDecoder does (blink/renderer/platform/image-decoders/jpeg), so the
// pixels are the same bytes (measured in Chromium 156, docs/ARCHITECTURE.md):
// - YCbCr with 4:2:0, 4:2:2 or 4:4:4 sampling (chroma 1x1, luma 2x2, 2x1 or 1x1), decoded at
//   full size: its planes as they are (jpeg_read_raw_data), I420 / I422 / I444, BT.601 full range;
// - anything else (grey, RGB, other samplings, CMYK/YCCK as Adobe's inverted CMYK, any
//   downscaled decode): BGRX, sRGB, libjpeg's "fancy" upsampling and integer IDCT.
// desiredWidth/desiredHeight scale the decode by n/8 with libjpeg's DCT scaling, n as native
// computes it (desiredScaleNumerator). Runs on the codec thread.
#pragma once

#include "image_frame_decoder.h"

namespace wcw {

// The n of native's n/8 decode of a `width` x `height` JPEG for ImageDecoderInit's
// desiredWidth/desiredHeight (0 = not given): 8 when the desired size holds as many pixels as
// the image or more; else floor(sqrt(8 * 8 * desired pixels / image pixels)), at least 1.
unsigned desiredScaleNumerator(int width, int height, int desiredWidth, int desiredHeight);

class JpegFrameDecoder final : public ImageFrameDecoder {
 public:
  CodecStatus decode(const std::vector<uint8_t>& file, const ImageFrames& frames, uint32_t index,
                     OutputSink& sink) override;
  void setDesiredSize(int width, int height) override {
    desiredWidth_ = width;
    desiredHeight_ = height;
  }

 private:
  int desiredWidth_ = 0;
  int desiredHeight_ = 0;
};

}  // namespace wcw
