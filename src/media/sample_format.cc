#include "sample_format.h"

namespace wcw {

const char* sampleFormatName(AVSampleFormat format) {
  switch (format) {
    case AV_SAMPLE_FMT_U8:
      return "u8";
    case AV_SAMPLE_FMT_S16:
      return "s16";
    case AV_SAMPLE_FMT_S32:
      return "s32";
    case AV_SAMPLE_FMT_FLT:
      return "f32";
    case AV_SAMPLE_FMT_U8P:
      return "u8-planar";
    case AV_SAMPLE_FMT_S16P:
      return "s16-planar";
    case AV_SAMPLE_FMT_S32P:
      return "s32-planar";
    case AV_SAMPLE_FMT_FLTP:
      return "f32-planar";
    default:
      return nullptr;
  }
}

AVSampleFormat sampleConversionTarget(AVSampleFormat format) {
  return av_sample_fmt_is_planar(format) ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_FLT;
}

}  // namespace wcw
