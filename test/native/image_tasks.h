// ImageDecoder session tasks for adapter tests (src/codecs/image_decoder.h): an input task's
// payload (an ImageInputHeader, then for kAppend the file's bytes) and running it.
#pragma once

#include <cstring>
#include <vector>

#include "codecs/image_decoder.h"

namespace wcw::test {

inline std::vector<uint8_t> task(ImageOp op, uint32_t index = 0, const uint8_t* bytes = nullptr,
                                 std::size_t size = 0) {
  ImageInputHeader header{op, index};
  std::vector<uint8_t> payload(sizeof header + size);
  std::memcpy(payload.data(), &header, sizeof header);
  if (size) std::memcpy(payload.data() + sizeof header, bytes, size);
  return payload;
}

inline CodecStatus run(ImageDecoder& decoder, const std::vector<uint8_t>& payload, OutputSink& sink) {
  InputTask input{0, -1, false, payload.data(), payload.size()};
  return decoder.process(input, sink);
}

}  // namespace wcw::test
