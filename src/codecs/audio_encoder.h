// WebCodecs AudioEncoder (§5) on FFmpeg's encoders (libopus, aac, flac, libvorbis, libmp3lame,
// PCM and G.711). Input is f32-planar at the configured rate and channel count (the API layer
// converts AudioData with copyTo()); it is converted to the codec's sample format (and rate,
// for Opus at rates libopus lacks) and re-framed to the codec's frame size.
//
// Chunk timestamps follow the input: the first input timestamp after configure() or flush(),
// plus the samples already covered by earlier chunks, so durations add up exactly.
#pragma once

#include "encoder_base.h"

extern "C" {
#include <libavutil/audio_fifo.h>
}

namespace wcw {

struct AVAudioFifoDeleter {
  void operator()(AVAudioFifo* p) const { av_audio_fifo_free(p); }
};
using AVAudioFifoPtr = std::unique_ptr<AVAudioFifo, AVAudioFifoDeleter>;

class AudioEncoder final : public EncoderBase {
 private:
  CodecStatus setUp(AVCodecContext* context, const CodecConfig& config,
                    AVDictionary** options) override;
  CodecStatus encodeInput(const InputTask& input, OutputSink& sink) override;
  CodecStatus encodeTail(OutputSink& sink) override;
  CodecStatus emitPacket(AVPacketPtr packet, OutputSink& sink) override;
  void onReopened() override;

  // Converts (and resamples) f32-planar input into the FIFO; nullptr input drains swr.
  CodecStatus convert(const uint8_t* const* planes, int frames);
  // Sends whole codec frames from the FIFO; with `all`, the remainder as a short last frame.
  CodecStatus sendFrames(bool all, OutputSink& sink);

  SwrContextPtr swr_;
  AVAudioFifoPtr fifo_;
  bool haveBase_ = false;
  int64_t baseTimestamp_ = 0;  // µs, of the first input since configure/flush
  int64_t samplesSent_ = 0;    // in the codec's rate: pts of the next frame sent
  int64_t samplesEmitted_ = 0;  // in the codec's rate: covered by chunks so far
};

}  // namespace wcw
