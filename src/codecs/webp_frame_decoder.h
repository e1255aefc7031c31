// Decodes the frames WebpFrameReader (src/image/webp_frames.h) lists, with libwebp, in the
// formats native Chromium 156's ImageDecoder gives (measured, docs/ARCHITECTURE.md): a still
// lossy image without alpha as I420 (VP8's own planes), everything else as BGRA, labelled BGRX
// when the file declares no alpha. Animation frames are composited on a WebpCanvas in order
// from the first; a frame before the last decoded one starts over. Runs on the codec thread.
#pragma once

#include <memory>

#include "../image/webp_canvas.h"
#include "image_frame_decoder.h"

namespace wcw {

class WebpFrameDecoder final : public ImageFrameDecoder {
 public:
  CodecStatus decode(const std::vector<uint8_t>& file, const ImageFrames& frames, uint32_t index,
                     OutputSink& sink) override;

 private:
  // Draws animation frame nextFrame_ on canvas_ (after disposing of the one before).
  CodecStatus drawNextFrame(const std::vector<uint8_t>& file, const ImageFrames& frames);

  std::unique_ptr<WebpCanvas> canvas_;
  uint32_t nextFrame_ = 0;
  bool disposePrevious_ = false;  // the frame drawn last asked to be disposed to background
  WebpFrameRect previous_;
  bool previousWasKey_ = false;
  // The file's VP8X alpha flag: BGRA, else BGRX. The flag decides, not the pixels (measured: an
  // animation flagged with alpha whose frames are all opaque comes out BGRA).
  bool alphaFlag_ = false;
};

}  // namespace wcw
