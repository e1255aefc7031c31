#include "encoder_base.h"

#include <algorithm>
#include <cstring>

#include "../library_log.h"

extern "C" {
#include <libavutil/error.h>
}

namespace wcw {

EncoderParams defaultEncoderParams() {
  EncoderParams p;
  std::memset(&p, 0xff, sizeof p);  // every int32 member -1
  p.bitrate = -1;
  p.framerate = -1;
  return p;
}

bool hasEncoder(const std::string& name) {
  return avcodec_find_encoder_by_name(name.c_str()) != nullptr;
}

CodecStatus EncoderBase::configure(const CodecConfig& config) {
  config_ = config;
  configDue_ = true;
  packet_ = makePacket();
  if (!packet_) return CodecError{"NotSupportedError", "out of memory"};
  return open();
}

namespace {

// Whether two configurations differ at most in their rate (bitrate, framerate).
bool sameButRate(const CodecConfig& a, const CodecConfig& b) {
  EncoderParams rateless = b.encoder;
  rateless.bitrate = a.encoder.bitrate;
  rateless.framerate = a.encoder.framerate;
  return a.codec == b.codec && a.extradata == b.extradata && a.codedWidth == b.codedWidth &&
         a.codedHeight == b.codedHeight && a.sampleRate == b.sampleRate &&
         a.numberOfChannels == b.numberOfChannels && a.threads == b.threads &&
         a.lowDelay == b.lowDelay && std::memcmp(&rateless, &a.encoder, sizeof rateless) == 0;
}

}  // namespace

bool EncoderBase::reconfigure(const CodecConfig& config) {
  if (!context_ || !sameButRate(config_, config)) return false;
  if (!changeRate(context_.get(), config)) return false;
  config_ = config;
  return true;
}

CodecStatus EncoderBase::open() {
  context_.reset();
  const AVCodec* codec = avcodec_find_encoder_by_name(config_.codec.c_str());
  if (!codec) return CodecError{"NotSupportedError", "no encoder named " + config_.codec};
  // Pool threads are finite (wasm: PTHREAD_POOL_SIZE); EAGAIN means "fewer threads".
  for (int threads = std::max(1, config_.threads);; --threads) {
    AVCodecContextPtr context(avcodec_alloc_context3(codec));
    if (!context) return CodecError{"NotSupportedError", "out of memory"};
    context->thread_count = threads;
    AVDictionaryOwner options;
    if (CodecStatus status = setUp(context.get(), config_, options.out())) return status;
    const int err = avcodec_open2(context.get(), codec, options.out());
    if (err == AVERROR(EAGAIN) && threads > 1) continue;
    if (err < 0) return CodecError{"NotSupportedError", errorText("avcodec_open2", err)};
    context_ = std::move(context);
    return std::nullopt;
  }
}

CodecStatus EncoderBase::process(const InputTask& input, OutputSink& sink) {
  if (!context_) return CodecError{"EncodingError", "encoder is not configured"};
  return encodeInput(input, sink);
}

CodecStatus EncoderBase::send(const AVFrame* frame, OutputSink& sink) {
  int err = avcodec_send_frame(context_.get(), frame);
  if (err < 0 && !(frame == nullptr && err == AVERROR_EOF)) {
    return CodecError{"EncodingError", errorText("encode", err)};
  }
  for (;;) {
    err = avcodec_receive_packet(context_.get(), packet_.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return std::nullopt;
    if (err < 0) return CodecError{"EncodingError", errorText("encode", err)};
    // FLAC ends with an empty packet that only carries updated STREAMINFO: no chunk.
    if (packet_->size == 0) {
      av_packet_unref(packet_.get());
      continue;
    }
    AVPacketPtr packet = makePacket();
    if (!packet) return CodecError{"EncodingError", "out of memory"};
    av_packet_move_ref(packet.get(), packet_.get());
    if (CodecStatus status = emitPacket(std::move(packet), sink)) return status;
  }
}

CodecStatus EncoderBase::flush(OutputSink& sink) {
  if (!context_) return std::nullopt;
  if (CodecStatus status = encodeTail(sink)) return status;
  if (CodecStatus status = send(nullptr, sink)) return status;
  const std::vector<uint8_t> before = extradata();
  if (CodecStatus status = open()) return status;
  if (extradata() != before) configDue_ = true;
  onReopened();
  return std::nullopt;
}

bool EncoderBase::takeConfigDue() {
  const bool due = configDue_;
  configDue_ = false;
  return due;
}

std::vector<uint8_t> EncoderBase::extradata() const {
  if (!context_ || !context_->extradata || context_->extradata_size <= 0) return {};
  return {context_->extradata, context_->extradata + context_->extradata_size};
}

void EncoderBase::emitChunk(EncodedChunkRecord record, AVPacketPtr packet,
                            const std::vector<uint8_t>& description, OutputSink& sink) {
  record.head.kind = OutputKind::kChunk;
  record.head.planeCount = 1;
  record.descriptionLength = static_cast<uint32_t>(description.size());
  const PlaneRecord plane{reinterpret_cast<uintptr_t>(packet->data), 0,
                          static_cast<uint64_t>(packet->size)};
  std::vector<uint8_t> bytes = packRecord(record, {plane});
  bytes.insert(bytes.end(), description.begin(), description.end());
  sink.emit({nullptr, std::move(packet), std::move(bytes)});
}

AVPacketPtr EncoderBase::packetOf(const std::vector<uint8_t>& prefix, const uint8_t* bytes,
                                  std::size_t size) {
  AVPacketPtr out = makePacket();
  if (!out || av_new_packet(out.get(), static_cast<int>(prefix.size() + size)) < 0) return nullptr;
  if (!prefix.empty()) std::memcpy(out->data, prefix.data(), prefix.size());
  if (size) std::memcpy(out->data + prefix.size(), bytes, size);
  return out;
}

}  // namespace wcw
