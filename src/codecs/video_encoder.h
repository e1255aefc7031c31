// WebCodecs VideoEncoder (§6) on FFmpeg's wrappers of openh264, libvpx and libaom: pictures of
// any VideoPixelFormat and size are converted and scaled (swscale) to the encoder's format and
// configured size, as Chromium scales frames whose size differs from the config.
#pragma once

#include <cstddef>
#include <map>

#include "encoder_base.h"

namespace wcw {

class VideoEncoder final : public EncoderBase {
 private:
  CodecStatus setUp(AVCodecContext* context, const CodecConfig& config,
                    AVDictionary** options) override;
  CodecStatus encodeInput(const InputTask& input, OutputSink& sink) override;
  CodecStatus emitPacket(AVPacketPtr packet, OutputSink& sink) override;
  bool changeRate(AVCodecContext* context, const CodecConfig& config) override;
  void onReopened() override {
    pending_.clear();
    temporalIndex_ = 0;
  }

  // The picture of an input task in the encoder's format and size; nullptr on failure.
  AVFramePtr picture(const InputTask& input);

  SwsContextPtr sws_;
  // What a chunk reports of its frame, by pts: encoders keep pts but not reliably the
  // duration, and FFmpeg does not say which temporal layer a packet is in.
  struct Pending {
    int64_t duration;
    int temporalLayerId;  // -1 without temporal layers
  };
  std::map<int64_t, Pending> pending_;
  int temporalLayers_ = 1;
  std::size_t temporalIndex_ = 0;
};

}  // namespace wcw
