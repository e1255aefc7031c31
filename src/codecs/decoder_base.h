// FFmpeg's send/receive discipline shared by the video and audio decoders (as Chromium's
// decoder_template serves both WebCodecs decoders). Subclasses set up the context and turn
// each AVFrame into an output.
#pragma once

#include <map>

#include "codec_adapter.h"

namespace wcw {

class DecoderBase : public CodecAdapter {
 public:
  CodecStatus configure(const CodecConfig& config) final;
  CodecStatus process(const InputTask& input, OutputSink& sink) final;
  // §4.5 decode(): one EncodedChunk. The packet's pts/duration are the chunk's (µs).
  CodecStatus decode(AVPacket* packet, OutputSink& sink);
  CodecStatus flush(OutputSink& sink) final;

 protected:
  // The codec's own rules for the description (extradata), before FFmpeg sees it.
  virtual CodecStatus checkDescription(const CodecConfig& config) {
    (void)config;
    return std::nullopt;
  }
  // Stream parameters that the bitstream does not carry (sizes, PCM layout...).
  virtual void applyConfig(AVCodecContext* context, const CodecConfig& config) = 0;
  // Called for every decoded frame, with the chunk timestamp and duration it came from.
  virtual CodecStatus emitFrame(AVFramePtr frame, int64_t timestamp, int64_t duration,
                                OutputSink& sink) = 0;
  // Forget per-stream state after flush() (for instance the audio sample clock).
  virtual void onFlushed() {}

  AVCodecContext* context() { return context_.get(); }

 private:
  // openError: avcodec_open2's return value (0 when it was not reached).
  CodecStatus openContext(const AVCodec* codec, const CodecConfig& config, int* openError);
  CodecStatus drain(OutputSink& sink);

  AVCodecContextPtr context_;
  AVPacketPtr packet_;
  // pts -> chunk duration; FFmpeg keeps pts through reordering but not reliably the duration.
  std::map<int64_t, int64_t> durations_;
};

}  // namespace wcw
