#include "bgra_image.h"

#include "../codec_task.h"
#include "../media/color_space.h"

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace wcw {

namespace {

// Writes the alpha plane into every fourth byte; deeper samples are scaled to 0-255, rounded.
void copyAlpha(const AVFrame& alpha, AVFrame* bgra) {
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(static_cast<AVPixelFormat>(alpha.format));
  const int depth = desc->comp[0].depth;
  const uint32_t max = (1u << depth) - 1;
  for (int y = 0; y < bgra->height; ++y) {
    const uint8_t* in = alpha.data[0] + static_cast<std::ptrdiff_t>(y) * alpha.linesize[0];
    uint8_t* out = bgra->data[0] + static_cast<std::ptrdiff_t>(y) * bgra->linesize[0] + 3;
    for (int x = 0; x < bgra->width; ++x, out += 4) {
      if (depth == 8) {
        *out = in[x];
      } else {
        const uint32_t value = reinterpret_cast<const uint16_t*>(in)[x] & max;
        *out = static_cast<uint8_t>((value * 255 + max / 2) / max);
      }
    }
  }
}

}  // namespace

AVFramePtr toBgra(const AVFrame& color, const AVFrame* alpha) {
  if (alpha && (alpha->width != color.width || alpha->height != color.height)) return nullptr;
  const auto source = static_cast<AVPixelFormat>(color.format);
  SwsContextPtr sws(sws_getContext(color.width, color.height, source, color.width, color.height, AV_PIX_FMT_BGRA,
                                   SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT | SWS_FULL_CHR_H_INP, nullptr, nullptr, nullptr));
  if (!sws) return nullptr;
  // The picture's own matrix and range (AV1 §6.4.2 colour config), not swscale's BT.601 default.
  const int matrix = color.colorspace == AVCOL_SPC_UNSPECIFIED ? SWS_CS_DEFAULT : color.colorspace;
  sws_setColorspaceDetails(sws.get(), sws_getCoefficients(matrix), color.color_range == AVCOL_RANGE_JPEG,
                           sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
  AVFramePtr out = makeFrame();
  if (!out) return nullptr;
  out->format = AV_PIX_FMT_BGRA;
  out->width = color.width;
  out->height = color.height;
  if (av_frame_get_buffer(out.get(), 0) < 0) return nullptr;
  if (sws_scale(sws.get(), color.data, color.linesize, 0, color.height, out->data, out->linesize) != color.height) {
    return nullptr;
  }
  if (alpha) copyAlpha(*alpha, out.get());
  return out;
}

std::vector<uint8_t> bgraFrameRecord(const AVFrame& bgra, bool opaque, int64_t timestamp, int64_t duration) {
  VideoFrameRecord record{};
  record.head.kind = OutputKind::kFrame;
  record.head.timestamp = timestamp;
  record.head.duration = duration;
  copyName(record.format, opaque ? "BGRX" : "BGRA");
  record.codedWidth = record.visibleWidth = record.displayWidth = bgra.width;
  record.codedHeight = record.visibleHeight = record.displayHeight = bgra.height;
  copyName(record.primaries, primariesName(AVCOL_PRI_BT709));
  copyName(record.transfer, transferName(AVCOL_TRC_IEC61966_2_1));
  copyName(record.matrix, matrixName(AVCOL_SPC_RGB));
  record.fullRange = 1;
  const std::vector<PlaneRecord> planes{{reinterpret_cast<uintptr_t>(bgra.data[0]), bgra.linesize[0],
                                         static_cast<uint64_t>(bgra.linesize[0]) * static_cast<uint64_t>(bgra.height)}};
  record.head.planeCount = 1;
  return packRecord(record, planes);
}

}  // namespace wcw
