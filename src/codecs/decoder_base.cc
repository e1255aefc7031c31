#include "decoder_base.h"

#include <algorithm>
#include <cstring>

#include "../library_log.h"

extern "C" {
#include <libavutil/error.h>
#include <libavutil/mem.h>
#include <libavutil/opt.h>
}

namespace wcw {

namespace {

constexpr std::size_t kMaxPendingDurations = 256;

}  // namespace

bool hasDecoder(const std::string& name) {
  return avcodec_find_decoder_by_name(name.c_str()) != nullptr;
}

CodecStatus DecoderBase::configure(const CodecConfig& config) {
  context_.reset();
  durations_.clear();
  const AVCodec* codec = avcodec_find_decoder_by_name(config.codec.c_str());
  if (!codec) return CodecError{"NotSupportedError", "no decoder named " + config.codec};
  if (CodecStatus bad = checkDescription(config)) return bad;
  packet_ = makePacket();
  // Pool threads are finite (wasm: PTHREAD_POOL_SIZE); EAGAIN means "fewer threads".
  for (int threads = std::max(1, config.threads);; --threads) {
    CodecConfig attempt = config;
    attempt.threads = threads;
    int openError = 0;
    CodecStatus status = openContext(codec, attempt, &openError);
    // Only a thread shortage is worth another try; any other failure is the config's.
    if (!status || threads == 1 || openError != AVERROR(EAGAIN)) return status;
  }
}

CodecStatus DecoderBase::openContext(const AVCodec* codec, const CodecConfig& config,
                                     int* openError) {
  AVCodecContextPtr context(avcodec_alloc_context3(codec));
  if (!context) return CodecError{"NotSupportedError", "out of memory"};
  if (!config.extradata.empty()) {
    context->extradata =
        static_cast<uint8_t*>(av_mallocz(config.extradata.size() + AV_INPUT_BUFFER_PADDING_SIZE));
    if (!context->extradata) return CodecError{"NotSupportedError", "out of memory"};
    std::copy(config.extradata.begin(), config.extradata.end(), context->extradata);
    context->extradata_size = static_cast<int>(config.extradata.size());
  }
  context->pkt_timebase = AVRational{1, 1000000};  // chunk timestamps are µs
  context->thread_count = config.threads;
  context->thread_type = config.lowDelay ? FF_THREAD_SLICE : FF_THREAD_FRAME | FF_THREAD_SLICE;
  if (config.lowDelay) context->flags |= AV_CODEC_FLAG_LOW_DELAY;
  applyConfig(context.get(), config);

  AVDictionaryOwner options;
  // dav1d buffers several frames by default; a latency-first config wants each one out at once.
  if (config.lowDelay && config.codec == "libdav1d") {
    av_dict_set(options.out(), "max_frame_delay", "1", 0);
  }
  const int err = avcodec_open2(context.get(), codec, options.out());
  *openError = err;
  if (err == AVERROR(EAGAIN)) return CodecError{"NotSupportedError", errorText("threads", err)};
  // A decoder that cannot start on the description it was given fails with OperationError, as
  // native Chromium's does (measured: AAC, FLAC, Opus); without one, the config is unsupported.
  if (err < 0) {
    return CodecError{config.extradata.empty() ? "NotSupportedError" : "OperationError",
                      errorText("avcodec_open2", err)};
  }
  context_ = std::move(context);
  return std::nullopt;
}

CodecStatus DecoderBase::process(const InputTask& input, OutputSink& sink) {
  AVPacketPtr packet = makePacket();
  if (!packet || av_new_packet(packet.get(), static_cast<int>(input.size)) < 0) {
    return CodecError{"EncodingError", "out of memory"};
  }
  if (input.size) std::memcpy(packet->data, input.data, input.size);
  packet->pts = input.timestamp;
  packet->dts = AV_NOPTS_VALUE;
  packet->duration = input.duration > 0 ? input.duration : 0;
  if (input.key) packet->flags |= AV_PKT_FLAG_KEY;
  return decode(packet.get(), sink);
}

CodecStatus DecoderBase::decode(AVPacket* packet, OutputSink& sink) {
  if (!context_) return CodecError{"EncodingError", "decoder is not configured"};
  if (packet->size == 0) return CodecError{"EncodingError", "empty chunk"};
  if (durations_.size() >= kMaxPendingDurations) durations_.erase(durations_.begin());
  durations_[packet->pts] = packet->duration > 0 ? packet->duration : -1;
  int err = avcodec_send_packet(context_.get(), packet);
  if (err == AVERROR(EAGAIN)) {
    // The decoder holds output it wants taken first (send/receive contract): take, then resend.
    if (CodecStatus status = drain(sink)) return status;
    err = avcodec_send_packet(context_.get(), packet);
  }
  if (err < 0) return CodecError{"EncodingError", errorText("decode", err)};
  return drain(sink);
}

CodecStatus DecoderBase::flush(OutputSink& sink) {
  if (!context_) return std::nullopt;
  int err = avcodec_send_packet(context_.get(), nullptr);
  if (err < 0 && err != AVERROR_EOF) return CodecError{"EncodingError", errorText("flush", err)};
  if (CodecStatus status = drain(sink)) return status;
  // Back to a decodable state; the next chunk must be a key frame (enforced in JS).
  avcodec_flush_buffers(context_.get());
  durations_.clear();
  onFlushed();
  return std::nullopt;
}

CodecStatus DecoderBase::drain(OutputSink& sink) {
  for (;;) {
    AVFramePtr frame = makeFrame();
    if (!frame) return CodecError{"EncodingError", "out of memory"};
    const int err = avcodec_receive_frame(context_.get(), frame.get());
    if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return std::nullopt;
    if (err < 0) return CodecError{"EncodingError", errorText("decode", err)};
    int64_t timestamp = frame->pts != AV_NOPTS_VALUE ? frame->pts : frame->best_effort_timestamp;
    if (timestamp == AV_NOPTS_VALUE) timestamp = 0;
    int64_t duration = -1;
    // Each chunk's duration is used once: a stream that loops back to earlier timestamps
    // without a flush must not find (or be evicted in favour of) stale entries.
    if (auto it = durations_.find(timestamp); it != durations_.end()) {
      duration = it->second;
      durations_.erase(it);
    }
    if (CodecStatus status = emitFrame(std::move(frame), timestamp, duration, sink)) return status;
  }
}

}  // namespace wcw
