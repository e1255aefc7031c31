// FFmpeg's send/receive discipline shared by the video and audio encoders (as DecoderBase serves
// both decoders). Subclasses set up the context, turn each input task into frames, and turn
// each packet into an EncodedChunkRecord.
//
// flush() drains the encoder with a null frame; FFmpeg's encoders cannot take frames after that,
// so the encoder is opened again with the same configuration (the next output is then a key
// frame, and a new decoderConfig follows only if the codec's extradata changed).
#pragma once

#include <vector>

#include "../codec_task.h"
#include "codec_adapter.h"

namespace wcw {

class EncoderBase : public CodecAdapter {
 public:
  CodecStatus configure(const CodecConfig& config) final;
  // True when `config` differs from the current one only in bitrate and framerate and the
  // codec takes the new rate while it runs (changeRate()).
  bool reconfigure(const CodecConfig& config) final;
  CodecStatus process(const InputTask& input, OutputSink& sink) final;
  CodecStatus flush(OutputSink& sink) final;

 protected:
  // Context members and avcodec_open2 options for `config` (sizes, formats, rate control).
  virtual CodecStatus setUp(AVCodecContext* context, const CodecConfig& config,
                            AVDictionary** options) = 0;
  // Sends the frames one input task makes (none while audio accumulates) through send().
  virtual CodecStatus encodeInput(const InputTask& input, OutputSink& sink) = 0;
  // Sends what is buffered before the encoder is drained (audio's last partial frame).
  virtual CodecStatus encodeTail(OutputSink& sink) {
    (void)sink;
    return std::nullopt;
  }
  // Publishes one packet as a chunk.
  virtual CodecStatus emitPacket(AVPacketPtr packet, OutputSink& sink) = 0;
  // The codec was drained and opened again: forget per-stream state (timestamps, buffers).
  virtual void onReopened() {}
  // Gives the open codec the rate of `params` (bitrate, framerate) between two frames; false
  // when this codec cannot (it is then drained and opened again with the new configuration).
  virtual bool changeRate(AVCodecContext* context, const CodecConfig& config) {
    (void)context;
    (void)config;
    return false;
  }

  // avcodec_send_frame + every packet it makes ready; frame nullptr drains.
  CodecStatus send(const AVFrame* frame, OutputSink& sink);
  AVCodecContext* context() { return context_.get(); }
  const CodecConfig& config() const { return config_; }
  // True once per decoder config: for the first chunk after configure(), and after a reopen
  // that changed the extradata. The caller attaches metadata.decoderConfig when it is true.
  bool takeConfigDue();
  // The codec's extradata (its global headers), empty when it has none.
  std::vector<uint8_t> extradata() const;
  // Publishes `packet` as one chunk: `record` (its kind, plane and description length are set
  // here) followed by the `description` bytes.
  void emitChunk(EncodedChunkRecord record, AVPacketPtr packet,
                 const std::vector<uint8_t>& description, OutputSink& sink);
  // A new packet holding `prefix` then `bytes` (an ADTS header and a frame, a rewritten access
  // unit); nullptr when out of memory.
  static AVPacketPtr packetOf(const std::vector<uint8_t>& prefix, const uint8_t* bytes,
                              std::size_t size);

 private:
  CodecStatus open();

  CodecConfig config_;
  AVCodecContextPtr context_;
  AVPacketPtr packet_;
  bool configDue_ = false;
};

}  // namespace wcw
