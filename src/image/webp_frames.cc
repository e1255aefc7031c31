#include "webp_frames.h"

#include <cstring>
#include <vector>

#include "../codecs/webp_frame_decoder.h"
#include "../webp_ptr.h"

namespace wcw {

namespace {

// RFC 9649 §2.5 "RIFF Header": 'RIFF', the file size, 'WEBP'. libwebp's demuxer would also
// take a bare VP8/VP8L bitstream, which is no image/webp file.
constexpr std::size_t kRiffHeaderSize = 12;

bool isRiffWebp(const uint8_t* data, std::size_t size) {
  const std::size_t n = size < kRiffHeaderSize ? size : kRiffHeaderSize;
  constexpr uint8_t kTags[kRiffHeaderSize] = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'E', 'B', 'P'};
  for (std::size_t i = 0; i < n; ++i) {
    if ((i < 4 || i >= 8) && data[i] != kTags[i]) return false;
  }
  return true;
}

uint32_t le32(const uint8_t* p) {
  return uint32_t{p[0]} | (uint32_t{p[1]} << 8) | (uint32_t{p[2]} << 16) | (uint32_t{p[3]} << 24);
}

// The demuxer fails on the whole file when any chunk is corrupt. The frames before it stand:
// the longest prefix that ends at a top-level chunk boundary (RFC 9649 §2.4: a FourCC, a
// 32-bit little-endian size, the payload padded to even) and still parses.
WebPDemuxerPtr demuxBeforeError(const uint8_t* data, std::size_t size) {
  std::vector<std::size_t> ends;
  for (std::size_t at = kRiffHeaderSize; at + 8 <= size;) {
    const uint64_t payload = le32(data + at + 4);
    const uint64_t next = at + 8 + payload + (payload & 1);
    if (next > size) break;
    ends.push_back(static_cast<std::size_t>(next));
    at = static_cast<std::size_t>(next);
  }
  for (auto end = ends.rbegin(); end != ends.rend(); ++end) {
    WebPData prefix{data, *end};
    WebPDemuxerPtr demux(WebPDemuxPartial(&prefix, nullptr));
    if (demux) return demux;
  }
  return nullptr;
}

}  // namespace

std::unique_ptr<ImageFrameDecoder> WebpFrameReader::makeFrameDecoder() const {
  return std::make_unique<WebpFrameDecoder>();
}

void WebpFrameReader::end() {
  if (frames_.frames.empty()) frames_.invalid = true;
  frames_.complete = true;
}

void WebpFrameReader::read(const uint8_t* data, std::size_t size, bool complete) {
  if (frames_.invalid || frames_.complete) return;
  if (!isRiffWebp(data, size)) return end();
  // The demuxer parses the chunk headers from the start each time (no pixel data): cheap, and
  // it tells which frames have all their bytes (WebPIterator::complete).
  WebPData bytes{data, size};
  WebPDemuxState state = WEBP_DEMUX_PARSE_ERROR;
  WebPDemuxerPtr demux(WebPDemuxPartial(&bytes, &state));
  const bool corrupt = !demux && state == WEBP_DEMUX_PARSE_ERROR;
  if (corrupt) {
    demux = demuxBeforeError(data, size);
    complete = true;  // nothing after the corrupt chunk counts
  }
  if (!demux) {
    if (complete) end();  // corrupt before any frame, or the header never all arrived
    return;
  }
  frames_.width = static_cast<int>(WebPDemuxGetI(demux.get(), WEBP_FF_CANVAS_WIDTH));
  frames_.height = static_cast<int>(WebPDemuxGetI(demux.get(), WEBP_FF_CANVAS_HEIGHT));
  frames_.animated = (WebPDemuxGetI(demux.get(), WEBP_FF_FORMAT_FLAGS) & ANIMATION_FLAG) != 0;
  if (frames_.animated) {
    // Container spec "ANIM chunk": Loop Count 0 = infinitely. n plays repeat n - 1 times, as
    // native Chromium reports it (measured: loop count 3 gives repetitionCount 2).
    const uint32_t loops = WebPDemuxGetI(demux.get(), WEBP_FF_LOOP_COUNT);
    frames_.repetitionCount = loops == 0 ? kLoopForever : loops - 1.0;
  }
  const int count = static_cast<int>(WebPDemuxGetI(demux.get(), WEBP_FF_FRAME_COUNT));
  for (int number = static_cast<int>(frames_.frames.size()) + 1; number <= count; ++number) {
    WebPFrameIterator frame;
    if (!frame.get(demux.get(), number) || !frame->complete) break;
    // The frame's image data (ALPH and VP8/VP8L chunks); the decoder demuxes the file up to
    // its end again for the frame's placement. ANMF durations are in milliseconds.
    const auto offset = static_cast<std::size_t>(frame->fragment.bytes - data);
    const int64_t durationUs = frames_.animated ? int64_t{frame->duration} * 1000 : 0;
    frames_.frames.push_back({offset, frame->fragment.size, durationUs});
  }
  if (state == WEBP_DEMUX_DONE || complete) {
    // A file that ends before its RIFF chunk does is no image to native Chromium (measured:
    // every cut of a still or an animation), though the frames before the cut are whole.
    if (state != WEBP_DEMUX_DONE && !corrupt) frames_.invalid = true;
    end();
  }
}

}  // namespace wcw
