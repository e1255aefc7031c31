#include "jpeg_frame_decoder.h"

#include <cmath>
#include <string>

#include "../codec_task.h"
#include "../jpeg_ptr.h"
#include "../media/color_space.h"

namespace wcw {

namespace {

// Pictures up to 2^28 pixels (1 GiB of BGRX): a larger one is refused, not a failed allocation.
constexpr uint64_t kMaxPixels = uint64_t{1} << 28;
// Progressive files with this many scans are refused, as blink's progress monitor does: each
// scan is a pass over the whole picture, so a crafted file could otherwise take forever.
constexpr int kMaxScans = 100;
constexpr unsigned kScaleDenominator = 8;  // the only one JPEG's DCT scaling has

// What the picture comes out as: its YCbCr planes, or BGRX.
struct Layout {
  AVPixelFormat format;
  const char* name;
};

// blink's YUV decode: three YCbCr components, chroma not subsampled relative to itself (1x1),
// luma 2x2 (4:2:0), 2x1 (4:2:2) or 1x1 (4:4:4), at full size. Anything else is BGRX (4:4:0,
// 4:1:1, ffmpeg's 4:2:2 written as luma 2x2 over chroma 1x2, grey, RGB, CMYK).
Layout layoutOf(const jpeg_decompress_struct& info) {
  constexpr Layout kBgrx{AV_PIX_FMT_BGRA, "BGRX"};
  if (info.jpeg_color_space != JCS_YCbCr || info.num_components != 3 || info.scale_num != info.scale_denom) {
    return kBgrx;
  }
  const jpeg_component_info* c = info.comp_info;
  if (c[1].h_samp_factor != 1 || c[1].v_samp_factor != 1 || c[2].h_samp_factor != 1 || c[2].v_samp_factor != 1) {
    return kBgrx;
  }
  const int h = c[0].h_samp_factor;
  const int v = c[0].v_samp_factor;
  if (h == 2 && v == 2) return {AV_PIX_FMT_YUV420P, "I420"};
  if (h == 2 && v == 1) return {AV_PIX_FMT_YUV422P, "I422"};
  if (h == 1 && v == 1) return {AV_PIX_FMT_YUV444P, "I444"};
  return kBgrx;
}

// A progress monitor that stops the decode at the kMaxScans-th scan.
struct ScanLimit {
  jpeg_progress_mgr pub{};  // first: libjpeg sees only this part
  bool reached = false;

