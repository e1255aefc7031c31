#include "audio_decoder.h"

#include "../codec_task.h"
#include "../media/sample_format.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/mathematics.h>
}

namespace wcw {

void AudioDecoder::applyConfig(AVCodecContext* context, const CodecConfig& config) {
  // Needed by PCM and by Opus without an OpusHead; decoders that read a description override it.
  context->sample_rate = config.sampleRate;
  if (config.numberOfChannels > 0) {
    av_channel_layout_uninit(&context->ch_layout);
    av_channel_layout_default(&context->ch_layout, config.numberOfChannels);
  }
}

void AudioDecoder::onFlushed() {
  chunkTimestamp_ = INT64_MIN;
  samplesSinceChunkStart_ = 0;
}

AVFramePtr AudioDecoder::convert(const AVFrame& frame) {
  const auto source = static_cast<AVSampleFormat>(frame.format);
  AVFramePtr out = makeFrame();
  if (!out) return nullptr;
  out->format = sampleConversionTarget(source);
  out->sample_rate = frame.sample_rate;
  if (av_channel_layout_copy(&out->ch_layout, &frame.ch_layout) < 0) return nullptr;
  SwrContext* swr = nullptr;
  // FFmpeg 5.1 declares the input layout non-const but only reads it.
  auto* inLayout = const_cast<AVChannelLayout*>(&frame.ch_layout);
  if (swr_alloc_set_opts2(&swr, &out->ch_layout, static_cast<AVSampleFormat>(out->format),
                          frame.sample_rate, inLayout, source, frame.sample_rate, 0, nullptr) < 0) {
    return nullptr;
  }
  swr_.reset(swr);
  if (swr_init(swr_.get()) < 0 || swr_convert_frame(swr_.get(), out.get(), &frame) < 0 ||
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
  if (!sampleFormatName(static_cast<AVSampleFormat>(frame->format))) {
    frame = convert(*frame);
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
