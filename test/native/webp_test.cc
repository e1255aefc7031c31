// WebP in the image decoder session (src/image/webp_frames.h, src/codecs/webp_frame_decoder.h):
// files made by make_test_streams.sh with Debian's cwebp/webpmux/img2webp, fed in small pieces,
// every frame equal to an independent decode: ffmpeg's own webp decoder (framemd5) for the
// lossy and lossless stills, dwebp's PAM for lossy with alpha, and libwebp's WebPAnimDecoder
// (its own compositing, which native Chromium's frames equal, measured) for the animations.
// Truncated, cut and corrupt files list fewer frames or fail with EncodingError, never crash.
#include <gtest/gtest.h>
#include <webp/demux.h>

#include <algorithm>
#include <cstring>
#include <string>

#include "codecs/image_decoder.h"
#include "collecting_sink.h"
#include "image_tasks.h"
#include "image/webp_frames.h"
#include "test_streams.h"

extern "C" {
#include <libavutil/imgutils.h>
}

namespace wcw {
namespace {

using test::run;
using test::task;

// A "webp" session given `file` in pieces of `step` bytes, then its end (when `end`); the last
// track record.
ImageTrackRecord feed(ImageDecoder& decoder, const std::vector<uint8_t>& file, std::size_t step, bool end = true) {
  CodecConfig config;
  config.codec = "webp";
  EXPECT_FALSE(decoder.configure(config));
  test::CollectingSink sink;
  uint32_t frameCount = 0;
  for (std::size_t at = 0; at < file.size(); at += step) {
    EXPECT_FALSE(run(decoder, task(ImageOp::kAppend, 0, file.data() + at, std::min(step, file.size() - at)), sink));
    if (!sink.outputs.empty()) {  // frames are only ever added
      EXPECT_GE(sink.record<ImageTrackRecord>(sink.outputs.size() - 1).frameCount, frameCount);
      frameCount = sink.record<ImageTrackRecord>(sink.outputs.size() - 1).frameCount;
    }
  }
  if (end) {
    EXPECT_FALSE(run(decoder, task(ImageOp::kEnd), sink));
  }
  if (sink.outputs.empty()) return {};
  return sink.record<ImageTrackRecord>(sink.outputs.size() - 1);
}

struct Decoded {
  CodecStatus status;
  VideoFrameRecord record{};
  std::vector<uint8_t> pixels;  // the planes packed without padding
  std::string md5;
};

Decoded decodeFrame(ImageDecoder& decoder, uint32_t index) {
  test::CollectingSink sink;
  Decoded d;
  d.status = run(decoder, task(ImageOp::kDecode, index), sink);
  if (d.status) return d;
  EXPECT_EQ(sink.outputs.size(), 1u);
  if (sink.outputs.size() != 1) return d;
  const AVFrame& frame = *sink.outputs[0].frame;
  d.record = sink.record<VideoFrameRecord>(0);
  d.md5 = test::frameMd5(frame);
  const auto format = static_cast<AVPixelFormat>(frame.format);
  d.pixels.resize(av_image_get_buffer_size(format, frame.width, frame.height, 1));
  av_image_copy_to_buffer(d.pixels.data(), static_cast<int>(d.pixels.size()), frame.data, frame.linesize, format,
                          frame.width, frame.height, 1);
  return d;
}

// libwebp's WebPAnimDecoder over the whole file: each canvas, non-premultiplied BGRA.
std::vector<std::vector<uint8_t>> animDecoderFrames(const std::vector<uint8_t>& file) {
  WebPAnimDecoderOptions options;
  EXPECT_TRUE(WebPAnimDecoderOptionsInit(&options));
  options.color_mode = MODE_BGRA;
  const WebPData data{file.data(), file.size()};
  std::unique_ptr<WebPAnimDecoder, void (*)(WebPAnimDecoder*)> anim(WebPAnimDecoderNew(&data, &options),
                                                                    WebPAnimDecoderDelete);
  WebPAnimInfo info;
  EXPECT_TRUE(anim && WebPAnimDecoderGetInfo(anim.get(), &info));
  std::vector<std::vector<uint8_t>> frames;
  uint8_t* canvas = nullptr;
  int timestamp = 0;
  while (anim && WebPAnimDecoderGetNext(anim.get(), &canvas, &timestamp)) {
    frames.emplace_back(canvas, canvas + std::size_t{info.canvas_width} * info.canvas_height * 4);
  }
  return frames;
}

// dwebp's PAM (RGBA), as BGRA.
std::vector<uint8_t> pamAsBgra(const std::string& name) {
  std::vector<uint8_t> pam = test::readFile(test::streamPath(name));
  const std::string end = "ENDHDR\n";
  auto at = std::search(pam.begin(), pam.end(), end.begin(), end.end());
  std::vector<uint8_t> bgra(at + static_cast<std::ptrdiff_t>(end.size()), pam.end());
  for (std::size_t i = 0; i + 3 < bgra.size(); i += 4) std::swap(bgra[i], bgra[i + 2]);
  return bgra;
}

void expectSrgb(const VideoFrameRecord& r) {
  EXPECT_STREQ(r.primaries, "bt709");
  EXPECT_STREQ(r.transfer, "iec61966-2-1");
  EXPECT_STREQ(r.matrix, "rgb");
  EXPECT_EQ(r.fullRange, 1);
}

constexpr std::size_t kSteps[] = {1, 37, 1000, 1 << 20};

TEST(Webp, LossyStillIsI420AsFfmpegDecodesIt) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("webp_lossy.webp"));
  for (std::size_t step : kSteps) {
    ImageDecoder decoder;
    const ImageTrackRecord track = feed(decoder, file, step);
    EXPECT_EQ(track.frameCount, 1u);
    EXPECT_FALSE(track.animated);
    EXPECT_EQ(track.repetitionCount, 0);
    EXPECT_TRUE(track.complete);
    EXPECT_FALSE(track.invalid);
    EXPECT_EQ(track.width, 33);
    EXPECT_EQ(track.height, 19);
    const Decoded d = decodeFrame(decoder, 0);
    ASSERT_FALSE(d.status);
    EXPECT_EQ(d.md5, test::readFrameMd5("webp_lossy.webp.framemd5")[0]);
    EXPECT_STREQ(d.record.format, "I420");
    EXPECT_EQ(d.record.codedWidth, 33);
    EXPECT_EQ(d.record.head.planeCount, 3u);
    EXPECT_EQ(d.record.head.timestamp, 0);
    EXPECT_EQ(d.record.head.duration, -1);  // a still image's frame has none (null in JS)
    // As native Chromium labels a lossy WebP's planes (BT.601 limited range, sRGB).
    EXPECT_STREQ(d.record.matrix, "smpte170m");
    EXPECT_EQ(d.record.fullRange, 0);
    EXPECT_STREQ(d.record.primaries, "bt709");
    EXPECT_STREQ(d.record.transfer, "iec61966-2-1");
  }
}

