#include "video_decoder.h"

#include <cmath>

#include "../codec_task.h"
#include "../media/color_space.h"
#include "../media/pixel_format.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace wcw {

void VideoDecoder::applyConfig(AVCodecContext* context, const CodecConfig& config) {
  // Hints only: the bitstream's sizes win.
  context->width = config.codedWidth;
  context->height = config.codedHeight;
  imageOutput_ = config.imageOutput;
}

namespace {

// What an image decoder's picture stays in: BGRA (FFmpeg decodes GIF, PNG and BMP here, all RGB
// or palettes); anything else is converted to BGRA.
bool keptByImageOutput(AVPixelFormat format) { return format == AV_PIX_FMT_BGRA; }

// Every alpha byte of a BGRA picture is 255: Chromium labels such a frame BGRX.
bool opaqueBgra(const AVFrame& frame) {
  for (int y = 0; y < frame.height; ++y) {
    const uint8_t* row = frame.data[0] + static_cast<std::ptrdiff_t>(y) * frame.linesize[0];
    for (int x = 0; x < frame.width; ++x) {
      if (row[4 * x + 3] != 255) return false;
    }
  }
  return true;
}

}  // namespace

AVFramePtr VideoDecoder::convert(const AVFrame& frame) {
  const auto source = static_cast<AVPixelFormat>(frame.format);
  const AVPixelFormat target =
      imageOutput_ ? AV_PIX_FMT_BGRA : conversionTarget(source);
  sws_.reset(sws_getCachedContext(sws_.release(), frame.width, frame.height, source, frame.width,
                                  frame.height, target, SWS_BICUBIC, nullptr, nullptr, nullptr));
  if (!sws_) return nullptr;
  AVFramePtr out = makeFrame();
  if (!out) return nullptr;
  out->format = target;
  out->width = frame.width;
  out->height = frame.height;
  if (av_frame_get_buffer(out.get(), 0) < 0 || av_frame_copy_props(out.get(), &frame) < 0) {
    return nullptr;
  }
  if (sws_scale(sws_.get(), frame.data, frame.linesize, 0, frame.height, out->data,
                out->linesize) != frame.height) {
    return nullptr;
  }
  // swscale writes limited range, and BT.601 coefficients when the source was RGB.
  out->color_range = AVCOL_RANGE_MPEG;
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(source);
  if (desc && (desc->flags & AV_PIX_FMT_FLAG_RGB)) out->colorspace = AVCOL_SPC_SMPTE170M;
  return out;
}

CodecStatus VideoDecoder::emitFrame(AVFramePtr frame, int64_t timestamp, int64_t duration,
                                    OutputSink& sink) {
  auto named = [this](AVPixelFormat format) {
    if (imageOutput_ && !keptByImageOutput(format)) return PixelFormatMapping{nullptr, false};
    if (format == AV_PIX_FMT_BGRA) return PixelFormatMapping{"BGRA", true};
    return mapPixelFormat(format);
  };
  PixelFormatMapping mapping = named(static_cast<AVPixelFormat>(frame->format));
  if (!mapping.name) {
    frame = convert(*frame);
    if (!frame) return CodecError{"EncodingError", "pixel format conversion failed"};
    mapping = named(static_cast<AVPixelFormat>(frame->format));
  }

  VideoFrameRecord record{};
  record.head.kind = OutputKind::kFrame;
  record.head.timestamp = timestamp;
  record.head.duration = duration;
  copyName(record.format, mapping.name);
  // avcodec applies the bitstream's cropping, so the planes start at the visible origin.
  record.codedWidth = frame->width;
  record.codedHeight = frame->height;
  record.visibleWidth = frame->width;
  record.visibleHeight = frame->height;
  // displayWidth/Height (§9.4 VideoFrame) from the sample aspect ratio, as Chromium's
  // VideoAspectRatio does: never shrink, so a ratio >= 1 widens and a ratio < 1 heightens.
  record.displayWidth = frame->width;
  record.displayHeight = frame->height;
  const AVRational sar = frame->sample_aspect_ratio;
  if (sar.num > 0 && sar.den > 0) {
    const double ratio = static_cast<double>(sar.num) / sar.den;
    if (ratio >= 1.0) {
      record.displayWidth = static_cast<int32_t>(std::lround(frame->width * ratio));
    } else {
      record.displayHeight = static_cast<int32_t>(std::lround(frame->height / ratio));
    }
  }
  copyName(record.primaries, primariesName(frame->color_primaries));
  copyName(record.transfer, transferName(frame->color_trc));
  // VP8 has no colour description: FFmpeg's decoder hard-codes BT.601, libvpx (native
  // Chromium's decoder) reports none, and the API layer then applies BT.709 as Chromium does.
  const bool signalsColour = context()->codec_id != AV_CODEC_ID_VP8;
  copyName(record.matrix, matrixName(signalsColour ? frame->colorspace : AVCOL_SPC_UNSPECIFIED));
  record.fullRange = mapping.fullRange ? 1 : fullRangeValue(frame->color_range);
  if (imageOutput_) describeImage(*frame, record);

  const auto pixelFormat = static_cast<AVPixelFormat>(frame->format);
  const AVPixFmtDescriptor* descriptor = av_pix_fmt_desc_get(pixelFormat);
  const int planeCount = av_pix_fmt_count_planes(pixelFormat);
  std::vector<PlaneRecord> planes;
  for (int i = 0; i < planeCount; ++i) {
    // Chroma planes (1 and 2) are subsampled; alpha (3) is full size.
    const bool chroma = i == 1 || i == 2;
    const int rows =
        chroma ? AV_CEIL_RSHIFT(frame->height, descriptor->log2_chroma_h) : frame->height;
    planes.push_back({reinterpret_cast<uintptr_t>(frame->data[i]), frame->linesize[i],
                      static_cast<uint64_t>(frame->linesize[i]) * static_cast<uint64_t>(rows)});
  }
  record.head.planeCount = static_cast<uint32_t>(planes.size());
  sink.emit({std::move(frame), nullptr, packRecord(record, planes)});
  return std::nullopt;
}

void VideoDecoder::describeImage(const AVFrame& frame, VideoFrameRecord& record) const {
  // Browsers show images in their pixels, whatever aspect ratio a GIF header or a PNG pHYs chunk
  // gives (native Chromium's displayWidth/Height are the picture's size).
  record.displayWidth = record.visibleWidth;
  record.displayHeight = record.visibleHeight;
  if (opaqueBgra(frame)) copyName(record.format, "BGRX");
  // The pictures are RGB, and sRGB (HTML's default for images: ICC profiles are not applied).
  copyName(record.primaries, primariesName(AVCOL_PRI_BT709));
  copyName(record.transfer, transferName(AVCOL_TRC_IEC61966_2_1));
  copyName(record.matrix, matrixName(AVCOL_SPC_RGB));
  record.fullRange = 1;
}

}  // namespace wcw
