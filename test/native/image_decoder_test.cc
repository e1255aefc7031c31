// The image decoder adapter (src/codecs/image_decoder.cc): a file arriving in pieces, track
// records as it arrives, and frames decoded on request, in any order, equal to ffmpeg's own
// decode of the file (framemd5).
#include <gtest/gtest.h>

#include <cstring>

#include "codecs/image_decoder.h"
#include "codecs/jpeg_frame_decoder.h"
#include "collecting_sink.h"
#include "image_tasks.h"
#include "test_streams.h"

namespace wcw {
namespace {

using test::run;
using test::task;

// Configures `decoder` for `container` and gives it `name` in three pieces, then its end.
std::vector<ImageTrackRecord> feed(ImageDecoder& decoder, const char* container, const char* name) {
  CodecConfig config;
  config.codec = container;
  EXPECT_FALSE(decoder.configure(config));
  const std::vector<uint8_t> file = test::readFile(test::streamPath(name));
  test::CollectingSink sink;
  const std::size_t third = file.size() / 3;
  for (std::size_t at = 0; at < file.size(); at += third) {
    EXPECT_FALSE(run(decoder, task(ImageOp::kAppend, 0, file.data() + at, std::min(third, file.size() - at)), sink));
  }
  EXPECT_FALSE(run(decoder, task(ImageOp::kEnd), sink));
  std::vector<ImageTrackRecord> tracks;
  for (std::size_t i = 0; i < sink.outputs.size(); ++i) tracks.push_back(sink.record<ImageTrackRecord>(i));
  return tracks;
}

// Decodes frame `index`; its MD5 and record.
std::pair<std::string, VideoFrameRecord> decodeFrame(ImageDecoder& decoder, uint32_t index) {
  test::CollectingSink sink;
  CodecStatus status = run(decoder, task(ImageOp::kDecode, index), sink);
  EXPECT_FALSE(status) << status->message;
  if (sink.outputs.size() != 1) return {};
  return {test::frameMd5(*sink.outputs[0].frame), sink.record<VideoFrameRecord>(0)};
}

TEST(ImageDecoder, GifTrackGrowsAndFramesDecodeInAnyOrder) {
  ImageDecoder decoder;
  const std::vector<ImageTrackRecord> tracks = feed(decoder, "gif", "anim.gif");
  ASSERT_GE(tracks.size(), 2u);
  for (std::size_t i = 1; i < tracks.size(); ++i) EXPECT_GE(tracks[i].frameCount, tracks[i - 1].frameCount);
  const ImageTrackRecord& last = tracks.back();
  EXPECT_EQ(last.kind, OutputKind::kImageTrack);
  EXPECT_EQ(last.frameCount, 6u);
  EXPECT_TRUE(last.complete);
  EXPECT_TRUE(last.animated);
  EXPECT_FALSE(last.invalid);
  EXPECT_EQ(last.repetitionCount, kLoopForever);
  EXPECT_EQ(last.width, 64);

  const std::vector<std::string> expected = test::readFrameMd5("anim.gif.framemd5");
  for (uint32_t index : {4u, 1u, 2u, 5u, 0u}) {
    const auto [md5, record] = decodeFrame(decoder, index);
    EXPECT_EQ(md5, expected[index]) << "frame " << index;
    EXPECT_STREQ(record.format, "BGRX");  // the composited frames are opaque
    EXPECT_STREQ(record.matrix, "rgb");
    EXPECT_EQ(record.head.timestamp, index * 100000);
    EXPECT_EQ(record.head.duration, 100000);
  }
}

// An animation frame whose delay is 0 lasts 0 µs (VideoFrame.duration 0), as in native
// Chromium; only a still image's frame has no duration.
TEST(ImageDecoder, ZeroDelayAnimationFramesLastZero) {
  std::vector<uint8_t> file = test::readFile(test::streamPath("anim.gif"));
  // Every Graphic Control Extension (21 F9 04 flags delay-lo delay-hi ...) gets delay 0.
  int extensions = 0;
  for (std::size_t i = 0; i + 6 < file.size(); ++i) {
    if (file[i] == 0x21 && file[i + 1] == 0xF9 && file[i + 2] == 0x04) {
      file[i + 4] = file[i + 5] = 0;
      ++extensions;
    }
  }
  ASSERT_GE(extensions, 6);
  ImageDecoder decoder;
  CodecConfig config;
  config.codec = "gif";
  ASSERT_FALSE(decoder.configure(config));
  test::CollectingSink sink;
  ASSERT_FALSE(run(decoder, task(ImageOp::kAppend, 0, file.data(), file.size()), sink));
  ASSERT_FALSE(run(decoder, task(ImageOp::kEnd), sink));
  const std::vector<std::string> expected = test::readFrameMd5("anim.gif.framemd5");
  for (uint32_t index : {2u, 0u}) {
    const auto [md5, record] = decodeFrame(decoder, index);
    EXPECT_EQ(md5, expected[index]) << "frame " << index;
    EXPECT_EQ(record.head.timestamp, 0);
    EXPECT_EQ(record.head.duration, 0);
  }
}

TEST(ImageDecoder, ApngAndStillPng) {
  ImageDecoder decoder;
  EXPECT_EQ(feed(decoder, "png", "anim.apng").back().frameCount, 5u);
  // FFmpeg's apng decoder gives rgb24 here; ImageDecoder frames are BGRA, as native Chromium's.
  const std::vector<std::string> expected = test::readFrameMd5("anim.apng.bgra.framemd5");
  for (uint32_t index = 0; index < expected.size(); ++index) {
    const auto [md5, record] = decodeFrame(decoder, index);
    EXPECT_EQ(md5, expected[index]) << "frame " << index;
    EXPECT_STREQ(record.format, "BGRX");
  }
  ImageDecoder still;
  const ImageTrackRecord track = feed(still, "png", "still.png").back();
  EXPECT_EQ(track.frameCount, 1u);
  EXPECT_FALSE(track.animated);
  EXPECT_EQ(decodeFrame(still, 0).first, test::readFrameMd5("still.png.bgra.framemd5")[0]);
}

TEST(ImageDecoder, Errors) {
  ImageDecoder decoder;
  CodecConfig config;
  config.codec = "tiff";
  ASSERT_TRUE(decoder.configure(config));
  EXPECT_STREQ(decoder.configure(config)->name, "NotSupportedError");
  // A frame whose bytes have not arrived; bytes that are no GIF.
  config.codec = "gif";
  ASSERT_FALSE(decoder.configure(config));
  test::CollectingSink sink;
  EXPECT_STREQ(run(decoder, task(ImageOp::kDecode, 0), sink)->name, "EncodingError");
  const uint8_t png[] = {0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
  EXPECT_FALSE(run(decoder, task(ImageOp::kAppend, 0, png, sizeof png), sink));
  EXPECT_TRUE(sink.record<ImageTrackRecord>(sink.outputs.size() - 1).invalid);
}

// Native Chromium's formats (docs/ARCHITECTURE.md): a 4:2:0 JPEG as I420 in BT.601 full range
// and sRGB; a 4:4:4 JPEG and a BMP as BGRX; each equal to ffmpeg's decode.
// libjpeg-turbo's decode of the whole file `name` (jpeg_test.cc holds it to djpeg): MD5 and record.
std::pair<std::string, VideoFrameRecord> jpegFrame(const char* name, int desiredWidth = 0, int desiredHeight = 0) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath(name));
  ImageFrames frames;
  frames.frames.push_back({0, file.size(), 0});
  JpegFrameDecoder decoder;
  decoder.setDesiredSize(desiredWidth, desiredHeight);
  test::CollectingSink sink;
  EXPECT_FALSE(decoder.decode(file, frames, 0, sink));
  if (sink.outputs.size() != 1) return {};
  return {test::frameMd5(*sink.outputs[0].frame), sink.record<VideoFrameRecord>(0)};
}

// Native Chromium's formats (docs/ARCHITECTURE.md): a 4:2:0 JPEG as I420 in BT.601 full range
// and sRGB, decoded by libjpeg-turbo (the session finds the image after an EXIF segment); an
// ffmpeg "4:4:4" JPEG (luma 1x2 over chroma 1x2 samples) and a BMP as BGRX.
TEST(ImageDecoder, JpegAndBmpInNativeChromiumsFormats) {
  ImageDecoder jpeg;
  const ImageTrackRecord track = feed(jpeg, "jpeg", "orientation6.jpg").back();
  EXPECT_EQ(track.frameCount, 1u);
  EXPECT_FALSE(track.animated);
  EXPECT_EQ(track.orientation, 6);
  const auto [md5, record] = decodeFrame(jpeg, 0);
  EXPECT_EQ(md5, jpegFrame("still420.jpg").first);
  EXPECT_STREQ(record.format, "I420");
  EXPECT_STREQ(record.matrix, "smpte170m");
  EXPECT_STREQ(record.primaries, "bt709");
  EXPECT_STREQ(record.transfer, "iec61966-2-1");
  EXPECT_EQ(record.fullRange, 1);

  ImageDecoder jpeg444;
  feed(jpeg444, "jpeg", "still444.jpg");
  const auto [md5444, record444] = decodeFrame(jpeg444, 0);
  EXPECT_EQ(md5444, jpegFrame("still444.jpg").first);
  EXPECT_STREQ(record444.format, "BGRX");
  EXPECT_STREQ(record444.matrix, "rgb");

  ImageDecoder bmp;
  feed(bmp, "bmp", "still.bmp");
  const auto [bmpMd5, bmpRecord] = decodeFrame(bmp, 0);
  EXPECT_EQ(bmpMd5, test::readFrameMd5("still.bmp.bgra.framemd5")[0]);
  EXPECT_STREQ(bmpRecord.format, "BGRX");
}

// desiredWidth/desiredHeight reach the JPEG decoder: 34x18 with a desired 17x9 (a quarter of
// the pixels) decodes at 4/8, in BGRX as native Chromium gives every scaled decode.
TEST(ImageDecoder, JpegDesiredSizeScalesTheDecode) {
  ImageDecoder decoder;
  CodecConfig config;
  config.codec = "jpeg";
  config.desiredWidth = 17;
  config.desiredHeight = 9;
  ASSERT_FALSE(decoder.configure(config));
  const std::vector<uint8_t> file = test::readFile(test::streamPath("still420.jpg"));
  test::CollectingSink sink;
  ASSERT_FALSE(run(decoder, task(ImageOp::kAppend, 0, file.data(), file.size()), sink));
  ASSERT_FALSE(run(decoder, task(ImageOp::kEnd), sink));
  const auto [md5, record] = decodeFrame(decoder, 0);
  EXPECT_STREQ(record.format, "BGRX");
  EXPECT_EQ(record.codedWidth, 17);
  EXPECT_EQ(record.codedHeight, 9);
  EXPECT_EQ(md5, jpegFrame("still420.jpg", 17, 9).first);
}

}  // namespace
}  // namespace wcw
