// std::unique_ptr aliases that free FFmpeg objects with their own deallocators.
#pragma once

#include <memory>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/dict.h>
#include <libavutil/frame.h>
#include <libswresample/swresample.h>
#include <libswscale/swscale.h>
}

namespace wcw {

struct AVCodecContextDeleter {
  void operator()(AVCodecContext* p) const { avcodec_free_context(&p); }
};
struct AVFrameDeleter {
  void operator()(AVFrame* p) const { av_frame_free(&p); }
};
struct AVPacketDeleter {
  void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct SwsContextDeleter {
  void operator()(SwsContext* p) const { sws_freeContext(p); }
};
struct SwrContextDeleter {
  void operator()(SwrContext* p) const { swr_free(&p); }
};
struct AVCodecParserContextDeleter {
  void operator()(AVCodecParserContext* p) const { av_parser_close(p); }
};

using AVCodecContextPtr = std::unique_ptr<AVCodecContext, AVCodecContextDeleter>;
using AVFramePtr = std::unique_ptr<AVFrame, AVFrameDeleter>;
using AVPacketPtr = std::unique_ptr<AVPacket, AVPacketDeleter>;
using SwsContextPtr = std::unique_ptr<SwsContext, SwsContextDeleter>;
using SwrContextPtr = std::unique_ptr<SwrContext, SwrContextDeleter>;
using AVCodecParserContextPtr = std::unique_ptr<AVCodecParserContext, AVCodecParserContextDeleter>;

// Options for avcodec_open2, which replaces the dictionary it is given; hence a pointer-to-pointer
// owner rather than a unique_ptr.
class AVDictionaryOwner {
 public:
  AVDictionaryOwner() = default;
  AVDictionaryOwner(const AVDictionaryOwner&) = delete;
  AVDictionaryOwner& operator=(const AVDictionaryOwner&) = delete;
  ~AVDictionaryOwner() { av_dict_free(&dict_); }
  AVDictionary** out() { return &dict_; }

 private:
  AVDictionary* dict_ = nullptr;
};

inline AVFramePtr makeFrame() { return AVFramePtr(av_frame_alloc()); }
inline AVPacketPtr makePacket() { return AVPacketPtr(av_packet_alloc()); }

}  // namespace wcw
