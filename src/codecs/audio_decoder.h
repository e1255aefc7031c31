// WebCodecs AudioDecoder (§5) on an FFmpeg audio decoder: buffers go to the FrameRegistry in
// an AudioSampleFormat (double and 64-bit samples are converted to f32 with swresample).
#pragma once

#include "decoder_base.h"

namespace wcw {

class AudioDecoder final : public DecoderBase {
 private:
  void applyConfig(AVCodecContext* context, const CodecConfig& config) override;
  CodecStatus emitFrame(AVFramePtr frame, int64_t timestamp, int64_t duration,
                        OutputSink& sink) override;
  void onFlushed() override;
  AVFramePtr convert(const AVFrame& frame);

  SwrContextPtr swr_;
  // A chunk may decode to several buffers; later ones start where the previous one ended.
  int64_t chunkTimestamp_ = INT64_MIN;
  int64_t samplesSinceChunkStart_ = 0;
};

}  // namespace wcw
