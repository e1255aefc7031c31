#include "image_decoder.h"

#include <cstring>

#include "../image/image_reader.h"

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

CodecStatus ImageDecoder::configure(const CodecConfig& config) {
  file_.clear();
  ended_ = false;
  decoder_.reset();
  nextFrame_ = 0;
  lastTrack_ = {};
  reader_ = makeImageReader(config.codec);
  if (!reader_) return CodecError{"NotSupportedError", "no image reader for " + config.codec};
  return std::nullopt;
}

// §10.7 ImageTrack: told again whenever what the bytes say has changed.
void ImageDecoder::emitTrack(OutputSink& sink) {
  const ImageFrames& f = reader_->frames();
  ImageTrackRecord track{};
  track.kind = OutputKind::kImageTrack;
  track.frameCount = static_cast<uint32_t>(f.frames.size());
  track.repetitionCount = f.repetitionCount;
  track.width = f.width;
  track.height = f.height;
  track.animated = f.animated;
  track.complete = f.complete;
  track.invalid = f.invalid;
  if (std::memcmp(&track, &lastTrack_, sizeof track) == 0) return;
  lastTrack_ = track;
  CodecOutput output;
  output.record.resize(sizeof track);
  std::memcpy(output.record.data(), &track, sizeof track);
  sink.emit(std::move(output));
}

CodecStatus ImageDecoder::process(const InputTask& input, OutputSink& sink) {
  ImageInputHeader header;
  if (input.size < sizeof header) return CodecError{"EncodingError", "bad image task"};
  std::memcpy(&header, input.data, sizeof header);
  switch (header.op) {
    case ImageOp::kAppend:
      if (ended_) return CodecError{"EncodingError", "bytes after the end of the image"};
      file_.insert(file_.end(), input.data + sizeof header, input.data + input.size);
      reader_->read(file_.data(), file_.size(), false);
      emitTrack(sink);
      return std::nullopt;
    case ImageOp::kEnd:
      ended_ = true;
      reader_->read(file_.data(), file_.size(), true);
      emitTrack(sink);
      return std::nullopt;
    case ImageOp::kDecode:
      return decodeFrame(header.frameIndex, sink);
  }
  return CodecError{"EncodingError", "bad image task"};
}

CodecStatus ImageDecoder::decodeFrame(uint32_t index, OutputSink& sink) {
  const ImageFrames& f = reader_->frames();
  if (index >= f.frames.size()) return CodecError{"EncodingError", "the frame's bytes have not arrived"};
  if (!decoder_ || index < nextFrame_) {
    CodecConfig config;
    config.codec = reader_->decoderName();
    config.rgbOutput = true;
    config.extradata.assign(file_.begin() + f.setupOffset, file_.begin() + f.setupOffset + f.setupSize);
    decoder_ = std::make_unique<VideoDecoder>();
    if (CodecStatus status = decoder_->configure(config)) {
      decoder_.reset();
      return status;
    }
    nextFrame_ = 0;
  }
  int64_t at = 0;  // where frame nextFrame_ starts
  for (uint32_t i = 0; i < nextFrame_; ++i) at += f.frames[i].durationUs;
  int64_t timestamp = at;
  for (uint32_t i = nextFrame_; i < index; ++i) timestamp += f.frames[i].durationUs;
  // The frames on the way have earlier timestamps (or equal ones, when delays are 0: then the
  // requested frame, decoded last, is the one kept).
  OneFrameSink one(timestamp);
  for (; nextFrame_ <= index; at += f.frames[nextFrame_].durationUs, ++nextFrame_) {
    const ImageFrameSpan& span = f.frames[nextFrame_];
    AVPacketPtr packet = makePacket();
    if (!packet || av_new_packet(packet.get(), static_cast<int>(span.size)) < 0) {
      return CodecError{"EncodingError", "out of memory"};
    }
    std::memcpy(packet->data, file_.data() + span.offset, span.size);
    packet->pts = at;
    packet->duration = span.durationUs;
    if (CodecStatus status = decoder_->decode(packet.get(), one)) {
      decoder_.reset();  // its canvas is unknown now: the next request starts over
      return status;
    }
  }
  if (!one.kept.frame) return CodecError{"EncodingError", "the frame did not decode"};
  sink.emit(std::move(one.kept));
  return std::nullopt;
}

CodecStatus ImageDecoder::flush(OutputSink& sink) {
  (void)sink;
  return std::nullopt;
}

}  // namespace wcw
