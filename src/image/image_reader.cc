#include "image_reader.h"

#include "../codecs/image_frame_decoder.h"
#include "avif_frames.h"
#include "bmp_frames.h"
#include "gif_frames.h"
#include "jpeg_frames.h"
#include "png_frames.h"
#include "webp_frames.h"

namespace wcw {

std::unique_ptr<ImageFrameDecoder> ImageReader::makeFrameDecoder() const {
  return std::make_unique<FfmpegImageFrameDecoder>(decoderName());
}

std::unique_ptr<ImageReader> makeImageReader(const std::string& container) {
  if (container == "gif") return std::make_unique<GifFrameReader>();
  if (container == "png") return std::make_unique<PngFrameReader>();  // PNG and APNG
  if (container == "jpeg") return std::make_unique<JpegFrameReader>();
  if (container == "bmp") return std::make_unique<BmpFrameReader>();
  if (container == "webp") return std::make_unique<WebpFrameReader>();  // still and animated
  // AVIF: the image sequence of an 'avis' file, as native selects it unless preferAnimation is
  // false ("avif-still": the primary item, native's track 0).
  if (container == "avif") return std::make_unique<AvifFrameReader>(true);
  if (container == "avif-still") return std::make_unique<AvifFrameReader>(false);
  return nullptr;
}

}  // namespace wcw
