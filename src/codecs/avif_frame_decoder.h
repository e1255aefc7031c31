// Decodes the frames an AvifFrameReader lists with dav1d: the colour stream through a
// VideoDecoder, the alpha auxiliary stream (if any) through an Av1PictureDecoder. Frames come
// out as native Chromium 156 gives them (measured): a still opaque colour image in its own YUV
// format (I420, I422, I444, I420P10, ...); with alpha, monochrome, or from an image sequence,
// as BGRA (BGRX when opaque). Sequence frames are decoded in order from the first (AV1 inter
// frames), and a request before the last decoded frame starts over.
#pragma once

#include <memory>

#include "../image/avif_frames.h"
#include "av1_picture_decoder.h"
#include "image_frame_decoder.h"

namespace wcw {

class AvifFrameDecoder final : public ImageFrameDecoder {
 public:
  // `reader` is the session's, which outlives its frame decoder (src/codecs/image_decoder.h).
  explicit AvifFrameDecoder(const AvifFrameReader& reader) : reader_(reader) {}
  CodecStatus decode(const std::vector<uint8_t>& file, const ImageFrames& frames, uint32_t index,
                     OutputSink& sink) override;

 private:
  CodecStatus start(const std::vector<uint8_t>& file, const ImageFrames& frames);

  const AvifFrameReader& reader_;
  std::unique_ptr<VideoDecoder> color_;
  std::unique_ptr<Av1PictureDecoder> alpha_;
  uint32_t nextFrame_ = 0;
};

}  // namespace wcw
