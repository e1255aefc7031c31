// AVSampleFormat -> WebCodecs AudioSampleFormat (§9.3).
#pragma once

extern "C" {
#include <libavutil/samplefmt.h>
}

namespace wcw {

// The AudioSampleFormat name, or nullptr when the samples must be converted first.
const char* sampleFormatName(AVSampleFormat format);

// What an unnamed format converts to: f32, keeping planar or interleaved layout.
AVSampleFormat sampleConversionTarget(AVSampleFormat format);

}  // namespace wcw
