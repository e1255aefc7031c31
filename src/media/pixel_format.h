// AVPixelFormat -> WebCodecs VideoPixelFormat (§9.8). Formats WebCodecs cannot name are
// converted, never mislabelled.
#pragma once

extern "C" {
#include <libavutil/pixfmt.h>
}

namespace wcw {

struct PixelFormatMapping {
  const char* name;  // VideoPixelFormat, or nullptr when the frame must be converted
  bool fullRange;    // the JPEG ("j") variants imply full range
};

PixelFormatMapping mapPixelFormat(AVPixelFormat format);

// VideoPixelFormat -> AVPixelFormat, for frames given to an encoder; AV_PIX_FMT_NONE when the
// name is not one of §9.8's formats.
AVPixelFormat pixelFormatFromName(const char* name);

// The supported format to convert an unnamed one to: keeps bit depth (8 or 10) and picks
// 4:2:0 for subsampled sources and 4:4:4 for the rest (RGB, 4:4:0, ...).
AVPixelFormat conversionTarget(AVPixelFormat format);

}  // namespace wcw
