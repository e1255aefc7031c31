// WebP (RFC 9649, "WebP Image Format"; the container is its §2, Google's "WebP Container
// Specification"): the frames of a byte stream, listed with libwebp's demuxer as their bytes
// arrive. A still image (simple VP8/VP8L, or extended without ANIM) is one frame; an animation
// lists each ANMF frame. Frames are decoded and composited by WebpFrameDecoder
// (src/codecs/webp_frame_decoder.h): FFmpeg 5.1 cannot decode an animated WebP.
#pragma once

#include "image_frames.h"

namespace wcw {

class WebpFrameReader final : public ImageReader {
 public:
  void read(const uint8_t* data, std::size_t size, bool complete) override;
  std::unique_ptr<ImageFrameDecoder> makeFrameDecoder() const override;

 private:
  // Ends the stream: the frames listed stand; none at all means the bytes are no WebP.
  void end();
};

}  // namespace wcw
