// ImageDecoder (WebCodecs §10) on the codec thread: the file as its bytes arrive, a reader from
// src/image/ for its container, and the reader's frame decoder (image_frame_decoder.h).
#pragma once

#include <memory>

#include "../image/image_frames.h"
#include "codec_adapter.h"
#include "image_frame_decoder.h"

namespace wcw {

class ImageDecoder final : public CodecAdapter {
 public:
  // config.codec names the container (src/image/image_reader.cc: "gif", "png", ...).
  CodecStatus configure(const CodecConfig& config) override;
  // An ImageInputHeader, then for kAppend the file's next bytes.
  CodecStatus process(const InputTask& input, OutputSink& sink) override;
  // Nothing is held back: each decode request outputs its frame at once.
  CodecStatus flush(OutputSink& sink) override;

 private:
  void emitTrack(OutputSink& sink);
  CodecStatus decodeFrame(uint32_t index, OutputSink& sink);

  std::vector<uint8_t> file_;
  bool ended_ = false;
  std::unique_ptr<ImageReader> reader_;
  std::unique_ptr<ImageFrameDecoder> decoder_;  // made at the first decode request
  int desiredWidth_ = 0;  // CodecConfig::desiredWidth/desiredHeight
  int desiredHeight_ = 0;
};

}  // namespace wcw
