#include "audio_decoder.h"

#include "../codec_task.h"
#include "../media/sample_format.h"

#include <cstring>
#include <string>

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/mathematics.h>
}

namespace wcw {

// The registry's descriptions (Opus: an OpusHead, RFC 7845 §5.1; FLAC: "fLaC" and its
// STREAMINFO), answered as native Chromium 156 answers (measured): a description that is
// missing where the codec needs one, or too short to read, is NotSupportedError; one that reads
// but says something else than the config, OperationError.
CodecStatus AudioDecoder::checkDescription(const CodecConfig& config) {
  const std::vector<uint8_t>& d = config.extradata;
  if (config.codec == "flac" && d.empty()) {
    return CodecError{"NotSupportedError", "FLAC needs a description (fLaC and STREAMINFO)"};
  }
  if (config.codec != "libopus") return std::nullopt;
  if (d.empty()) {
    // Without an OpusHead the stream is channel mapping family 0: mono or stereo.
    if (config.numberOfChannels > 2) {
      return CodecError{"NotSupportedError", "Opus with more than two channels needs a description (OpusHead)"};
    }
    return std::nullopt;
  }
  constexpr std::size_t kHeadSize = 19;
  if (d.size() < kHeadSize) return CodecError{"NotSupportedError", "the OpusHead description is too short"};
  if (std::memcmp(d.data(), "OpusHead", 8) != 0) {
    return CodecError{"OperationError", "the description is not an OpusHead"};
  }
  const int channels = d[9];
  const int family = d[18];
  if (channels != config.numberOfChannels) {
    return CodecError{"OperationError", "the OpusHead's channel count differs from numberOfChannels"};
  }
  if (family == 0 ? channels > 2 : d.size() < kHeadSize + 2 + static_cast<std::size_t>(channels)) {
    return CodecError{"OperationError", "the OpusHead's channel mapping is invalid"};
  }
  return std::nullopt;
}

void AudioDecoder::applyConfig(AVCodecContext* context, const CodecConfig& config) {
  // Needed by PCM and by Opus without an OpusHead; decoders that read a description override it.
  context->sample_rate = config.sampleRate;
  if (config.numberOfChannels > 0) {
    av_channel_layout_uninit(&context->ch_layout);
    av_channel_layout_default(&context->ch_layout, config.numberOfChannels);
  }
  // libopus decodes to float through opus_decode_float() when asked (else 16-bit): what
  // Chromium's Opus decoder calls, so that our samples equal native's ('f32').
  if (config.codec == "libopus") context->request_sample_fmt = AV_SAMPLE_FMT_FLT;
}

void AudioDecoder::onFlushed() {
  chunkTimestamp_ = INT64_MIN;
  samplesSinceChunkStart_ = 0;
}

namespace {

// The sample format native Chromium gives a decoder's output (measured, Chromium 156, in the
// browser tests): as decoded, except FLAC at 16 bits (s32) and interleaved float PCM
// (f32-planar: Chromium's AudioBuffer deinterleaves float); formats WebCodecs cannot name
// (§9.3 AudioSampleFormat) become f32.
AVSampleFormat outputFormat(const char* decoder, AVSampleFormat decoded) {
  const std::string name = decoder;
  if (name == "flac" && decoded == AV_SAMPLE_FMT_S16) return AV_SAMPLE_FMT_S32;
  if (name == "pcm_f32le" && decoded == AV_SAMPLE_FMT_FLT) return AV_SAMPLE_FMT_FLTP;
  return sampleFormatName(decoded) ? decoded : sampleConversionTarget(decoded);
}

}  // namespace

AVFramePtr AudioDecoder::convert(const AVFrame& frame, AVSampleFormat target) {
  const auto source = static_cast<AVSampleFormat>(frame.format);
  AVFramePtr out = makeFrame();
  if (!out) return nullptr;
  out->format = target;
  out->sample_rate = frame.sample_rate;
  if (av_channel_layout_copy(&out->ch_layout, &frame.ch_layout) < 0) return nullptr;
  // One converter while the stream's format, rate and layout stay.
  if (!swr_ || source != swrSource_ || target != swrTarget_ || frame.sample_rate != swrRate_ ||
      av_channel_layout_compare(&frame.ch_layout, &swrLayout_) != 0) {
    SwrContext* swr = nullptr;
    // FFmpeg 5.1 declares the input layout non-const but only reads it.
    auto* inLayout = const_cast<AVChannelLayout*>(&frame.ch_layout);
    if (swr_alloc_set_opts2(&swr, &out->ch_layout, target, frame.sample_rate, inLayout, source,
                            frame.sample_rate, 0, nullptr) < 0) {
      return nullptr;
    }
    swr_.reset(swr);
    if (swr_init(swr_.get()) < 0) {
      swr_.reset();
      return nullptr;
    }
    swrSource_ = source;
    swrTarget_ = target;
    swrRate_ = frame.sample_rate;
    av_channel_layout_uninit(&swrLayout_);
    if (av_channel_layout_copy(&swrLayout_, &frame.ch_layout) < 0) {
      swr_.reset();
      return nullptr;
    }
  }
  if (swr_convert_frame(swr_.get(), out.get(), &frame) < 0 ||
      av_frame_copy_props(out.get(), &frame) < 0) {
    return nullptr;
  }
  return out;
}

CodecStatus AudioDecoder::emitFrame(AVFramePtr frame, int64_t timestamp, int64_t duration,
                                    OutputSink& sink) {
  (void)duration;  // an AudioData's duration follows from its samples
  if (frame->sample_rate <= 0 || frame->nb_samples <= 0 || frame->ch_layout.nb_channels <= 0) {
    return CodecError{"EncodingError", "decoder produced an empty audio buffer"};
  }
  const AVSampleFormat target =
      outputFormat(context()->codec->name, static_cast<AVSampleFormat>(frame->format));
  if (target != frame->format) {
    frame = convert(*frame, target);
    if (!frame) return CodecError{"EncodingError", "sample format conversion failed"};
  }
  if (timestamp != chunkTimestamp_) {
    chunkTimestamp_ = timestamp;
    samplesSinceChunkStart_ = 0;
  }
  const AVRational microseconds{1, 1000000};
  const AVRational samples{1, frame->sample_rate};

  AudioDataRecord record{};
  record.head.kind = OutputKind::kAudio;
  record.head.timestamp = timestamp + av_rescale_q(samplesSinceChunkStart_, samples, microseconds);
  record.head.duration = av_rescale_q(frame->nb_samples, samples, microseconds);
  samplesSinceChunkStart_ += frame->nb_samples;
  const auto format = static_cast<AVSampleFormat>(frame->format);
  copyName(record.format, sampleFormatName(format));
  record.sampleRate = frame->sample_rate;
  record.numberOfFrames = frame->nb_samples;
  record.numberOfChannels = frame->ch_layout.nb_channels;

  std::vector<PlaneRecord> planes;
  const bool planar = av_sample_fmt_is_planar(format);
  const int planeCount = planar ? record.numberOfChannels : 1;
  const uint64_t planeSize = static_cast<uint64_t>(frame->nb_samples) *
                             av_get_bytes_per_sample(format) *
                             (planar ? 1 : record.numberOfChannels);
  for (int i = 0; i < planeCount; ++i) {
    planes.push_back({reinterpret_cast<uintptr_t>(frame->extended_data[i]), 0, planeSize});
  }
  record.head.planeCount = static_cast<uint32_t>(planes.size());
  sink.emit({std::move(frame), nullptr, packRecord(record, planes)});
  return std::nullopt;
}

}  // namespace wcw