TEST(Webp, LosslessStillsAreBgraAsFfmpegDecodesThem) {
  for (const char* name : {"webp_lossless.webp", "webp_lossless_alpha.webp"}) {
    const bool alpha = std::string(name).find("alpha") != std::string::npos;
    const std::vector<uint8_t> file = test::readFile(test::streamPath(name));
    for (std::size_t step : kSteps) {
      ImageDecoder decoder;
      const ImageTrackRecord track = feed(decoder, file, step);
      ASSERT_EQ(track.frameCount, 1u) << name;
      EXPECT_FALSE(track.animated);
      const Decoded d = decodeFrame(decoder, 0);
      ASSERT_FALSE(d.status);
      EXPECT_EQ(d.md5, test::readFrameMd5(std::string(name) + ".bgra.framemd5")[0]) << name << " step " << step;
      EXPECT_STREQ(d.record.format, alpha ? "BGRA" : "BGRX");
      expectSrgb(d.record);
    }
  }
}

TEST(Webp, LossyWithAlphaIsBgraAsDwebpDecodesIt) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("webp_lossy_alpha.webp"));
  const std::vector<uint8_t> expected = pamAsBgra("webp_lossy_alpha.pam");
  for (std::size_t step : kSteps) {
    ImageDecoder decoder;
    ASSERT_EQ(feed(decoder, file, step).frameCount, 1u);
    const Decoded d = decodeFrame(decoder, 0);
    ASSERT_FALSE(d.status);
    EXPECT_STREQ(d.record.format, "BGRA");
    EXPECT_EQ(d.pixels, expected) << "step " << step;
    expectSrgb(d.record);
  }
}

