// Owners of libwebp objects (demux.h, decode.h), freed with libwebp's own functions, as
// ffmpeg_ptr.h does for FFmpeg's.
#pragma once

#include <webp/decode.h>
#include <webp/demux.h>

#include <memory>

namespace wcw {

struct WebPDemuxerDeleter {
  void operator()(WebPDemuxer* p) const { WebPDemuxDelete(p); }
};
using WebPDemuxerPtr = std::unique_ptr<WebPDemuxer, WebPDemuxerDeleter>;

// One frame of a demuxer (WebPDemuxGetFrame), released with WebPDemuxReleaseIterator. The
// demuxer must outlive it.
class WebPFrameIterator {
 public:
  WebPFrameIterator() = default;
  WebPFrameIterator(const WebPFrameIterator&) = delete;
  WebPFrameIterator& operator=(const WebPFrameIterator&) = delete;
  ~WebPFrameIterator() { WebPDemuxReleaseIterator(&iter_); }
  // Frame `number` (1-based, as libwebp counts); false when there is none.
  bool get(const WebPDemuxer* demux, int number) { return WebPDemuxGetFrame(demux, number, &iter_) != 0; }
  const WebPIterator* operator->() const { return &iter_; }

 private:
  WebPIterator iter_{};
};

// A decoding's configuration; its output buffer (when libwebp allocated it) is freed with it.
class WebPDecodeConfig {
 public:
  WebPDecodeConfig() { ok_ = WebPInitDecoderConfig(&config_) != 0; }
  WebPDecodeConfig(const WebPDecodeConfig&) = delete;
  WebPDecodeConfig& operator=(const WebPDecodeConfig&) = delete;
  ~WebPDecodeConfig() { WebPFreeDecBuffer(&config_.output); }
  bool ok() const { return ok_; }  // false: the header and the library's ABI differ
  WebPDecoderConfig* get() { return &config_; }

 private:
  WebPDecoderConfig config_{};
  bool ok_ = false;
};

}  // namespace wcw
