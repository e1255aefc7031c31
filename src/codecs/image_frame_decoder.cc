#include "image_frame_decoder.h"

#include <cstring>

namespace wcw {

namespace {

// Keeps the output of one frame (the requested one) and drops the ones decoded on the way.
class OneFrameSink final : public OutputSink {
 public:
  explicit OneFrameSink(int64_t timestamp) : timestamp_(timestamp) {}
  void emit(CodecOutput output) override {
    MediaRecordHead head;
    std::memcpy(&head, output.record.data(), sizeof head);
    if (head.timestamp == timestamp_) kept = std::move(output);
  }
  CodecOutput kept;

 private:
  int64_t timestamp_;
};

}  // namespace

int64_t imageFrameTimestamp(const ImageFrames& frames, uint32_t index) {
  int64_t at = 0;
  for (uint32_t i = 0; i < index; ++i) at += frames.frames[i].durationUs;
  return at;
}

AVPacketPtr imageFramePacket(const std::vector<uint8_t>& file, const ImageFrames& frames, uint32_t index, int64_t at) {
  const ImageFrameSpan& span = frames.frames[index];
  AVPacketPtr packet = makePacket();
  if (!packet || av_new_packet(packet.get(), static_cast<int>(span.size)) < 0) return nullptr;
  std::memcpy(packet->data, file.data() + span.offset, span.size);
  packet->pts = at;
  packet->duration = span.durationUs;
  return packet;
}

CodecStatus FfmpegImageFrameDecoder::decode(const std::vector<uint8_t>& file, const ImageFrames& f, uint32_t index,
                                            OutputSink& sink) {
  if (!decoder_ || index < nextFrame_) {
    CodecConfig config;
    config.codec = decoderName_;
    config.imageOutput = true;
    config.extradata.assign(file.begin() + f.setupOffset, file.begin() + f.setupOffset + f.setupSize);
    decoder_ = std::make_unique<VideoDecoder>();
    if (CodecStatus status = decoder_->configure(config)) {
      decoder_.reset();
      return status;
    }
    nextFrame_ = 0;
  }
  int64_t at = imageFrameTimestamp(f, nextFrame_);  // where frame nextFrame_ starts
  // The frames on the way have earlier timestamps (or equal ones, when delays are 0: then the
  // requested frame, decoded last, is the one kept).
  OneFrameSink one(imageFrameTimestamp(f, index));
  for (; nextFrame_ <= index; at += f.frames[nextFrame_].durationUs, ++nextFrame_) {
    AVPacketPtr packet = imageFramePacket(file, f, nextFrame_, at);
    if (!packet) return CodecError{"EncodingError", "out of memory"};
    if (CodecStatus status = decoder_->decode(packet.get(), one)) return status;
  }
  if (!one.kept.frame) return CodecError{"EncodingError", "the frame did not decode"};
  sink.emit(std::move(one.kept));
  return std::nullopt;
}

}  // namespace wcw
