// WebCodecs AudioDecoder (§5) on an FFmpeg audio decoder: buffers go to the FrameRegistry in
// the AudioSampleFormat native Chromium gives (converted with swresample where it differs).
#pragma once

#include "decoder_base.h"

namespace wcw {

class AudioDecoder final : public DecoderBase {
 public:
  ~AudioDecoder() override { av_channel_layout_uninit(&swrLayout_); }

 private:
  CodecStatus checkDescription(const CodecConfig& config) override;
  void applyConfig(AVCodecContext* context, const CodecConfig& config) override;
  CodecStatus emitFrame(AVFramePtr frame, int64_t timestamp, int64_t duration,
                        OutputSink& sink) override;
  void onFlushed() override;
  AVFramePtr convert(const AVFrame& frame, AVSampleFormat target);

  // The converter and what it was made for (codec thread).
  SwrContextPtr swr_;
  AVSampleFormat swrSource_ = AV_SAMPLE_FMT_NONE;
  AVSampleFormat swrTarget_ = AV_SAMPLE_FMT_NONE;
  int swrRate_ = 0;
  AVChannelLayout swrLayout_{};
  // A chunk may decode to several buffers; later ones start where the previous one ended.
  int64_t chunkTimestamp_ = INT64_MIN;
  int64_t samplesSinceChunkStart_ = 0;
};

}  // namespace wcw
