// An image decoder's picture as sRGB BGRA, as native Chromium gives AVIF images that have alpha,
// are monochrome, or belong to an image sequence (measured, docs/ARCHITECTURE.md).
#pragma once

#include <cstdint>
#include <vector>

#include "../ffmpeg_ptr.h"

namespace wcw {

// `color` (planar YUV or GBR, any depth, its matrix and range as tagged) as BGRA, with the alpha
// channel from `alpha`'s first plane (scaled to 8 bits) or opaque. nullptr on failure (sizes
// that differ, out of memory).
AVFramePtr toBgra(const AVFrame& color, const AVFrame* alpha);

// The VideoFrameRecord of a BGRA frame: "BGRA", or "BGRX" when `opaque`, in sRGB.
std::vector<uint8_t> bgraFrameRecord(const AVFrame& bgra, bool opaque, int64_t timestamp, int64_t duration);

}  // namespace wcw