// Each frame (decoded in order, then out of order) equals libwebp's composited canvas.
void expectAnimation(const char* name, uint32_t frames, double repetitionCount, const char* format,
                     const std::vector<int64_t>& durationsMs) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath(name));
  const std::vector<std::vector<uint8_t>> expected = animDecoderFrames(file);
  ASSERT_EQ(expected.size(), frames);
  for (std::size_t step : kSteps) {
    ImageDecoder decoder;
    const ImageTrackRecord track = feed(decoder, file, step);
    ASSERT_EQ(track.frameCount, frames) << name << " step " << step;
    EXPECT_TRUE(track.animated);
    EXPECT_TRUE(track.complete);
    EXPECT_EQ(track.repetitionCount, repetitionCount);
    std::vector<uint32_t> order;
    for (uint32_t i = 0; i < frames; ++i) order.push_back(i);
    for (uint32_t i = frames; i-- > 0;) order.push_back(i);
    for (uint32_t index : order) {
      const Decoded d = decodeFrame(decoder, index);
      ASSERT_FALSE(d.status) << d.status->message;
      EXPECT_EQ(d.pixels, expected[index]) << name << " frame " << index << " step " << step;
      EXPECT_STREQ(d.record.format, format);
      expectSrgb(d.record);
      int64_t timestamp = 0;
      for (uint32_t i = 0; i < index; ++i) timestamp += durationsMs[i] * 1000;
      EXPECT_EQ(d.record.head.timestamp, timestamp);
      EXPECT_EQ(d.record.head.duration, durationsMs[index] * 1000);
    }
  }
}

TEST(Webp, AnimationWithDisposalAndBlendingEqualsLibwebpsCompositing) {
  // ANIM loop count 3: repeated twice, as native Chromium says.
  expectAnimation("webp_anim.webp", 6, 2, "BGRA", {100, 30, 120, 70, 20, 40});
}

TEST(Webp, OpaqueAnimationLoopingForeverIsBgrx) {
  expectAnimation("webp_anim_opaque.webp", 2, kLoopForever, "BGRX", {100, 50});
}

