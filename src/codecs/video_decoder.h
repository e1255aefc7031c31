// WebCodecs VideoDecoder (§4) on an FFmpeg video decoder: frames go to the FrameRegistry
// in a VideoPixelFormat, converted with swscale when FFmpeg's format has no WebCodecs name.
#pragma once

#include "decoder_base.h"

namespace wcw {

class VideoDecoder final : public DecoderBase {
 private:
  void applyConfig(AVCodecContext* context, const CodecConfig& config) override;
  CodecStatus emitFrame(AVFramePtr frame, int64_t timestamp, int64_t duration,
                        OutputSink& sink) override;
  // Converts to a format WebCodecs can name; nullptr on failure.
  AVFramePtr convert(const AVFrame& frame);

  SwsContextPtr sws_;
  // Names an image decoder's picture (CodecConfig::imageOutput): sRGB BGRA or BGRX.
  void describeImage(const AVFrame& frame, VideoFrameRecord& record) const;

  bool imageOutput_ = false;  // CodecConfig::imageOutput
};

}  // namespace wcw
