#include "image_reader.h"

#include "../codecs/image_frame_decoder.h"
#include "bmp_frames.h"
#include "avif_frames.h"
#include "gif_frames.h"
#include "jpeg_frames.h"
#include "png_frames.h"
#include "webp_frames.h"

namespace wcw {

std::unique_ptr<ImageFrameDecoder> ImageReader::makeFrameDecoder() const {
  return std::make_unique<FfmpegImageFrameDecoder>(decoderName());
}

namespace {

template <typename Reader>
std::unique_ptr<ImageReader> make() {
  return std::make_unique<Reader>();
}

struct ImageContainer {
  const char* name;
  std::unique_ptr<ImageReader> (*make)();
};

constexpr ImageContainer kContainers[] = {
    {"gif", make<GifFrameReader>},
    {"png", make<PngFrameReader>},  // PNG and APNG
    {"jpeg", make<JpegFrameReader>},
    {"bmp", make<BmpFrameReader>},
    {"webp", make<WebpFrameReader>},  // still and animated (libwebp)
    {"avif", make<AvifFrameReader>},  // still and image sequence: two tracks when both
};

}  // namespace

std::unique_ptr<ImageReader> makeImageReader(const std::string& container) {
  for (const ImageContainer& c : kContainers) {
    if (container == c.name) return c.make();
  }
  return nullptr;
}

std::vector<std::string> imageContainerNames() {
  std::vector<std::string> names;
  for (const ImageContainer& c : kContainers) names.emplace_back(c.name);
  return names;
}

}  // namespace wcw