// Cut after every byte: the frames listed are those whose bytes all arrived, and they decode
// to the complete file's frames; a cut inside the header is invalid once the stream ends.
TEST(Webp, EveryCutListsTheCompleteFramesOnly) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("webp_anim.webp"));
  const std::vector<std::vector<uint8_t>> expected = animDecoderFrames(file);
  WebpFrameReader whole;
  whole.read(file.data(), file.size(), true);
  ASSERT_EQ(whole.frames().frames.size(), expected.size());
  for (std::size_t cut = 0; cut < file.size(); ++cut) {
    std::size_t complete = 0;  // frames whose image data ends before the cut
    for (const ImageFrameSpan& span : whole.frames().frames) complete += span.offset + span.size <= cut;
    ImageDecoder decoder;
    const std::vector<uint8_t> part(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(cut));
    const ImageTrackRecord open = feed(decoder, part, 1 << 20, false);
    EXPECT_EQ(open.frameCount, complete) << "cut " << cut;
    EXPECT_FALSE(open.complete);
    test::CollectingSink sink;
    ASSERT_FALSE(run(decoder, task(ImageOp::kEnd), sink));
    const ImageTrackRecord ended = sink.outputs.empty() ? open : sink.record<ImageTrackRecord>(0);
    EXPECT_TRUE(ended.complete);
    EXPECT_TRUE(ended.invalid) << "cut " << cut;  // as native: a cut WebP is no image
    const uint32_t last = static_cast<uint32_t>(complete);
    if (last > 0) {
      EXPECT_EQ(decodeFrame(decoder, last - 1).pixels, expected[last - 1]) << "cut " << cut;
    }
    EXPECT_STREQ(decodeFrame(decoder, last).status->name, "EncodingError");
  }
}

TEST(Webp, ForeignAndCorruptBytes) {
  // Not WebP: a PNG signature; a RIFF file of another form (WAVE).
  for (std::vector<uint8_t> foreign : {std::vector<uint8_t>{0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'},
                                       std::vector<uint8_t>{'R', 'I', 'F', 'F', 4, 0, 0, 0, 'W', 'A', 'V', 'E'}}) {
    ImageDecoder decoder;
    EXPECT_TRUE(feed(decoder, foreign, 3, false).invalid);
  }
  // A still whose first chunk claims more bytes than the file has: no frame, invalid at the end.
  const std::vector<uint8_t> still = test::readFile(test::streamPath("webp_lossless.webp"));
  std::vector<uint8_t> oversized = still;
  oversized[16] = 0xff;
  oversized[17] = 0xff;
  ImageDecoder cut;
  const ImageTrackRecord track = feed(cut, oversized, 64);
  EXPECT_EQ(track.frameCount, 0u);
  EXPECT_TRUE(track.invalid);
  // Garbage in the image data of each frame: EncodingError or some picture, never a crash (the
  // ASan variant of this test checks the memory accesses).
  const std::vector<uint8_t> anim = test::readFile(test::streamPath("webp_anim.webp"));
  for (const std::vector<uint8_t>* file : {&still, &anim}) {
    for (std::size_t at = 40; at < file->size(); at += 7) {
      std::vector<uint8_t> damaged = *file;
      damaged[at] ^= 0x5a;
      damaged[at - 1] ^= 0xff;
      ImageDecoder decoder;
      const ImageTrackRecord t = feed(decoder, damaged, 1 << 20);
      for (uint32_t i = 0; i < t.frameCount; ++i) {
        const Decoded d = decodeFrame(decoder, i);
        if (d.status) {
          EXPECT_STREQ(d.status->name, "EncodingError");
        }
      }
    }
  }
}

TEST(Webp, AnimationCorruptAfterItsFirstFrameKeepsThatFrame) {
  std::vector<uint8_t> file = test::readFile(test::streamPath("webp_anim.webp"));
  WebpFrameReader whole;
  whole.read(file.data(), file.size(), true);
  // The second ANMF chunk's size says more than the RIFF holds.
  const std::size_t second = whole.frames().frames[0].offset + whole.frames().frames[0].size;
  ASSERT_EQ(std::memcmp(&file[second], "ANMF", 4), 0);
  std::fill_n(file.begin() + static_cast<std::ptrdiff_t>(second) + 4, 4, 0xee);
  ImageDecoder decoder;
  const ImageTrackRecord track = feed(decoder, file, 100);
  EXPECT_EQ(track.frameCount, 1u);
  EXPECT_TRUE(track.complete);
  EXPECT_FALSE(track.invalid);
  EXPECT_EQ(decodeFrame(decoder, 0).pixels, animDecoderFrames(test::readFile(test::streamPath("webp_anim.webp")))[0]);
}

}  // namespace
}  // namespace wcw
