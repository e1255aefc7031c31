#include "avif_frame_decoder.h"

#include "bgra_image.h"

namespace wcw {

namespace {

// Keeps the latest output: the decoders give each frame's picture as its packet goes in.
class LatestOutputSink final : public OutputSink {
 public:
  void emit(CodecOutput output) override { latest = std::move(output); }
  CodecOutput latest;
};

// av1C (AV1 Codec ISO Media File Format Binding §2.3.3): byte 2 holds mono_chrome (bit 4).
bool isMonochrome(const std::vector<uint8_t>& file, const ImageFrames& frames) {
  return frames.setupSize >= 4 && (file[frames.setupOffset + 2] & 0x10) != 0;
}

}  // namespace

CodecStatus AvifFrameDecoder::start(const std::vector<uint8_t>& file, const ImageFrames& frames) {
  CodecConfig config;
  config.codec = "libdav1d";
  config.lowDelay = true;  // one picture per packet, no frame delay
  config.extradata.assign(file.begin() + frames.setupOffset, file.begin() + frames.setupOffset + frames.setupSize);
  color_ = std::make_unique<VideoDecoder>();
  alpha_.reset();
  nextFrame_ = 0;
  if (CodecStatus status = color_->configure(config)) return status;
  if (!reader_.hasAlpha()) return std::nullopt;
  alpha_ = std::make_unique<Av1PictureDecoder>();
  const FileSpan setup = reader_.alphaSetup();
  return alpha_->open(file.data() + setup.offset, static_cast<std::size_t>(setup.size));
}

CodecStatus AvifFrameDecoder::decode(const std::vector<uint8_t>& file, const ImageFrames& frames, uint32_t index,
                                     OutputSink& sink) {
  if (!color_ || index < nextFrame_) {
    if (CodecStatus status = start(file, frames)) {
      color_.reset();
      return status;
    }
  }
  LatestOutputSink color;
  AVFramePtr alpha;
  for (int64_t at = imageFrameTimestamp(frames, nextFrame_); nextFrame_ <= index; ++nextFrame_) {
    AVPacketPtr packet = imageFramePacket(file, frames, nextFrame_, at);
    if (!packet) return CodecError{"EncodingError", "out of memory"};
    at += frames.frames[nextFrame_].durationUs;
    if (CodecStatus status = color_->decode(packet.get(), color)) return status;
    if (alpha_) {
      const ImageFrameSpan& alphaSpan = reader_.alphaFrames()[nextFrame_];
      CodecStatus status;
      alpha = alpha_->decode(file.data() + alphaSpan.offset, alphaSpan.size, &status);
      if (status) return status;
    }
  }
  if (!color.latest.frame) return CodecError{"EncodingError", "the frame did not decode"};
  if (!alpha_ && !reader_.isSequence() && !isMonochrome(file, frames)) {
    sink.emit(std::move(color.latest));  // as dav1d gave it: native keeps a still image's YUV
    return std::nullopt;
  }
  AVFramePtr bgra = toBgra(*color.latest.frame, alpha.get());
  if (!bgra) return CodecError{"EncodingError", "the AVIF image does not convert to BGRA"};
  const MediaRecordHead& head = *reinterpret_cast<const MediaRecordHead*>(color.latest.record.data());
  std::vector<uint8_t> record = bgraFrameRecord(*bgra, !alpha, head.timestamp, head.duration);
  sink.emit({std::move(bgra), nullptr, std::move(record)});
  return std::nullopt;
}

}  // namespace wcw
