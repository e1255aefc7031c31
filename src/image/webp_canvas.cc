#include "webp_canvas.h"

#include <cstring>

namespace wcw {

namespace {

// Container spec "ANMF chunk", Blending method 0, non-premultiplied `src` over `dst`:
//   blend.A = src.A + dst.A * (1 - src.A / 255)
//   blend.RGB = (src.RGB * src.A + dst.RGB * dst.A * (1 - src.A / 255)) / blend.A
// in fixed point with the truncations native Chromium's frames show (measured pixel-exact):
// dst.A's weight is dst.A * (256 - src.A) / 256, and the division by blend.A is a
// multiplication by 2^24 / blend.A.
void blendPixel(const uint8_t* src, uint8_t* dst) {
  const uint32_t srcA = src[3];
  if (srcA == 0) return;  // the canvas shows through unchanged
  const uint32_t dstWeight = (dst[3] * (256 - srcA)) >> 8;
  const uint32_t blendA = srcA + dstWeight;
  const uint32_t reciprocal = (uint32_t{1} << 24) / blendA;
  for (int c = 0; c < 3; ++c) {
    dst[c] = static_cast<uint8_t>(((src[c] * srcA + dst[c] * dstWeight) * reciprocal) >> 24);
  }
  dst[3] = static_cast<uint8_t>(blendA);
}

}  // namespace

WebpCanvas::WebpCanvas(int width, int height)
    : width_(width), pixels_(static_cast<std::size_t>(width) * height * 4, 0) {}

void WebpCanvas::clear(const WebpFrameRect& rect) {
  for (int y = rect.y; y < rect.y + rect.height; ++y) {
    std::memset(&pixels_[(static_cast<std::size_t>(y) * width_ + rect.x) * 4], 0,
                static_cast<std::size_t>(rect.width) * 4);
  }
}

void WebpCanvas::draw(const uint8_t* bgra, int stride, const WebpFrameRect& rect, bool blend) {
  for (int y = 0; y < rect.height; ++y) {
    const uint8_t* src = bgra + static_cast<std::ptrdiff_t>(y) * stride;
    uint8_t* dst = &pixels_[(static_cast<std::size_t>(rect.y + y) * width_ + rect.x) * 4];
    if (!blend) {
      std::memcpy(dst, src, static_cast<std::size_t>(rect.width) * 4);
      continue;
    }
    for (int x = 0; x < rect.width; ++x) {
      if (src[4 * x + 3] == 255) {
        std::memcpy(dst + 4 * x, src + 4 * x, 4);  // opaque: the frame's pixel as it is
      } else {
        blendPixel(src + 4 * x, dst + 4 * x);
      }
    }
  }
}

}  // namespace wcw
