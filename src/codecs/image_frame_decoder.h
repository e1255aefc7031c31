// Decodes the frames an ImageReader (src/image/image_frames.h) lists. The default one runs the
// FFmpeg decoder the reader names (FFmpeg's gif and apng decoders composite each animation
// frame onto the canvas the earlier ones left, so frames are decoded in order from the first,
// and a frame before the last decoded one starts over). A container whose frames FFmpeg cannot
// decode alone (WebP animations, AVIF's alpha items) gives its own through
// ImageReader::makeFrameDecoder(). Runs on the session's codec thread.
#pragma once

#include <memory>

#include "../image/image_frames.h"
#include "codec_adapter.h"
#include "video_decoder.h"

namespace wcw {

class ImageFrameDecoder {
 public:
  virtual ~ImageFrameDecoder() = default;
  // Emits frame `index` (listed in `frames`, its bytes in `file`) to `sink` as one VideoFrame
  // record whose timestamp is the sum of the earlier frames' durations. On failure the
  // session drops this decoder and makes a new one for the next request.
  virtual CodecStatus decode(const std::vector<uint8_t>& file, const ImageFrames& frames, uint32_t index,
                             OutputSink& sink) = 0;
  // ImageDecoderInit's desiredWidth/desiredHeight (0 = not given). Only JPEG decodes to a size
  // near it; native Chromium 156 ignores it for PNG, GIF, WebP and AVIF (measured).
  virtual void setDesiredSize(int width, int height) {
    (void)width;
    (void)height;
  }
};

// The FFmpeg decoder `decoderName` over the reader's packets, in RGBA/BGRA for RGB images.
class FfmpegImageFrameDecoder final : public ImageFrameDecoder {
 public:
  explicit FfmpegImageFrameDecoder(std::string decoderName) : decoderName_(std::move(decoderName)) {}
  CodecStatus decode(const std::vector<uint8_t>& file, const ImageFrames& frames, uint32_t index,
                     OutputSink& sink) override;

 private:
  std::string decoderName_;
  std::unique_ptr<VideoDecoder> decoder_;  // opened at the first request
  uint32_t nextFrame_ = 0;                 // the frame decoder_ takes next
};

// The microseconds frame `index` starts at: the sum of the earlier frames' durations.
int64_t imageFrameTimestamp(const ImageFrames& frames, uint32_t index);

// Frame `index`'s packet: a padded copy of its bytes in `file`, with pts `at` (µs) and its
// duration; nullptr when out of memory.
AVPacketPtr imageFramePacket(const std::vector<uint8_t>& file, const ImageFrames& frames, uint32_t index, int64_t at);

}  // namespace wcw
