#include "video_encoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "../codec_task.h"
#include "../frame_registry.h"
#include "../media/pixel_format.h"
#include "avc_format.h"

extern "C" {
#include <libavutil/imgutils.h>
#include <libavutil/opt.h>
#include <libavutil/pixdesc.h>
}

namespace wcw {

namespace {

constexpr std::size_t kMaxPendingDurations = 256;
// Key frames only where asked for (encode(frame, {keyFrame: true})) or where the codec must
// place one, as Chromium configures its software encoders.
constexpr int kNoPeriodicKeyFrames = 1 << 20;

// The encoder's input format for the configured codec, profile and bit depth.
AVPixelFormat encoderPixelFormat(const std::string& codec, const EncoderParams& p) {
  const bool high = p.bitDepth > 8;
  const int profile = std::max(0, p.profile);
  if (codec == "libvpx-vp9") {
    if (profile == 1) return AV_PIX_FMT_YUV444P;
    if (profile == 2) return AV_PIX_FMT_YUV420P10LE;
    if (profile == 3) return AV_PIX_FMT_YUV444P10LE;
    return AV_PIX_FMT_YUV420P;
  }
  if (codec == "libaom-av1") {
    if (profile == 1) return high ? AV_PIX_FMT_YUV444P10LE : AV_PIX_FMT_YUV444P;
    if (profile == 2) return high ? AV_PIX_FMT_YUV422P10LE : AV_PIX_FMT_YUV422P;
    return high ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P;
  }
  return AV_PIX_FMT_YUV420P;  // libopenh264, libvpx (VP8)
}

// Chromium's default when the config names no bitrate: about 0.1 bit per pixel at 30 fps.
int64_t defaultBitrate(int width, int height, double framerate) {
  return std::max<int64_t>(200000, std::llround(width * height * framerate * 0.1));
}

void setOption(AVDictionary** options, const char* key, int64_t value) {
  av_dict_set_int(options, key, value, 0);
}

// scalabilityMode L1T2 and L1T3 (WebRTC SVC): the periodic structures Chromium uses, T2 = 0,1 and
// T3 = 0,2,1,2, restarted by a forced key frame. libvpx's preset layer patterns 2 and 3 (FFmpeg's
// ts_layering_mode), openh264's dyadic temporal levels and libaom's SVC controls
// (wasm-build/ffmpeg-encoder-controls.patch) all follow them. Layer bitrates are cumulative,
// in kbit/s.
const std::vector<int>& temporalPattern(int layers) {
  static const std::vector<int> kNone{0};
  static const std::vector<int> kT2{0, 1};
  static const std::vector<int> kT3{0, 2, 1, 2};
  return layers == 3 ? kT3 : layers == 2 ? kT2 : kNone;
}

// Rate control at a constant rate: asked for, or for temporal layers, which libvpx and libaom
// rate-control in CBR only.
bool constantRate(const EncoderParams& p, int temporalLayers) {
  return p.bitrateMode == kBitrateConstant ||
         (temporalLayers > 1 && p.bitrateMode != kBitrateQuantizer);
}

// The bit rate asked for, or Chromium's default for the size and frame rate.
int64_t targetBitrate(const CodecConfig& config) {
  const EncoderParams& p = config.encoder;
  const double framerate = p.framerate > 0 ? p.framerate : 30.0;
  return p.bitrate > 0 ? p.bitrate
                       : defaultBitrate(config.codedWidth, config.codedHeight, framerate);
}

// Timestamps are WebCodecs microseconds. libvpx and libaom take ticks_per_frame as each frame's
// duration, which their rate control uses: one frame interval, not one microsecond.
void setFrameRate(AVCodecContext* context, double framerate) {
  context->ticks_per_frame = std::max(1, static_cast<int>(std::lround(1e6 / framerate)));
  context->framerate = av_d2q(framerate, 1000000);
}

std::string temporalLayerParameters(int layers, int64_t bitrate) {
  const int64_t kbps = std::max<int64_t>(1, bitrate / 1000);
  const std::string rates = layers == 3 ? std::to_string(kbps * 4 / 10) + "," +
                                              std::to_string(kbps * 6 / 10) + "," +
                                              std::to_string(kbps)
                                        : std::to_string(kbps * 6 / 10) + "," + std::to_string(kbps);
  // ts_layering_mode last: it completes what the keys before it set.
  return "ts_number_layers=" + std::to_string(layers) + ":ts_target_bitrate=" + rates +
         ":ts_layering_mode=" + std::to_string(layers);
}

}  // namespace

CodecStatus VideoEncoder::setUp(AVCodecContext* context, const CodecConfig& config,
                                AVDictionary** options) {
  const EncoderParams& p = config.encoder;
  const std::string& codec = config.codec;
  context->width = config.codedWidth;
  context->height = config.codedHeight;
  context->pix_fmt = encoderPixelFormat(codec, p);
  const double framerate = p.framerate > 0 ? p.framerate : 30.0;
  context->time_base = AVRational{1, 1000000};
  setFrameRate(context, framerate);
  context->gop_size = kNoPeriodicKeyFrames;
  const int64_t bitrate = targetBitrate(config);
  // openh264 has no per-frame quantizer (nor has Chromium's encoder on it).
  if (p.bitrateMode == kBitrateQuantizer && codec != "libvpx-vp9" && codec != "libaom-av1") {
    return CodecError{"NotSupportedError", "bitrateMode 'quantizer' is supported for VP9 and AV1"};
  }
  if (p.temporalLayers > 3) return CodecError{"NotSupportedError", "at most 3 temporal layers"};
  temporalLayers_ = std::max(1, p.temporalLayers);
  if (p.bitrateMode == kBitrateQuantizer) {
    // libvpx's and libaom's constant-quality mode (VPX_Q, AOM_Q) at the coarsest level, each
    // frame's quantizer then capped by rc_max_quantizer, which the wrappers update from qmax
    // before every frame.
    context->bit_rate = 0;
    context->qmin = 0;
    context->qmax = 63;
    setOption(options, "crf", 63);
  } else {
    context->bit_rate = bitrate;
  }
  if (constantRate(p, temporalLayers_)) {
    // libvpx and libaom switch to CBR when min = max = target rate.
    context->rc_min_rate = context->rc_max_rate = bitrate;
    context->rc_buffer_size = static_cast<int>(std::min<int64_t>(bitrate, INT32_MAX));
  }
  const bool realtime = p.realtime == 1;
  const int pixels = config.codedWidth * config.codedHeight;
  // Tiles let libvpx/libaom threads share a picture: one column per 640 pixels of width.
  const int tileColumnsLog2 = config.codedWidth >= 1280 ? (config.codedWidth >= 1920 ? 2 : 1) : 0;

  if (codec == "libopenh264") {
    // 66 with constraint_set1 = constrained baseline, 77 main, 100 high (AVC registration).
    context->profile = p.profile == 100  ? FF_PROFILE_H264_HIGH
                       : p.profile == 77 ? FF_PROFILE_H264_MAIN
                                         : FF_PROFILE_H264_CONSTRAINED_BASELINE;
    // No AV_CODEC_FLAG_GLOBAL_HEADER: with it FFmpeg's wrapper strips SPS/PPS from key frames,
    // which Annex B and avc3 streams need in band; avcC is built from the first key frame's.
    av_dict_set(options, "rc_mode", p.bitrateMode == kBitrateConstant ? "bitrate" : "quality", 0);
    av_dict_set(options, "allow_skip_frames", "0", 0);
    setOption(options, "temporal_layers", temporalLayers_);
  } else if (codec == "libvpx" || codec == "libvpx-vp9") {
    const bool vp9 = codec == "libvpx-vp9";
    // Chromium runs libvpx at realtime speed in both latency modes (measured with Chromium 156:
    // 720p VP8 110 fps and VP9 46-52 fps either way); 'quality' differs by allowing lookahead.
    // Libvpx's 'good' deadline would be 5-10 times slower here, unusable for recording.
    av_dict_set(options, "deadline", "realtime", 0);
    setOption(options, "cpu-used", vp9 ? 8 : 10);
    if (realtime || temporalLayers_ > 1) setOption(options, "lag-in-frames", 0);
    if (temporalLayers_ > 1) {
      av_dict_set(options, "ts-parameters", temporalLayerParameters(temporalLayers_, bitrate).c_str(), 0);
      // As WebRTC codes temporal layers: error resilient, so that no frame depends on state
      // the dropped layers leave behind (VP9's previous-frame motion vectors, VP8's entropy).
      av_dict_set(options, "error-resilient", "default", 0);
    }
    if (vp9) {
      context->profile = std::max(0, p.profile);
      setOption(options, "row-mt", 1);
      setOption(options, "tile-columns", tileColumnsLog2);
      if (p.screenContent == 1) setOption(options, "tune-content", 1);
    }
    if (p.bitrateMode == kBitrateVariable) {
      context->qmin = vp9 ? 2 : 4;
      context->qmax = vp9 ? 52 : 58;
    }
  } else if (codec == "libaom-av1") {
    context->profile = std::max(0, p.profile);
    // As for libvpx: Chromium's AV1 'quality' mode runs at realtime speed too (720p: 67 fps
    // against 87 realtime); libaom's 'good' usage is 1 fps here. Small pictures are cheap, so
    // 'quality' spends one speed step more on them.
    av_dict_set(options, "usage", "realtime", 0);
    setOption(options, "cpu-used", realtime ? 8 : pixels < 640 * 360 ? 6 : 7);
    if (realtime || temporalLayers_ > 1) setOption(options, "lag-in-frames", 0);
    if (temporalLayers_ > 1) setOption(options, "ts-layers", temporalLayers_);
    setOption(options, "row-mt", 1);
    setOption(options, "tile-columns", tileColumnsLog2);
    if (p.screenContent == 1) av_dict_set(options, "tune-content", "screen", 0);
  } else {
    return CodecError{"NotSupportedError", "no video encoder named " + codec};
  }
  return std::nullopt;
}

bool VideoEncoder::changeRate(AVCodecContext* context, const CodecConfig& config) {
  // The wrappers give a changed bit_rate to the running encoder before the next frame
  // (libvpx, libaom: their config; openh264: its bitrate options). In 'quantizer' mode the rate
  // plays no part.
  const EncoderParams& p = config.encoder;
  if (p.bitrateMode != kBitrateQuantizer) {
    const int64_t bitrate = targetBitrate(config);
    context->bit_rate = bitrate;
    if (constantRate(p, temporalLayers_)) context->rc_min_rate = context->rc_max_rate = bitrate;
  }
  setFrameRate(context, p.framerate > 0 ? p.framerate : 30.0);
  return true;
}

AVFramePtr VideoEncoder::picture(const InputTask& input) {
  VideoInputHeader header;
  if (input.size < sizeof header) return nullptr;
  std::memcpy(&header, input.data, sizeof header);
  header.format[sizeof header.format - 1] = '\0';

  const AVPixelFormat format = pixelFormatFromName(header.format);
  if (format == AV_PIX_FMT_NONE || header.width <= 0 || header.height <= 0) return nullptr;
  const int planes = av_pix_fmt_count_planes(format);
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
  AVFramePtr source = input.frameHandle ? FrameRegistry::instance().ref(input.frameHandle)
                                        : makeFrame();
  if (!source) return nullptr;
  if (input.frameHandle) {
    // A frame this package decoded: its visible rect, in place (the data pointers of our own
    // reference move to the rect's origin; the buffers stay referenced).
    if (source->format != format || header.x < 0 || header.y < 0 ||
        header.x > source->width - header.width || header.y > source->height - header.height ||
        (header.x & ((1 << desc->log2_chroma_w) - 1)) || (header.y & ((1 << desc->log2_chroma_h) - 1))) {
      return nullptr;
    }
    int pixelBytes[4] = {};
    av_image_fill_max_pixsteps(pixelBytes, nullptr, desc);
    for (int i = 0; i < planes; ++i) {
      const bool chroma = (i == 1 || i == 2) && !(desc->flags & AV_PIX_FMT_FLAG_RGB);
      const int x = chroma ? header.x >> desc->log2_chroma_w : header.x;
      const int y = chroma ? header.y >> desc->log2_chroma_h : header.y;
      source->data[i] += static_cast<std::ptrdiff_t>(y) * source->linesize[i] + x * pixelBytes[i];
    }
    source->width = header.width;
    source->height = header.height;
  } else {
    source->format = format;
    source->width = header.width;
    source->height = header.height;
  }
  if (planes != header.planeCount) return nullptr;
  for (int i = 0; i < planes && !input.frameHandle; ++i) {
    const bool chroma = (i == 1 || i == 2) && !(desc->flags & AV_PIX_FMT_FLAG_RGB);
    const int rows = chroma ? AV_CEIL_RSHIFT(header.height, desc->log2_chroma_h) : header.height;
    const auto& plane = header.planes[i];
    if (plane.stride <= 0 || plane.offset > input.size ||
        static_cast<uint64_t>(plane.stride) * rows > input.size - plane.offset) {
      return nullptr;
    }
    // Not refcounted: avcodec_send_frame copies what the encoder keeps.
    source->data[i] = const_cast<uint8_t*>(input.data) + plane.offset;
    source->linesize[i] = static_cast<int>(plane.stride);
  }

  AVCodecContext* c = context();
  const auto sourceFormat = static_cast<AVPixelFormat>(source->format);
  if (sourceFormat == c->pix_fmt && source->width == c->width && source->height == c->height) {
    return source;
  }
  sws_.reset(sws_getCachedContext(sws_.release(), source->width, source->height, sourceFormat,
                                  c->width, c->height, c->pix_fmt, SWS_BILINEAR, nullptr, nullptr,
                                  nullptr));
  if (!sws_) return nullptr;
  const AVPixFmtDescriptor* sourceDesc = av_pix_fmt_desc_get(sourceFormat);
  if (sourceDesc && (sourceDesc->flags & AV_PIX_FMT_FLAG_RGB)) {
    // RGB pictures become BT.709 full-range YUV, as Chromium converts them (its decoderConfig
    // then says bt709 matrix, sRGB transfer, full range; the API layer reports the same).
    const int* bt709 = sws_getCoefficients(SWS_CS_ITU709);
    sws_setColorspaceDetails(sws_.get(), bt709, 1, bt709, 1, 0, 1 << 16, 1 << 16);
  }
  AVFramePtr out = makeFrame();
  if (!out) return nullptr;
  out->format = c->pix_fmt;
  out->width = c->width;
  out->height = c->height;
  if (av_frame_get_buffer(out.get(), 0) < 0) return nullptr;
  if (sws_scale(sws_.get(), source->data, source->linesize, 0, source->height, out->data,
                out->linesize) != c->height) {
    return nullptr;
  }
  return out;
}

CodecStatus VideoEncoder::encodeInput(const InputTask& input, OutputSink& sink) {
  AVFramePtr frame = picture(input);
  if (!frame) return CodecError{"EncodingError", "unusable frame"};
  frame->pts = input.timestamp;
  // §6.5 encode() options.keyFrame.
  frame->pict_type = input.key ? AV_PICTURE_TYPE_I : AV_PICTURE_TYPE_NONE;
  VideoInputHeader header;
  std::memcpy(&header, input.data, sizeof header);
  if (config().encoder.bitrateMode == kBitrateQuantizer && header.quantizer >= 0) {
    // Registry: the VP9 and AV1 quantizers are 0..63, the rc_max_quantizer scale of both.
    context()->qmax = std::min(63, header.quantizer);
  }
  // The temporal layer of this frame, as libvpxenc walks its pattern: a forced key frame
  // starts the pattern again.
  const std::vector<int>& pattern = temporalPattern(temporalLayers_);
  if (input.key) temporalIndex_ = 0;
  const int layer = temporalLayers_ > 1 ? pattern[temporalIndex_] : -1;
  temporalIndex_ = (temporalIndex_ + 1) % pattern.size();
  if (pending_.size() >= kMaxPendingDurations) pending_.erase(pending_.begin());
  pending_[input.timestamp] = Pending{input.duration, layer};
  return send(frame.get(), sink);
}

CodecStatus VideoEncoder::emitPacket(AVPacketPtr packet, OutputSink& sink) {
  const EncoderParams& p = config().encoder;
  const bool avc = config().codec == "libopenh264";
  EncodedChunkRecord record{};
  record.head.timestamp = packet->pts;
  record.head.duration = -1;
  record.temporalLayerId = -1;
  if (auto it = pending_.find(packet->pts); it != pending_.end()) {
    record.head.duration = it->second.duration;
    record.temporalLayerId = it->second.temporalLayerId;
    pending_.erase(it);
  }
  record.key = (packet->flags & AV_PKT_FLAG_KEY) ? 1 : 0;
  record.codedWidth = context()->width;
  record.codedHeight = context()->height;

  std::vector<uint8_t> description;
  if (takeConfigDue()) {
    record.configChanged = 1;
    // openh264 writes SPS and PPS before each IDR picture; avcC takes them from the first.
    if (avc && p.annexb != kAvcFormatAnnexB) description = makeAvcC(packet->data, packet->size);
  }
  if (avc && p.annexb != kAvcFormatAnnexB) {
    const std::vector<uint8_t> converted =
        annexBToLengthPrefixed(packet->data, packet->size, p.annexb == kAvcFormatInBand);
    packet = packetOf(converted, nullptr, 0);
    if (!packet) return CodecError{"EncodingError", "out of memory"};
  }
  emitChunk(record, std::move(packet), description, sink);
  return std::nullopt;
}

}  // namespace wcw
