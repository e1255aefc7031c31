// The canvas an animated WebP's frames are assembled on (WebP container specification, "Canvas
// assembly from frames"), in non-premultiplied BGRA. Pure pixel work: WebpFrameDecoder
// (src/codecs/webp_frame_decoder.h) decodes each frame and says where it goes.
#pragma once

#include <cstdint>
#include <vector>

namespace wcw {

struct WebpFrameRect {
  int x = 0;  // ANMF Frame X/Y (already doubled), Frame Width/Height
  int y = 0;
  int width = 0;
  int height = 0;
};

class WebpCanvas {
 public:
  // Transparent black: the spec leaves the background to the application (ANIM Background
  // Color is a hint), and native Chromium and libwebp start from transparent (measured).
  WebpCanvas(int width, int height);
  // ANMF Disposal method 1, "dispose to the background color": the rectangle becomes
  // transparent black (as native Chromium does; see the constructor).
  void clear(const WebpFrameRect& rect);
  // Draws a frame's BGRA pixels (`stride` bytes a row) into `rect`, which lies inside the
  // canvas. ANMF Blending method 0 (`blend`) is alpha-blending over the canvas, 1 overwrites.
  void draw(const uint8_t* bgra, int stride, const WebpFrameRect& rect, bool blend);

  const uint8_t* pixels() const { return pixels_.data(); }
  int stride() const { return width_ * 4; }

 private:
  int width_;
  std::vector<uint8_t> pixels_;
};

}  // namespace wcw
