#include "image_decoder.h"

#include <cstring>

#include "../image/image_reader.h"

namespace wcw {

namespace {

// Gives the decoded frame its duration as ImageDecoder defines it (§10.2.5 Decode Complete
// Frame): an animation frame's delay, 0 included; none for a still image. Frame decoders work
// in packets, where a 0 duration means "unknown".
class FrameDurationSink final : public OutputSink {
 public:
  FrameDurationSink(OutputSink& next, int64_t durationUs) : next_(next), durationUs_(durationUs) {}
  void emit(CodecOutput output) override {
    MediaRecordHead head;
    std::memcpy(&head, output.record.data(), sizeof head);
    head.duration = durationUs_;
    std::memcpy(output.record.data(), &head, sizeof head);
    next_.emit(std::move(output));
  }

 private:
  OutputSink& next_;
  int64_t durationUs_;
};

}  // namespace

CodecStatus ImageDecoder::configure(const CodecConfig& config) {
  file_.clear();
  ended_ = false;
  decoder_.reset();
  desiredWidth_ = config.desiredWidth;
  desiredHeight_ = config.desiredHeight;
  reader_ = makeImageReader(config.codec);
  if (!reader_) return CodecError{"NotSupportedError", "no image reader for " + config.codec};
  return std::nullopt;
}

// §10.7 ImageTrack: told after every piece of the file, changed or not, so the owner knows
// which of the pieces it sent the core has read (the record's seq).
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
  track.truncated = f.truncated;
  track.orientation = f.orientation;
  track.trackCount = f.trackCount;
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
      return decodeFrame(header.index, sink);
    case ImageOp::kSelectTrack:
      // The reader starts over on the bytes here; the frame decoder was for the other track.
      reader_->selectTrack(static_cast<int>(header.index));
      decoder_.reset();
      if (!file_.empty() || ended_) reader_->read(file_.data(), file_.size(), ended_);
      emitTrack(sink);
      return std::nullopt;
  }
  return CodecError{"EncodingError", "bad image task"};
}

CodecStatus ImageDecoder::decodeFrame(uint32_t index, OutputSink& sink) {
  const ImageFrames& f = reader_->frames();
  if (index >= f.frames.size()) return CodecError{"EncodingError", "the frame's bytes have not arrived"};
  if (!decoder_) {
    decoder_ = reader_->makeFrameDecoder();
    decoder_->setDesiredSize(desiredWidth_, desiredHeight_);
  }
  FrameDurationSink timed(sink, f.animated ? f.frames[index].durationUs : -1);
  CodecStatus status = decoder_->decode(file_, f, index, timed);
  if (status) decoder_.reset();  // its state is unknown now: the next request starts over
  return status;
}

CodecStatus ImageDecoder::flush(OutputSink& sink) {
  (void)sink;
  return std::nullopt;
}

}  // namespace wcw