  ScanLimit() { pub.progress_monitor = check; }
  static void check(j_common_ptr common) {
    if (reinterpret_cast<j_decompress_ptr>(common)->input_scan_number < kMaxScans) return;
    reinterpret_cast<ScanLimit*>(common->progress)->reached = true;
    ERREXIT(common, JERR_NOTIMPL);
  }
};

// Sets the decompression parameters blink sets (JPEGImageReader::Decode): the accurate integer
// IDCT, fancy upsampling and block smoothing, no colour quantisation.
void setDecodeParameters(jpeg_decompress_struct* info, bool planar) {
  info->dct_method = JDCT_ISLOW;
  info->do_fancy_upsampling = TRUE;
  info->do_block_smoothing = TRUE;
  info->quantize_colors = FALSE;
  if (planar) {
    info->out_color_space = JCS_YCbCr;
    info->raw_data_out = TRUE;
  } else if (info->jpeg_color_space == JCS_CMYK || info->jpeg_color_space == JCS_YCCK) {
    info->out_color_space = JCS_CMYK;  // libjpeg makes CMYK of YCCK, but neither into RGB
  } else {
    info->out_color_space = JCS_EXT_BGRX;  // X is 255
  }
}

// Reads the planes with jpeg_read_raw_data: each call gives one MCU row, DCTSIZE rows of each
// component per sampling factor, whole blocks wide. `frame` is allocated padded to whole MCUs.
void readPlanes(jpeg_decompress_struct* info, AVFrame* frame) {
  JSAMPROW rows[3][4 * DCTSIZE];
  JSAMPARRAY planes[3] = {rows[0], rows[1], rows[2]};
  const int mcuRows = info->max_v_samp_factor * DCTSIZE;
  while (info->output_scanline < info->output_height) {
    for (int c = 0; c < 3; ++c) {
      const int componentRows = info->comp_info[c].v_samp_factor * DCTSIZE;
      const int first = static_cast<int>(info->output_scanline) / mcuRows * componentRows;
      for (int r = 0; r < componentRows; ++r) {
        rows[c][r] = frame->data[c] + static_cast<std::ptrdiff_t>(first + r) * frame->linesize[c];
      }
    }
    if (jpeg_read_raw_data(info, planes, static_cast<JDIMENSION>(mcuRows)) == 0) {
      ERREXIT(info, JERR_INPUT_EOF);
    }
  }
}

// Reads BGRX rows; CMYK rows (4 bytes a pixel too) are made BGRX in place: JPEG's CMYK is Adobe's
// inverted CMYK (as blink assumes), so R = C * K / 255 and so on.
void readRows(jpeg_decompress_struct* info, AVFrame* frame) {
  const bool cmyk = info->out_color_space == JCS_CMYK;
  while (info->output_scanline < info->output_height) {
    JSAMPROW row = frame->data[0] + static_cast<std::ptrdiff_t>(info->output_scanline) * frame->linesize[0];
    if (jpeg_read_scanlines(info, &row, 1) != 1) ERREXIT(info, JERR_INPUT_EOF);
    if (!cmyk) continue;
    for (JDIMENSION x = 0; x < info->output_width; ++x) {
      uint8_t* p = row + 4 * x;
      const unsigned c = p[0], m = p[1], y = p[2], k = p[3];
      p[0] = static_cast<uint8_t>(y * k / 255);
      p[1] = static_cast<uint8_t>(m * k / 255);
      p[2] = static_cast<uint8_t>(c * k / 255);
      p[3] = 255;
    }
  }
}

// The picture `info` decodes to, allocated for it: planes padded to whole MCUs (raw data comes
// in whole blocks), then labelled with the picture's own size.
AVFramePtr allocatePicture(const jpeg_decompress_struct& info, AVPixelFormat format) {
  AVFramePtr frame = makeFrame();
  if (!frame) return nullptr;
  const int width = static_cast<int>(info.output_width);
  const int height = static_cast<int>(info.output_height);
  frame->format = format;
  frame->width = width;
  frame->height = height;
  if (format != AV_PIX_FMT_BGRA) {
    const int mcuWidth = info.max_h_samp_factor * DCTSIZE;
    const int mcuHeight = info.max_v_samp_factor * DCTSIZE;
    frame->width = (width + mcuWidth - 1) / mcuWidth * mcuWidth;
    frame->height = (height + mcuHeight - 1) / mcuHeight * mcuHeight;
  }
  if (av_frame_get_buffer(frame.get(), 0) < 0) return nullptr;
  frame->width = width;
  frame->height = height;
  return frame;
}

void emit(AVFramePtr frame, const Layout& layout, int64_t timestamp, int64_t duration, OutputSink& sink) {
  const bool yuv = layout.format != AV_PIX_FMT_BGRA;
  VideoFrameRecord record{};
  record.head.kind = OutputKind::kFrame;
  record.head.timestamp = timestamp;
  record.head.duration = duration;
  copyName(record.format, layout.name);
  record.codedWidth = record.visibleWidth = record.displayWidth = frame->width;
  record.codedHeight = record.visibleHeight = record.displayHeight = frame->height;
  // JFIF's YCbCr is BT.601's full range (smpte170m); the picture is sRGB (HTML's default).
  copyName(record.primaries, primariesName(AVCOL_PRI_BT709));
  copyName(record.transfer, transferName(AVCOL_TRC_IEC61966_2_1));
  copyName(record.matrix, matrixName(yuv ? AVCOL_SPC_SMPTE170M : AVCOL_SPC_RGB));
  record.fullRange = 1;
  std::vector<PlaneRecord> planes;
  for (int i = 0; i < (yuv ? 3 : 1); ++i) {
    const int rows = i > 0 && layout.format == AV_PIX_FMT_YUV420P ? (frame->height + 1) / 2 : frame->height;
    planes.push_back({reinterpret_cast<uintptr_t>(frame->data[i]), frame->linesize[i],
                      static_cast<uint64_t>(frame->linesize[i]) * static_cast<uint64_t>(rows)});
  }
  record.head.planeCount = static_cast<uint32_t>(planes.size());
  sink.emit({std::move(frame), nullptr, packRecord(record, planes)});
}

}  // namespace

unsigned desiredScaleNumerator(int width, int height, int desiredWidth, int desiredHeight) {
  if (desiredWidth <= 0 || desiredHeight <= 0) return kScaleDenominator;
  // blink's arithmetic (ImageDecoder's CalculateMaxDecodedBytes, JPEGImageDecoder's
  // DesiredScaleNumerator): 4 bytes a pixel, in 32 bits, the square root in float.
  const uint32_t maxBytes = 4u * (static_cast<uint32_t>(desiredWidth) * static_cast<uint32_t>(desiredHeight));
  const uint32_t originalBytes = static_cast<uint32_t>(width) * static_cast<uint32_t>(height) * 4u;
  if (originalBytes <= maxBytes) return kScaleDenominator;
  const float ratio = static_cast<float>(maxBytes) / static_cast<float>(originalBytes);
  const auto numerator = static_cast<unsigned>(
      std::floor(std::sqrt(ratio * static_cast<float>(kScaleDenominator * kScaleDenominator))));
  // Measured: Chromium 156 decodes at 1/8 where the formula gives 0 (desired 1x1).
  return numerator < 1 ? 1 : numerator;
}

CodecStatus JpegFrameDecoder::decode(const std::vector<uint8_t>& file, const ImageFrames& f, uint32_t index,
                                     OutputSink& sink) {
  const ImageFrameSpan& span = f.frames[index];
  ScanLimit scans;  // before jpeg: libjpeg holds a pointer to it
  JpegDecompressor jpeg;
  const bool headerRead = jpeg.run([&](jpeg_decompress_struct* info) {
    jpeg_mem_src(info, file.data() + span.offset, static_cast<unsigned long>(span.size));
    info->progress = &scans.pub;
    jpeg_read_header(info, TRUE);
    switch (info->jpeg_color_space) {
      case JCS_GRAYSCALE:
      case JCS_RGB:
      case JCS_YCbCr:
      case JCS_CMYK:
      case JCS_YCCK:
        break;
      default:  // blink fails the others
        ERREXIT(info, JERR_CONVERSION_NOTIMPL);
    }
    info->scale_num = desiredScaleNumerator(static_cast<int>(info->image_width), static_cast<int>(info->image_height),
                                            desiredWidth_, desiredHeight_);
    info->scale_denom = kScaleDenominator;
    jpeg_calc_output_dimensions(info);
  });
  if (!headerRead) return CodecError{"EncodingError", std::string("the JPEG header is corrupt: ") + jpeg.message()};

  jpeg_decompress_struct& info = *jpeg.get();
  if (static_cast<uint64_t>(info.output_width) * info.output_height > kMaxPixels) {
    return CodecError{"EncodingError", "the JPEG image is too large"};
  }
  const Layout layout = layoutOf(info);
  AVFramePtr frame = allocatePicture(info, layout.format);
  if (!frame) return CodecError{"EncodingError", "out of memory"};
  AVFrame* pixels = frame.get();
  const bool planar = layout.format != AV_PIX_FMT_BGRA;
  const bool decoded = jpeg.run([pixels, planar](jpeg_decompress_struct* info) {
    setDecodeParameters(info, planar);
    jpeg_start_decompress(info);
    if (planar) {
      readPlanes(info, pixels);
    } else {
      readRows(info, pixels);
    }
    jpeg_finish_decompress(info);
  });
  if (!decoded) {
    return CodecError{"EncodingError", std::string("the JPEG image did not decode: ") +
                                           (scans.reached ? "too many scans" : jpeg.message())};
  }
  emit(std::move(frame), layout, imageFrameTimestamp(f, index), span.durationUs, sink);
  return std::nullopt;
}

}  // namespace wcw
