// One AV1 picture at a time from FFmpeg's libdav1d, as dav1d gives it (grey for a monochrome
// stream): the alpha auxiliary images of AVIF (avif_frame_decoder.cc), whose grey planes the
// VideoDecoder would convert to YUV. Runs on the session's codec thread.
#pragma once

#include <cstddef>
#include <cstdint>

#include "codec_adapter.h"

namespace wcw {

class Av1PictureDecoder {
 public:
  // `config`: the av1C box body (extradata), may be empty.
  CodecStatus open(const uint8_t* config, std::size_t configSize);
  // The picture of one temporal unit; nullptr with an EncodingError when it does not decode.
  AVFramePtr decode(const uint8_t* data, std::size_t size, CodecStatus* status);

 private:
  AVCodecContextPtr context_;
};

}  // namespace wcw
