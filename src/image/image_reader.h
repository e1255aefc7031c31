// The ImageReader for an ImageDecoder's container (src/image/image_frames.h).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "image_frames.h"

namespace wcw {

// `container` is what the JS layer resolves an ImageDecoder type to ("gif", "png", ...); null
// when the core has no reader for it.
std::unique_ptr<ImageReader> makeImageReader(const std::string& container);
// Every container makeImageReader() knows (ImageDecoder.isTypeSupported()).
std::vector<std::string> imageContainerNames();

}  // namespace wcw
