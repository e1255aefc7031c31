#include "pixel_format.h"

#include <cstring>

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace wcw {

PixelFormatMapping mapPixelFormat(AVPixelFormat format) {
  switch (format) {
    case AV_PIX_FMT_YUV420P:
      return {"I420", false};
    case AV_PIX_FMT_YUVJ420P:
      return {"I420", true};
    case AV_PIX_FMT_YUV420P10LE:
      return {"I420P10", false};
    case AV_PIX_FMT_YUV420P12LE:
      return {"I420P12", false};
    case AV_PIX_FMT_YUVA420P:
      return {"I420A", false};
    case AV_PIX_FMT_YUV422P:
      return {"I422", false};
    case AV_PIX_FMT_YUVJ422P:
      return {"I422", true};
    case AV_PIX_FMT_YUV422P10LE:
      return {"I422P10", false};
    case AV_PIX_FMT_YUV422P12LE:
      return {"I422P12", false};
    case AV_PIX_FMT_YUV444P:
      return {"I444", false};
    case AV_PIX_FMT_YUVJ444P:
      return {"I444", true};
    case AV_PIX_FMT_YUV444P10LE:
      return {"I444P10", false};
    case AV_PIX_FMT_YUV444P12LE:
      return {"I444P12", false};
    case AV_PIX_FMT_NV12:
      return {"NV12", false};
    default:
      return {nullptr, false};
  }
}

AVPixelFormat pixelFormatFromName(const char* name) {
  static constexpr struct {
    const char* name;
    AVPixelFormat format;
  } kFormats[] = {
      {"I420", AV_PIX_FMT_YUV420P},         {"I420P10", AV_PIX_FMT_YUV420P10LE},
      {"I420P12", AV_PIX_FMT_YUV420P12LE},  {"I420A", AV_PIX_FMT_YUVA420P},
      {"I420AP10", AV_PIX_FMT_YUVA420P10LE}, {"I422", AV_PIX_FMT_YUV422P},
      {"I422P10", AV_PIX_FMT_YUV422P10LE},  {"I422P12", AV_PIX_FMT_YUV422P12LE},
      {"I422A", AV_PIX_FMT_YUVA422P},       {"I422AP10", AV_PIX_FMT_YUVA422P10LE},
      {"I444", AV_PIX_FMT_YUV444P},         {"I444P10", AV_PIX_FMT_YUV444P10LE},
      {"I444P12", AV_PIX_FMT_YUV444P12LE},  {"I444A", AV_PIX_FMT_YUVA444P},
      {"I444AP10", AV_PIX_FMT_YUVA444P10LE}, {"NV12", AV_PIX_FMT_NV12},
      {"RGBA", AV_PIX_FMT_RGBA},            {"RGBX", AV_PIX_FMT_RGB0},
      {"BGRA", AV_PIX_FMT_BGRA},            {"BGRX", AV_PIX_FMT_BGR0},
  };
  for (const auto& entry : kFormats) {
    if (std::strcmp(entry.name, name) == 0) return entry.format;
  }
  return AV_PIX_FMT_NONE;
}

AVPixelFormat conversionTarget(AVPixelFormat format) {
  const AVPixFmtDescriptor* desc = av_pix_fmt_desc_get(format);
  if (!desc) return AV_PIX_FMT_YUV420P;
  const bool highDepth = desc->comp[0].depth > 8;
  const bool rgb = desc->flags & AV_PIX_FMT_FLAG_RGB;
  const bool subsampled420 = desc->log2_chroma_w == 1 && desc->log2_chroma_h == 1;
  const bool gray = desc->nb_components <= 2 && !rgb;
  if (subsampled420 || gray) return highDepth ? AV_PIX_FMT_YUV420P10LE : AV_PIX_FMT_YUV420P;
  return highDepth ? AV_PIX_FMT_YUV444P10LE : AV_PIX_FMT_YUV444P;
}

}  // namespace wcw
