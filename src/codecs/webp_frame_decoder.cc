#include "webp_frame_decoder.h"

#include <cstring>

#include "../codec_task.h"
#include "../media/color_space.h"
#include "../webp_ptr.h"

namespace wcw {

namespace {

// Canvases up to 2^28 pixels (1 GiB of BGRA): a larger one is refused, not a failed allocation.
constexpr uint64_t kMaxPixels = uint64_t{1} << 28;

// One frame of the file as libwebp's demuxer places it. The demuxer reads the bytes up to the
// end of the frame's image data only, so bytes after it (still arriving, or corrupt) do not
// matter.
class PlacedFrame {
 public:
  bool read(const std::vector<uint8_t>& file, const ImageFrameSpan& span, uint32_t index) {
    WebPData bytes{file.data(), span.offset + span.size};
    WebPDemuxState state;
    demux_.reset(WebPDemuxPartial(&bytes, &state));
    return demux_ && frame_.get(demux_.get(), static_cast<int>(index) + 1) && frame_->complete;
  }
  const WebPIterator& operator*() const { return *frame_.operator->(); }
  uint32_t formatFlags() const { return WebPDemuxGetI(demux_.get(), WEBP_FF_FORMAT_FLAGS); }

 private:
  WebPDemuxerPtr demux_;  // before frame_: the iterator is released first
  WebPFrameIterator frame_;
};

// Decodes a frame's image data (ALPH and VP8/VP8L chunks) into `frame`, allocated here in
// `format` (AV_PIX_FMT_YUV420P: VP8's planes; AV_PIX_FMT_BGRA: non-premultiplied).
bool decodeInto(const WebPIterator& placed, AVPixelFormat format, AVFrame& frame) {
  frame.format = format;
  frame.width = placed.width;
  frame.height = placed.height;
  if (av_frame_get_buffer(&frame, 0) < 0) return false;
  WebPDecodeConfig config;
  if (!config.ok()) return false;
  WebPDecBuffer& out = config.get()->output;
  out.is_external_memory = 1;
  if (format == AV_PIX_FMT_YUV420P) {
    const int chromaRows = (frame.height + 1) / 2;
    out.colorspace = MODE_YUV;
    out.u.YUVA = {frame.data[0], frame.data[1], frame.data[2], nullptr,
                  frame.linesize[0], frame.linesize[1], frame.linesize[2], 0,
                  static_cast<size_t>(frame.linesize[0]) * frame.height,
                  static_cast<size_t>(frame.linesize[1]) * chromaRows,
                  static_cast<size_t>(frame.linesize[2]) * chromaRows, 0};
  } else {
    out.colorspace = MODE_BGRA;
    out.u.RGBA = {frame.data[0], frame.linesize[0], static_cast<size_t>(frame.linesize[0]) * frame.height};
  }
  return WebPDecode(placed.fragment.bytes, placed.fragment.size, config.get()) == VP8_STATUS_OK;
}

// Outputs `frame` as a VideoFrame record. WebP has no colour description but an optional ICC
// profile (not applied): sRGB, as native Chromium labels it (measured). VP8's YCbCr is BT.601
// limited range (RFC 6386 §9.2), which WebCodecs names smpte170m.
void emit(AVFramePtr frame, const char* format, int64_t timestamp, int64_t duration, OutputSink& sink) {
  const bool yuv = frame->format == AV_PIX_FMT_YUV420P;
  VideoFrameRecord record{};
  record.head.kind = OutputKind::kFrame;
  record.head.timestamp = timestamp;
  record.head.duration = duration;
  copyName(record.format, format);
  record.codedWidth = record.visibleWidth = record.displayWidth = frame->width;
  record.codedHeight = record.visibleHeight = record.displayHeight = frame->height;
  copyName(record.primaries, primariesName(AVCOL_PRI_BT709));
  copyName(record.transfer, transferName(AVCOL_TRC_IEC61966_2_1));
  copyName(record.matrix, matrixName(yuv ? AVCOL_SPC_SMPTE170M : AVCOL_SPC_RGB));
  record.fullRange = yuv ? 0 : 1;
  std::vector<PlaneRecord> planes;
  for (int i = 0; i < (yuv ? 3 : 1); ++i) {
    const int rows = i == 0 ? frame->height : (frame->height + 1) / 2;
    planes.push_back({reinterpret_cast<uintptr_t>(frame->data[i]), frame->linesize[i],
                      static_cast<uint64_t>(frame->linesize[i]) * static_cast<uint64_t>(rows)});
  }
  record.head.planeCount = static_cast<uint32_t>(planes.size());
  sink.emit({std::move(frame), nullptr, packRecord(record, planes)});
}

}  // namespace

CodecStatus WebpFrameDecoder::drawNextFrame(const std::vector<uint8_t>& file, const ImageFrames& f) {
  PlacedFrame placed;
  if (!placed.read(file, f.frames[nextFrame_], nextFrame_)) return CodecError{"EncodingError", "no such WebP frame"};
  const WebPIterator& frame = *placed;
  AVFramePtr pixels = makeFrame();
  if (!pixels || !decodeInto(frame, AV_PIX_FMT_BGRA, *pixels)) {
    return CodecError{"EncodingError", "the WebP frame did not decode"};
  }
  alphaFlag_ = (placed.formatFlags() & ALPHA_FLAG) != 0;
  const WebpFrameRect rect{frame.x_offset, frame.y_offset, frame.width, frame.height};
  auto whole = [&f](const WebpFrameRect& r) { return r.width == f.width && r.height == f.height; };
  // A key frame starts from a transparent canvas: the first, one that covers the canvas
  // without blending (or has no alpha), and one after a frame whose disposal left the canvas
  // transparent (it covered the canvas, or was a key frame itself). It is copied, not blended:
  // blending over transparent black is the identity in the spec's formula, and native Chromium
  // skips it (its fixed point would round such colours down; measured pixel-exact).
  const bool key = nextFrame_ == 0 ||
                   (whole(rect) && (!frame.has_alpha || frame.blend_method == WEBP_MUX_NO_BLEND)) ||
                   (disposePrevious_ && (whole(previous_) || previousWasKey_));
  // Container spec, "Canvas assembly from frames": the previous frame's disposal happens
  // before this frame is drawn.
  if (key) {
    canvas_->clear({0, 0, f.width, f.height});
  } else if (disposePrevious_) {
    canvas_->clear(previous_);
  }
  canvas_->draw(pixels->data[0], pixels->linesize[0], rect, frame.blend_method == WEBP_MUX_BLEND && !key);
  previous_ = rect;
  previousWasKey_ = key;
  disposePrevious_ = frame.dispose_method == WEBP_MUX_DISPOSE_BACKGROUND;
  ++nextFrame_;
  return std::nullopt;
}

CodecStatus WebpFrameDecoder::decode(const std::vector<uint8_t>& file, const ImageFrames& f, uint32_t index,
                                     OutputSink& sink) {
  if (static_cast<uint64_t>(f.width) * static_cast<uint64_t>(f.height) > kMaxPixels) {
    return CodecError{"EncodingError", "the WebP canvas is too large"};
  }
  const int64_t timestamp = imageFrameTimestamp(f, index);
  const int64_t duration = f.frames[index].durationUs;
  if (!f.animated) {
    const ImageFrameSpan& span = f.frames[index];
    PlacedFrame placed;
    WebPBitstreamFeatures features;
    // The file's features: has_alpha is the VP8X alpha flag when there is one, as native
    // Chromium reads it. Native decodes a lossy image without alpha to YUV planes (measured).
    if (!placed.read(file, span, index) ||
        WebPGetFeatures(file.data(), span.offset + span.size, &features) != VP8_STATUS_OK) {
      return CodecError{"EncodingError", "the WebP image is corrupt"};
    }
    const bool planar = features.format == 1 && !features.has_alpha;
    AVFramePtr frame = makeFrame();
    if (!frame || !decodeInto(*placed, planar ? AV_PIX_FMT_YUV420P : AV_PIX_FMT_BGRA, *frame)) {
      return CodecError{"EncodingError", "the WebP image did not decode"};
    }
    emit(std::move(frame), planar ? "I420" : features.has_alpha ? "BGRA" : "BGRX", timestamp, duration, sink);
    return std::nullopt;
  }
  if (!canvas_ || index < nextFrame_) {
    canvas_ = std::make_unique<WebpCanvas>(f.width, f.height);
    nextFrame_ = 0;
    disposePrevious_ = false;
  }
  while (nextFrame_ <= index) {
    if (CodecStatus status = drawNextFrame(file, f)) return status;
  }
  AVFramePtr out = makeFrame();
  if (!out) return CodecError{"EncodingError", "out of memory"};
  out->format = AV_PIX_FMT_BGRA;
  out->width = f.width;
  out->height = f.height;
  if (av_frame_get_buffer(out.get(), 0) < 0) return CodecError{"EncodingError", "out of memory"};
  for (int y = 0; y < f.height; ++y) {
    std::memcpy(out->data[0] + static_cast<std::ptrdiff_t>(y) * out->linesize[0],
                canvas_->pixels() + static_cast<std::ptrdiff_t>(y) * canvas_->stride(), static_cast<std::size_t>(canvas_->stride()));
  }
  emit(std::move(out), alphaFlag_ ? "BGRA" : "BGRX", timestamp, duration, sink);
  return std::nullopt;
}

}  // namespace wcw
