// JpegFrameDecoder (libjpeg-turbo, as native Chromium decodes JPEG) against Debian's djpeg
// (`-dct int`, `-scale M/8`): BGRX pictures byte for byte; YCbCr planes (I420, I422, I444)
// through libjpeg's own fancy upsampling and YCbCr->RGB arithmetic, written out here, byte for
// byte; CMYK as blink converts it. Corrupt and truncated files are EncodingErrors, never a crash
// (this suite also runs under AddressSanitizer).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "codecs/jpeg_frame_decoder.h"
#include "collecting_sink.h"
#include "test_streams.h"

extern "C" {
#include <jpeglib.h>
}

namespace wcw {
namespace {

struct Picture {
  std::string format;
  int width = 0;
  int height = 0;
  std::vector<std::vector<uint8_t>> planes;  // packed without padding
  std::vector<int> planeWidths;
};

// Decodes the whole `file` as one JPEG frame; an error's name, or "" and the picture.
std::string decode(const std::vector<uint8_t>& file, Picture& out, int desiredWidth = 0, int desiredHeight = 0) {
  ImageFrames frames;
  frames.frames.push_back({0, file.size(), 0});
  JpegFrameDecoder decoder;
  decoder.setDesiredSize(desiredWidth, desiredHeight);
  test::CollectingSink sink;
  if (CodecStatus status = decoder.decode(file, frames, 0, sink)) return status->name;
  EXPECT_EQ(sink.outputs.size(), 1u);
  const auto record = sink.record<VideoFrameRecord>(0);
  out.format = record.format;
  out.width = record.codedWidth;
  out.height = record.codedHeight;
  EXPECT_EQ(record.visibleWidth, out.width);
  EXPECT_EQ(record.displayHeight, out.height);
  const bool yuv = out.format != "BGRX";
  EXPECT_STREQ(record.primaries, "bt709");
  EXPECT_STREQ(record.transfer, "iec61966-2-1");
  EXPECT_STREQ(record.matrix, yuv ? "smpte170m" : "rgb");
  EXPECT_EQ(record.fullRange, 1);
  for (uint32_t p = 0; p < record.head.planeCount; ++p) {
    const PlaneRecord plane = sink.plane(0, sizeof record, p);
    int w = out.width, h = out.height;
    if (!yuv) w *= 4;
    if (p > 0 && out.format != "I444") w = (w + 1) / 2;
    if (p > 0 && out.format == "I420") h = (h + 1) / 2;
    EXPECT_GE(plane.size, static_cast<uint64_t>(plane.stride) * h);
    std::vector<uint8_t> packed;
    for (int y = 0; y < h; ++y) {
      const auto* row = reinterpret_cast<const uint8_t*>(plane.ptr) + y * plane.stride;
      packed.insert(packed.end(), row, row + w);
    }
    out.planes.push_back(std::move(packed));
    out.planeWidths.push_back(w);
  }
  return "";
}

std::vector<uint8_t> run(const std::string& command) {
  std::vector<uint8_t> bytes;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return bytes;
  uint8_t buffer[65536];
  for (std::size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;) bytes.insert(bytes.end(), buffer, buffer + n);
  pclose(pipe);
  return bytes;
}

// djpeg's decode of `path` at M/8, as RGB rows (a grey PGM is widened to RGB).
struct Rgb {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;
};
Rgb djpeg(const std::string& path, int scale = 8) {
  const std::vector<uint8_t> pnm =
      run("djpeg -dct int -scale " + std::to_string(scale) + "/8 -pnm '" + path + "'");
  Rgb rgb;
  int maxValue = 0, headerEnd = 0;
  char kind = 0;
  if (pnm.size() < 3 || std::sscanf(reinterpret_cast<const char*>(pnm.data()), "P%c %d %d %d%n", &kind, &rgb.width,
                                    &rgb.height, &maxValue, &headerEnd) != 4) {
    return rgb;
  }
  const uint8_t* data = pnm.data() + headerEnd + 1;
  const std::size_t pixels = static_cast<std::size_t>(rgb.width) * rgb.height;
  for (std::size_t i = 0; i < pixels; ++i) {
    for (int c = 0; c < 3; ++c) rgb.pixels.push_back(kind == '5' ? data[i] : data[3 * i + c]);
  }
  return rgb;
}

// BGRX rows as RGB.
std::vector<uint8_t> bgrxToRgb(const Picture& p) {
  std::vector<uint8_t> rgb;
  for (std::size_t i = 0; i < p.planes[0].size(); i += 4) {
    EXPECT_EQ(p.planes[0][i + 3], 255);
    rgb.insert(rgb.end(), {p.planes[0][i + 2], p.planes[0][i + 1], p.planes[0][i]});
  }
  return rgb;
}

// libjpeg's fancy upsampling of a chroma plane to the luma size (jdsample.c: h2v1 for 4:2:2,
// h2v2 for 4:2:0, a triangle filter with its rounding; edge samples are replicated).
std::vector<uint8_t> upsample(const std::vector<uint8_t>& c, int cw, int ch, int width, int height, bool twoRows) {
  std::vector<uint8_t> out(static_cast<std::size_t>(width) * height);
  auto at = [&](int x, int y) {
    return static_cast<int>(c[static_cast<std::size_t>(std::clamp(y, 0, ch - 1)) * cw + std::clamp(x, 0, cw - 1)]);
  };
  for (int y = 0; y < height; ++y) {
    const int cy = twoRows ? y / 2 : y;
    const int ny = twoRows ? (y % 2 ? cy + 1 : cy - 1) : cy;
    for (int x = 0; x < width; ++x) {
      const int cx = x / 2;
      const int nx = x % 2 ? cx + 1 : cx - 1;
      int v;
      if (twoRows) {
        const int sum = 3 * at(cx, cy) + at(cx, ny);
        const int other = 3 * at(nx, cy) + at(nx, ny);
        v = (3 * sum + other + (x % 2 ? 7 : 8)) >> 4;
      } else {
        v = (3 * at(cx, cy) + at(nx, cy) + (x % 2 ? 2 : 1)) >> 2;
      }
      out[static_cast<std::size_t>(y) * width + x] = static_cast<uint8_t>(v);
    }
  }
  return out;
}

// YCbCr planes as RGB, with jdcolor.c's fixed-point tables (16 fraction bits).
std::vector<uint8_t> yuvToRgb(const Picture& p) {
  const bool h2 = p.format != "I444";
  const bool v2 = p.format == "I420";
  const int cw = p.planeWidths[1];
  const int ch = v2 ? (p.height + 1) / 2 : p.height;
  std::vector<uint8_t> cb = p.planes[1], cr = p.planes[2];
  if (h2) {
    cb = upsample(p.planes[1], cw, ch, p.width, p.height, v2);
    cr = upsample(p.planes[2], cw, ch, p.width, p.height, v2);
  }
  auto fix = [](double x) { return static_cast<int32_t>(x * 65536 + 0.5); };
  auto clamp = [](int v) { return static_cast<uint8_t>(std::clamp(v, 0, 255)); };
  std::vector<uint8_t> rgb;
  for (std::size_t i = 0; i < p.planes[0].size(); ++i) {
    const int y = p.planes[0][i], u = cb[i] - 128, v = cr[i] - 128;
    rgb.push_back(clamp(y + ((fix(1.40200) * v + 32768) >> 16)));
    rgb.push_back(clamp(y + ((-fix(0.34414) * u + 32768 - fix(0.71414) * v) >> 16)));
    rgb.push_back(clamp(y + ((fix(1.77200) * u + 32768) >> 16)));
  }
  return rgb;
}

int maxDifference(const std::vector<uint8_t>& a, const std::vector<uint8_t>& b) {
  if (a.size() != b.size()) return 256;
  int most = 0;
  for (std::size_t i = 0; i < a.size(); ++i) most = std::max(most, std::abs(a[i] - b[i]));
  return most;
}

struct FileCase {
  const char* file;
  const char* format;  // as native Chromium 156 gives it (measured)
};

class JpegFiles : public ::testing::TestWithParam<FileCase> {};

// Full size: the format native gives, and the same pixels as djpeg.
TEST_P(JpegFiles, EqualsDjpegInNativeChromiumsFormat) {
  const std::string path = test::streamPath(GetParam().file);
  Picture picture;
  ASSERT_EQ(decode(test::readFile(path), picture), "");
  EXPECT_EQ(picture.format, GetParam().format);
  const Rgb expected = djpeg(path);
  ASSERT_EQ(picture.width, expected.width);
  ASSERT_EQ(picture.height, expected.height);
  const std::vector<uint8_t> rgb = picture.format == "BGRX" ? bgrxToRgb(picture) : yuvToRgb(picture);
  EXPECT_EQ(maxDifference(rgb, expected.pixels), 0);
}

// Smaller desired sizes: BGRX at djpeg's size and pixels for the scale native computes (native
// never gives planes for a scaled decode).
TEST_P(JpegFiles, ScaledDecodesEqualDjpeg) {
  const std::string path = test::streamPath(GetParam().file);
  const std::vector<uint8_t> file = test::readFile(path);
  Picture full;
  ASSERT_EQ(decode(file, full), "");
  for (int eighths = 1; eighths < 8; ++eighths) {
    const int desiredWidth = std::max(1, full.width * eighths / 8);
    const int desiredHeight = std::max(1, full.height * eighths / 8);
    const auto scale = static_cast<int>(desiredScaleNumerator(full.width, full.height, desiredWidth, desiredHeight));
    ASSERT_LT(scale, 8);
    Picture picture;
    ASSERT_EQ(decode(file, picture, desiredWidth, desiredHeight), "");
    const Rgb expected = djpeg(path, scale);
    EXPECT_EQ(picture.format, "BGRX");
    ASSERT_EQ(picture.width, expected.width) << scale << "/8";
    ASSERT_EQ(picture.height, expected.height) << scale << "/8";
    EXPECT_EQ(maxDifference(bgrxToRgb(picture), expected.pixels), 0) << scale << "/8";
  }
}

INSTANTIATE_TEST_SUITE_P(
    CjpegAndFfmpegFiles, JpegFiles,
    ::testing::Values(FileCase{"jpeg_420.jpg", "I420"}, FileCase{"jpeg_420_odd.jpg", "I420"},
                      FileCase{"jpeg_422_odd.jpg", "I422"}, FileCase{"jpeg_444_odd.jpg", "I444"},
                      FileCase{"jpeg_progressive_420.jpg", "I420"}, FileCase{"jpeg_big_420.jpg", "I420"},
                      FileCase{"jpeg_restart_420.jpg", "I420"}, FileCase{"jpeg_arithmetic_420.jpg", "I420"},
                      FileCase{"jpeg_440_odd.jpg", "BGRX"}, FileCase{"jpeg_gray_odd.jpg", "BGRX"},
                      FileCase{"jpeg_rgb.jpg", "BGRX"},
                      // ffmpeg writes 4:2:2 as luma 2x2 over chroma 1x2: not one of blink's YUV cases.
                      FileCase{"jpeg_ffmpeg_422.jpg", "BGRX"}),
    [](const ::testing::TestParamInfo<FileCase>& info) {
      std::string name = info.param.file;
      return name.substr(0, name.find('.'));
    });

// Native Chromium 156's decoded sizes for ImageDecoderInit's desiredWidth/desiredHeight
// (measured 2026-12-03 on cjpeg files): the n/8 scale of the numerator desiredScaleNumerator gives.
TEST(JpegScale, NumeratorAsNativeChromiumDecodes) {
  struct Case {
    int width, height, desiredWidth, desiredHeight;
    unsigned numerator;
  };
  for (const Case& c : {Case{1000, 700, 500, 350, 4}, Case{1000, 700, 2000, 1400, 8}, Case{1000, 700, 1000, 88, 2},
                        Case{1000, 700, 500, 700, 5}, Case{1000, 700, 1, 1, 1}, Case{1000, 700, 300, 200, 2},
                        Case{1000, 700, 999, 699, 7}, Case{1000, 700, 375, 263, 3}, Case{33, 17, 16, 8, 3},
                        Case{33, 17, 66, 34, 8}, Case{33, 17, 33, 3, 3}, Case{33, 17, 17, 17, 5},
                        Case{33, 17, 300, 200, 8}, Case{33, 17, 32, 16, 7}, Case{33, 17, 13, 7, 3},
                        Case{64, 48, 64, 6, 2}, Case{64, 48, 32, 48, 5}, Case{64, 48, 1, 1, 1},
                        Case{64, 48, 63, 47, 7}, Case{64, 48, 24, 18, 3}, Case{64, 48, 0, 0, 8}}) {
    EXPECT_EQ(desiredScaleNumerator(c.width, c.height, c.desiredWidth, c.desiredHeight), c.numerator)
        << c.width << "x" << c.height << " desired " << c.desiredWidth << "x" << c.desiredHeight;
  }
}

// What native gave for the 1000x700 4:2:0 file: a larger desired size keeps the planes; a
// smaller one decodes BGRX at libjpeg's rounded-up scaled size.
TEST(JpegScale, SizesAndFormatsAsNativeChromium) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("jpeg_big_420.jpg"));
  struct Case {
    int desiredWidth, desiredHeight;
    const char* format;
    int width, height;
  };
  for (const Case& c : {Case{2000, 1400, "I420", 1000, 700}, Case{500, 700, "BGRX", 625, 438},
                        Case{1, 1, "BGRX", 125, 88}, Case{999, 699, "BGRX", 875, 613}}) {
    Picture picture;
    ASSERT_EQ(decode(file, picture, c.desiredWidth, c.desiredHeight), "");
    EXPECT_EQ(picture.format, c.format);
    EXPECT_EQ(picture.width, c.width);
    EXPECT_EQ(picture.height, c.height);
  }
}

