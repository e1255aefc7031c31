#include "av1_picture_decoder.h"

#include <cstring>

extern "C" {
#include <libavutil/mem.h>
}

namespace wcw {

CodecStatus Av1PictureDecoder::open(const uint8_t* config, std::size_t configSize) {
  const AVCodec* codec = avcodec_find_decoder_by_name("libdav1d");
  if (!codec) return CodecError{"NotSupportedError", "no libdav1d decoder"};
  AVCodecContextPtr context(avcodec_alloc_context3(codec));
  if (!context) return CodecError{"EncodingError", "out of memory"};
  if (configSize) {
    context->extradata = static_cast<uint8_t*>(av_mallocz(configSize + AV_INPUT_BUFFER_PADDING_SIZE));
    if (!context->extradata) return CodecError{"EncodingError", "out of memory"};
    std::memcpy(context->extradata, config, configSize);
    context->extradata_size = static_cast<int>(configSize);
  }
  // One thread and no frame delay: each temporal unit gives its picture at once.
  context->thread_count = 1;
  AVDictionaryOwner options;
  av_dict_set(options.out(), "max_frame_delay", "1", 0);
  if (avcodec_open2(context.get(), codec, options.out()) < 0) {
    return CodecError{"EncodingError", "the AV1 configuration does not open"};
  }
  context_ = std::move(context);
  return std::nullopt;
}

AVFramePtr Av1PictureDecoder::decode(const uint8_t* data, std::size_t size, CodecStatus* status) {
  AVPacketPtr packet = makePacket();
  AVFramePtr frame = makeFrame();
  if (!packet || !frame || av_new_packet(packet.get(), static_cast<int>(size)) < 0) {
    *status = CodecError{"EncodingError", "out of memory"};
    return nullptr;
  }
  std::memcpy(packet->data, data, size);
  if (avcodec_send_packet(context_.get(), packet.get()) < 0 || avcodec_receive_frame(context_.get(), frame.get()) < 0) {
    *status = CodecError{"EncodingError", "the AV1 alpha image does not decode"};
    return nullptr;
  }
  return frame;
}

}  // namespace wcw
