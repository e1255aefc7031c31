#include "codec_registry.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <cstring>

namespace {

// Append-only list with room for every component of every module (codec-modules.txt has 39
// codecs, 11 parsers, 4 filters today).
template <typename T, std::size_t N>
class AppendOnlyList {
 public:
  bool append(const T* const* items) {
    std::size_t n = count_.load(std::memory_order_relaxed);  // one writer: the owner thread
    for (; *items; ++items) {
      if (contains(*items, n)) continue;
      if (n == N) return false;
      items_[n++] = *items;
      count_.store(n, std::memory_order_release);
    }
    return true;
  }
  // The i-th entry, or nullptr past the end.
  const T* at(std::size_t i) const {
    return i < count_.load(std::memory_order_acquire) ? items_[i] : nullptr;
  }

 private:
  bool contains(const T* item, std::size_t n) const {
    for (std::size_t i = 0; i < n; ++i)
      if (items_[i] == item) return true;
    return false;
  }
  std::array<const T*, N> items_{};
  std::atomic<std::size_t> count_{0};
};

AppendOnlyList<AVCodec, 128> codecs;
AppendOnlyList<AVCodecParser, 64> parsers;
AppendOnlyList<AVBitStreamFilter, 32> filters;

// FFmpeg's iterators keep their position as an integer in *opaque.
template <typename T, std::size_t N>
const T* iterate(const AppendOnlyList<T, N>& list, void** opaque) {
  auto i = reinterpret_cast<std::uintptr_t>(*opaque);
  const T* item = list.at(i);
  if (item) *opaque = reinterpret_cast<void*>(i + 1);
  return item;
}

// allcodecs.c's find_codec(): an experimental codec only when nothing else has the id.
const AVCodec* findCodec(AVCodecID id, int (*is)(const AVCodec*)) {
  const AVCodec* experimental = nullptr;
  void* i = nullptr;
  while (const AVCodec* codec = av_codec_iterate(&i)) {
    if (!is(codec) || codec->id != id) continue;
    if (!(codec->capabilities & AV_CODEC_CAP_EXPERIMENTAL)) return codec;
    if (!experimental) experimental = codec;
  }
  return experimental;
}

const AVCodec* findCodecByName(const char* name, int (*is)(const AVCodec*)) {
  if (!name) return nullptr;
  void* i = nullptr;
  while (const AVCodec* codec = av_codec_iterate(&i))
    if (is(codec) && std::strcmp(name, codec->name) == 0) return codec;
  return nullptr;
}

}  // namespace

extern "C" {

int wcw_register_codecs(const AVCodec* const* codec_list, const AVCodecParser* const* parser_list,
                        const AVBitStreamFilter* const* filter_list) {
  bool ok = codecs.append(codec_list) && parsers.append(parser_list) && filters.append(filter_list);
  return ok ? 0 : -1;
}

// The public functions of allcodecs.c, parsers.c and bitstream_filters.c (FFmpeg 5.1).

const AVCodec* av_codec_iterate(void** opaque) { return iterate(codecs, opaque); }
const AVCodec* avcodec_find_decoder(AVCodecID id) { return findCodec(id, av_codec_is_decoder); }
const AVCodec* avcodec_find_encoder(AVCodecID id) { return findCodec(id, av_codec_is_encoder); }
const AVCodec* avcodec_find_decoder_by_name(const char* name) {
  return findCodecByName(name, av_codec_is_decoder);
}
const AVCodec* avcodec_find_encoder_by_name(const char* name) {
  return findCodecByName(name, av_codec_is_encoder);
}

const AVCodecParser* av_parser_iterate(void** opaque) { return iterate(parsers, opaque); }

const AVBitStreamFilter* av_bsf_iterate(void** opaque) { return iterate(filters, opaque); }
const AVBitStreamFilter* av_bsf_get_by_name(const char* name) {
  if (!name) return nullptr;
  void* i = nullptr;
  while (const AVBitStreamFilter* filter = av_bsf_iterate(&i))
    if (std::strcmp(filter->name, name) == 0) return filter;
  return nullptr;
}
// libavcodec-internal (bsf.c's AVClass child iteration), defined by bitstream_filters.c.
const AVClass* ff_bsf_child_class_iterate(void** opaque);
const AVClass* ff_bsf_child_class_iterate(void** opaque) {
  while (const AVBitStreamFilter* filter = av_bsf_iterate(opaque))
    if (filter->priv_class) return filter->priv_class;
  return nullptr;
}
}