// A CMYK JPEG (Adobe's inverted CMYK, stored as CMYK or as YCCK), written here with libjpeg.
std::vector<uint8_t> cmykJpeg(int width, int height, J_COLOR_SPACE stored) {
  jpeg_compress_struct c{};
  jpeg_error_mgr errors{};
  c.err = jpeg_std_error(&errors);
  jpeg_create_compress(&c);
  unsigned char* bytes = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &bytes, &size);
  c.image_width = width;
  c.image_height = height;
  c.input_components = 4;
  c.in_color_space = JCS_CMYK;
  jpeg_set_defaults(&c);
  jpeg_set_colorspace(&c, stored);
  jpeg_start_compress(&c, TRUE);
  std::vector<uint8_t> row(4 * width);
  while (c.next_scanline < c.image_height) {
    const int y = static_cast<int>(c.next_scanline);
    for (int x = 0; x < width; ++x) {
      row[4 * x] = static_cast<uint8_t>(x * 255 / width);
      row[4 * x + 1] = static_cast<uint8_t>(y * 255 / height);
      row[4 * x + 2] = static_cast<uint8_t>((x + y) * 3);
      row[4 * x + 3] = static_cast<uint8_t>(128 + (x ^ y) % 128);
    }
    JSAMPROW rows[] = {row.data()};
    jpeg_write_scanlines(&c, rows, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::vector<uint8_t> file(bytes, bytes + size);
  free(bytes);
  return file;
}

// libjpeg's CMYK samples of `file` (it makes CMYK of YCCK), the oracle's input.
std::vector<uint8_t> cmykSamples(const std::vector<uint8_t>& file) {
  jpeg_decompress_struct d{};
  jpeg_error_mgr errors{};
  d.err = jpeg_std_error(&errors);
  jpeg_create_decompress(&d);
  jpeg_mem_src(&d, file.data(), file.size());
  jpeg_read_header(&d, TRUE);
  d.out_color_space = JCS_CMYK;
  jpeg_start_decompress(&d);
  std::vector<uint8_t> samples(4 * d.output_width * d.output_height);
  while (d.output_scanline < d.output_height) {
    JSAMPROW row = samples.data() + 4 * d.output_width * d.output_scanline;
    jpeg_read_scanlines(&d, &row, 1);
  }
  jpeg_finish_decompress(&d);
  jpeg_destroy_decompress(&d);
  return samples;
}

// blink's SetPixel<JCS_CMYK>: inverted CMYK, so R = C * K / 255 (G from M, B from Y).
TEST(JpegCmyk, AdobeInvertedCmykAsBlinkConvertsIt) {
  for (J_COLOR_SPACE stored : {JCS_CMYK, JCS_YCCK}) {
    const std::vector<uint8_t> file = cmykJpeg(33, 17, stored);
    Picture picture;
    ASSERT_EQ(decode(file, picture), "");
    EXPECT_EQ(picture.format, "BGRX");
    const std::vector<uint8_t> cmyk = cmykSamples(file);
    std::vector<uint8_t> expected;
    for (std::size_t i = 0; i < cmyk.size(); i += 4) {
      const unsigned k = cmyk[i + 3];
      expected.insert(expected.end(), {static_cast<uint8_t>(cmyk[i + 2] * k / 255), static_cast<uint8_t>(cmyk[i + 1] * k / 255),
                                       static_cast<uint8_t>(cmyk[i] * k / 255), 255});
    }
    EXPECT_EQ(picture.planes[0], expected) << (stored == JCS_YCCK ? "YCCK" : "CMYK");
  }
}

// Corrupt or cut files: an EncodingError or a picture, never a crash or a leak (ASan).
TEST(JpegCorrupt, CutAndDamagedFilesFailCleanly) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("jpeg_progressive_420.jpg"));
  Picture picture;
  EXPECT_EQ(decode({0xff, 0xd8, 0xff, 0xd9}, picture), "EncodingError");
  EXPECT_EQ(decode({}, picture), "EncodingError");
  // Cut anywhere, and closed with an EOI as the reader would find one.
  for (std::size_t cut = 0; cut < file.size(); cut += 7) {
    std::vector<uint8_t> part(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(cut));
    part.insert(part.end(), {0xff, 0xd9});
    Picture p;
    const std::string error = decode(part, p);
    EXPECT_TRUE(error.empty() || error == "EncodingError") << error;
  }
  // Damaged bytes after the header: libjpeg decodes on (as native does for a baseline file).
  for (std::size_t at = 2; at < file.size(); at += 13) {
    std::vector<uint8_t> damaged = file;
    damaged[at] ^= 0x5a;
    Picture p;
    const std::string error = decode(damaged, p);
    EXPECT_TRUE(error.empty() || error == "EncodingError") << error;
  }
}

}  // namespace
}  // namespace wcw
