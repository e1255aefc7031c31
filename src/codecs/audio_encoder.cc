#include "audio_encoder.h"

#include <cmath>
#include <cstring>
#include <string>

#include "../codec_task.h"

extern "C" {
#include <libavutil/channel_layout.h>
#include <libavutil/opt.h>
}

namespace wcw {

namespace {

// libopus encodes at these rates only; others are resampled to 48 kHz, as Chromium does.
bool opusRate(int rate) {
  return rate == 48000 || rate == 24000 || rate == 16000 || rate == 12000 || rate == 8000;
}

// The codec's preferred sample format: float (planar, else interleaved) where it takes float,
// else its first. libopus lists s16 first, but its float entry point is what Chromium feeds:
// no 16-bit rounding of the input, and no int-to-float pass inside libopus.
AVSampleFormat sampleFormatFor(const AVCodec* codec) {
  if (!codec->sample_fmts) return AV_SAMPLE_FMT_FLTP;
  for (AVSampleFormat wanted : {AV_SAMPLE_FMT_FLTP, AV_SAMPLE_FMT_FLT}) {
    for (const AVSampleFormat* f = codec->sample_fmts; *f != AV_SAMPLE_FMT_NONE; ++f) {
      if (*f == wanted) return *f;
    }
  }
  return codec->sample_fmts[0];
}

// The 7-byte ADTS header of one AAC-LC frame (ISO/IEC 13818-7 §6.2), for aac.format 'adts'.
std::vector<uint8_t> adtsHeader(int sampleRate, int channels, std::size_t payload) {
  static constexpr int kRates[] = {96000, 88200, 64000, 48000, 44100, 32000, 24000,
                                   22050, 16000, 12000, 11025, 8000,  7350};
  int rateIndex = 15;
  for (int i = 0; i < 13; ++i) {
    if (kRates[i] == sampleRate) rateIndex = i;
  }
  const std::size_t length = payload + 7;
  const int profile = 1;  // AAC LC (object type 2) - 1
  return {0xff,
          0xf1,  // MPEG-4, layer 0, no CRC
          static_cast<uint8_t>((profile << 6) | (rateIndex << 2) | ((channels >> 2) & 1)),
          static_cast<uint8_t>(((channels & 3) << 6) | ((length >> 11) & 3)),
          static_cast<uint8_t>((length >> 3) & 0xff),
          static_cast<uint8_t>(((length & 7) << 5) | 0x1f),
          0xfc};
}

}  // namespace

CodecStatus AudioEncoder::setUp(AVCodecContext* context, const CodecConfig& config,
                                AVDictionary** options) {
  const EncoderParams& p = config.encoder;
  const std::string& codec = config.codec;
  int rate = config.sampleRate;
  if (codec == "libopus" && !opusRate(rate)) rate = 48000;
  context->sample_rate = rate;
  context->time_base = AVRational{1, rate};
  av_channel_layout_default(&context->ch_layout, config.numberOfChannels);
  context->sample_fmt = sampleFormatFor(context->codec);
  if (p.bitrate > 0) context->bit_rate = p.bitrate;
  context->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;

  if (codec == "libopus") {
    if (p.bitrate <= 0) context->bit_rate = 32000 * std::min(config.numberOfChannels, 2);
    if (p.complexity >= 0) context->compression_level = p.complexity;
    if (p.frameDurationUs > 0) {
      av_dict_set(options, "frame_duration", std::to_string(p.frameDurationUs / 1000.0).c_str(),
                  0);
    }
    if (p.packetLossPerc >= 0) av_dict_set_int(options, "packet_loss", p.packetLossPerc, 0);
    if (p.inbandFec == 1) av_dict_set_int(options, "fec", 1, 0);
    if (p.dtx == 1) av_dict_set_int(options, "dtx", 1, 0);
    static constexpr const char* kApplications[] = {"audio", "voip", "lowdelay"};
    if (p.application >= 0 && p.application <= 2) {
      av_dict_set(options, "application", kApplications[p.application], 0);
    }
    av_dict_set(options, "vbr", p.bitrateMode == kBitrateConstant ? "off" : "constrained", 0);
  } else if (codec == "aac") {
    if (p.bitrate <= 0) context->bit_rate = 128000;
    context->profile = FF_PROFILE_AAC_LOW;
    if (p.adts == 1) context->flags &= ~AV_CODEC_FLAG_GLOBAL_HEADER;
  } else if (codec == "flac") {
    context->sample_fmt = AV_SAMPLE_FMT_S16;
    if (p.blockSize > 0) context->frame_size = p.blockSize;
    if (p.compressLevel >= 0) context->compression_level = p.compressLevel;
  } else if (codec == "libmp3lame") {
    // variable: LAME's average bitrate mode aims at the config's bitrate; without one, its
    // quality scale (V4, about 128-160 kbit/s on music). constant: CBR at the bitrate.
    if (p.bitrateMode != kBitrateConstant && p.bitrate > 0) {
      av_dict_set(options, "abr", "1", 0);
    } else if (p.bitrateMode != kBitrateConstant) {
      context->flags |= AV_CODEC_FLAG_QSCALE;
      context->global_quality = 4 * FF_QP2LAMBDA;
    } else if (p.bitrate <= 0) {
      context->bit_rate = 128000;
    }
  } else if (codec == "libvorbis") {
    if (p.bitrate <= 0) {
      context->flags |= AV_CODEC_FLAG_QSCALE;
      context->global_quality = 3 * FF_QP2LAMBDA;
    }
  }
  return std::nullopt;
}

void AudioEncoder::onReopened() {
  swr_.reset();
  fifo_.reset();
  haveBase_ = false;
  samplesSent_ = 0;
  samplesEmitted_ = 0;
}

CodecStatus AudioEncoder::convert(const uint8_t* const* planes, int frames) {
  AVCodecContext* c = context();
  const CodecConfig& cfg = config();
  if (!swr_) {
    AVChannelLayout layout;
    av_channel_layout_default(&layout, cfg.numberOfChannels);
    SwrContext* swr = nullptr;
    if (swr_alloc_set_opts2(&swr, &c->ch_layout, c->sample_fmt, c->sample_rate, &layout,
                            AV_SAMPLE_FMT_FLTP, cfg.sampleRate, 0, nullptr) < 0 ||
        swr_init(swr) < 0) {
      swr_free(&swr);
      return CodecError{"EncodingError", "cannot convert the audio"};
    }
    swr_.reset(swr);
    fifo_.reset(av_audio_fifo_alloc(c->sample_fmt, c->ch_layout.nb_channels, 4096));
    if (!fifo_) return CodecError{"EncodingError", "out of memory"};
  }
  const int capacity = swr_get_out_samples(swr_.get(), frames);
  if (capacity <= 0) return std::nullopt;
  uint8_t** out = nullptr;
  if (av_samples_alloc_array_and_samples(&out, nullptr, c->ch_layout.nb_channels, capacity,
                                         c->sample_fmt, 0) < 0) {
    return CodecError{"EncodingError", "out of memory"};
  }
  const int converted =
      swr_convert(swr_.get(), out, capacity, const_cast<const uint8_t**>(planes), frames);
  CodecStatus status;
  if (converted < 0) {
    status = CodecError{"EncodingError", "cannot convert the audio"};
  } else if (converted > 0 &&
             av_audio_fifo_write(fifo_.get(), reinterpret_cast<void**>(out), converted) < 0) {
    status = CodecError{"EncodingError", "out of memory"};
  }
  av_freep(&out[0]);
  av_freep(&out);
  return status;
}

CodecStatus AudioEncoder::sendFrames(bool all, OutputSink& sink) {
  AVCodecContext* c = context();
  // Encoders with a variable frame size (PCM) take 20 ms at a time.
  const int frameSize = c->frame_size > 0 ? c->frame_size : std::max(1, c->sample_rate / 50);
  while (fifo_ && av_audio_fifo_size(fifo_.get()) > 0) {
    const int available = av_audio_fifo_size(fifo_.get());
    if (available < frameSize && !all) break;
    const int n = std::min(available, frameSize);
    AVFramePtr frame = makeFrame();
    if (!frame) return CodecError{"EncodingError", "out of memory"};
    frame->nb_samples = n;
    frame->format = c->sample_fmt;
    frame->sample_rate = c->sample_rate;
    if (av_channel_layout_copy(&frame->ch_layout, &c->ch_layout) < 0 ||
        av_frame_get_buffer(frame.get(), 0) < 0) {
      return CodecError{"EncodingError", "out of memory"};
    }
    if (av_audio_fifo_read(fifo_.get(), reinterpret_cast<void**>(frame->data), n) != n) {
      return CodecError{"EncodingError", "audio buffer underrun"};
    }
    frame->pts = samplesSent_;
    samplesSent_ += n;
    if (CodecStatus status = send(frame.get(), sink)) return status;
  }
  return std::nullopt;
}

CodecStatus AudioEncoder::encodeInput(const InputTask& input, OutputSink& sink) {
  AudioInputHeader header;
  if (input.size < sizeof header) return CodecError{"EncodingError", "bad audio input"};
  std::memcpy(&header, input.data, sizeof header);
  const CodecConfig& cfg = config();
  if (header.numberOfChannels != cfg.numberOfChannels || header.sampleRate != cfg.sampleRate ||
      header.numberOfFrames < 0 ||
      static_cast<uint64_t>(header.numberOfFrames) * header.numberOfChannels * sizeof(float) >
          input.size - sizeof header) {
    return CodecError{"EncodingError", "audio input does not match the configuration"};
  }
  if (!haveBase_) {
    haveBase_ = true;
    baseTimestamp_ = input.timestamp;
  }
  const uint8_t* planes[AV_NUM_DATA_POINTERS] = {};
  if (header.numberOfChannels > AV_NUM_DATA_POINTERS) {
    return CodecError{"NotSupportedError", "too many channels"};
  }
  for (int ch = 0; ch < header.numberOfChannels; ++ch) {
    planes[ch] = input.data + sizeof header +
                 static_cast<std::size_t>(ch) * header.numberOfFrames * sizeof(float);
  }
  if (CodecStatus status = convert(planes, header.numberOfFrames)) return status;
  return sendFrames(false, sink);
}

CodecStatus AudioEncoder::encodeTail(OutputSink& sink) {
  if (!swr_) return std::nullopt;
  // What the resampler still holds, then the partial last frame.
  if (CodecStatus status = convert(nullptr, 0)) return status;
  return sendFrames(true, sink);
}

CodecStatus AudioEncoder::emitPacket(AVPacketPtr packet, OutputSink& sink) {
  AVCodecContext* c = context();
  const CodecConfig& cfg = config();
  EncodedChunkRecord record{};
  // Time covered so far, in microseconds of the input clock.
  auto toMicros = [&](int64_t samples) {
    return static_cast<int64_t>(std::llround(samples * 1e6 / c->sample_rate));
  };
  const int64_t samples = packet->duration > 0 ? packet->duration : c->frame_size;
  record.head.timestamp = baseTimestamp_ + toMicros(samplesEmitted_);
  record.head.duration = toMicros(samplesEmitted_ + samples) - toMicros(samplesEmitted_);
  samplesEmitted_ += samples;
  record.key = 1;
  record.temporalLayerId = -1;
  record.sampleRate = cfg.sampleRate;
  record.numberOfChannels = cfg.numberOfChannels;

  std::vector<uint8_t> description;
  if (takeConfigDue()) {
    record.configChanged = 1;
    description = extradata();
    if (cfg.codec == "flac" && description.size() == 34) {
      // §FLAC registration: "fLaC" and a last-metadata-block STREAMINFO header before it.
      const std::vector<uint8_t> streamInfo = description;
      description = {'f', 'L', 'a', 'C', 0x80, 0, 0, 34};
      description.insert(description.end(), streamInfo.begin(), streamInfo.end());
    }
  }
  if (cfg.codec == "aac" && cfg.encoder.adts == 1) {
    packet = packetOf(adtsHeader(c->sample_rate, c->ch_layout.nb_channels, packet->size),
                      packet->data, packet->size);
    if (!packet) return CodecError{"EncodingError", "out of memory"};
  }
  emitChunk(record, std::move(packet), description, sink);
  return std::nullopt;
}

}  // namespace wcw
