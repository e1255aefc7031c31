// AVIF (src/image/avif_frames.h, src/codecs/avif_frame_decoder.h): files made by avifenc, read
// as their bytes arrive in small pieces, decoded by dav1d. YUV output equals avifdec's own
// decode bit for bit; BGRA output is within a small tolerance of avifdec's RGB conversion
// (libyuv's, as Chromium's); the sequence's samples decode to ffmpeg's framemd5.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "codecs/avif_frame_decoder.h"
#include "codecs/image_decoder.h"
#include "codecs/video_decoder.h"
#include "collecting_sink.h"
#include "image/avif_frames.h"
#include "image_tasks.h"
#include "test_streams.h"

namespace wcw {
namespace {

using test::CollectingSink;
using test::readFile;
using test::streamPath;

std::vector<uint8_t> stream(const std::string& name) { return readFile(streamPath(name)); }

// Feeds the file in pieces of `step` bytes, then says it is complete; checks that frames are
// only ever added, each with its bytes (and its alpha's) arrived.
void readInPieces(AvifFrameReader& reader, const std::vector<uint8_t>& file, std::size_t step) {
  std::size_t previous = 0;
  for (std::size_t size = std::min(step, file.size());; size = std::min(size + step, file.size())) {
    reader.read(file.data(), size, false);
    const ImageFrames& f = reader.frames();
    EXPECT_GE(f.frames.size(), previous);
    previous = f.frames.size();
    for (const ImageFrameSpan& s : f.frames) EXPECT_LE(s.offset + s.size, size);
    for (const ImageFrameSpan& s : reader.alphaFrames()) EXPECT_LE(s.offset + s.size, size);
    if (!f.frames.empty()) {
      EXPECT_GE(f.setupSize, 4u);
    }
    if (size == file.size()) break;
  }
  reader.read(file.data(), file.size(), true);
}

struct Decoded {
  VideoFrameRecord record;
  AVFramePtr frame;
};

Decoded decodeFrame(const AvifFrameReader& reader, ImageFrameDecoder& decoder, const std::vector<uint8_t>& file,
                    uint32_t index) {
  CollectingSink sink;
  EXPECT_EQ(decoder.decode(file, reader.frames(), index, sink), std::nullopt);
  EXPECT_EQ(sink.outputs.size(), 1u);
  if (sink.outputs.empty()) return {};
  return {sink.record<VideoFrameRecord>(0), std::move(sink.outputs[0].frame)};
}

// Largest difference between a BGRA frame and raw BGRA bytes of the same size.
int maxBgraDifference(const AVFrame& frame, const std::vector<uint8_t>& expected, int channelMask) {
  int worst = 0;
  EXPECT_EQ(expected.size(), static_cast<std::size_t>(frame.width) * frame.height * 4);
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width * 4; ++x) {
      if (!(channelMask & (1 << (x % 4)))) continue;
      const int got = frame.data[0][y * frame.linesize[0] + x];
      worst = std::max(worst, std::abs(got - expected[(static_cast<std::size_t>(y) * frame.width * 4) + x]));
    }
  }
  return worst;
}

// Mean difference of the colour channels. 4:4:4 (and grey) agree within 1 with libyuv; 4:2:0
// differs by about 7 on a 33x17 testsrc2 (chroma upsampling at its many sharp edges: swscale's
// bilinear against libyuv's), while a wrong matrix or range would differ everywhere.
double meanColourDifference(const AVFrame& frame, const std::vector<uint8_t>& expected) {
  double sum = 0;
  for (int y = 0; y < frame.height; ++y) {
    for (int x = 0; x < frame.width * 4; ++x) {
      if (x % 4 == 3) continue;
      sum += std::abs(frame.data[0][y * frame.linesize[0] + x] - expected[(static_cast<std::size_t>(y) * frame.width * 4) + x]);
    }
  }
  return sum / (frame.width * frame.height * 3.0);
}

struct StillCase {
  const char* name;
  const char* format;
};

class AvifStill : public ::testing::TestWithParam<StillCase> {};

TEST_P(AvifStill, KeepsItsYuvBitExactInAnyPieces) {
  const StillCase c = GetParam();
  const std::vector<uint8_t> file = stream(std::string(c.name) + ".avif");
  for (std::size_t step : {std::size_t{7}, std::size_t{64}, file.size()}) {
    AvifFrameReader reader;
    readInPieces(reader, file, step);
    const ImageFrames& f = reader.frames();
    ASSERT_EQ(f.frames.size(), 1u) << c.name << " step " << step;
    EXPECT_FALSE(f.invalid);
    EXPECT_TRUE(f.complete);
    EXPECT_FALSE(f.animated);
    EXPECT_EQ(f.repetitionCount, 0);
    EXPECT_EQ(f.width, 33);
    EXPECT_EQ(f.height, 17);
    EXPECT_FALSE(reader.hasAlpha());
    std::unique_ptr<ImageFrameDecoder> decoder = reader.makeFrameDecoder();
    Decoded d = decodeFrame(reader, *decoder, file, 0);
    ASSERT_TRUE(d.frame);
    EXPECT_STREQ(d.record.format, c.format);
    EXPECT_EQ(d.record.head.timestamp, 0);
    EXPECT_EQ(test::frameMd5(*d.frame), test::readFrameMd5(std::string(c.name) + ".avif.framemd5").at(0));
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, AvifStill,
                         ::testing::Values(StillCase{"avif_yuv420p", "I420"}, StillCase{"avif_yuv422p", "I422"},
                                           StillCase{"avif_yuv444p", "I444"},
                                           StillCase{"avif_yuv420p10", "I420P10"}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Avif, StillColourSpaceIsTheFilesAsNativeGivesIt) {
  const std::vector<uint8_t> file = stream("avif_yuv420p.avif");
  AvifFrameReader reader;
  reader.read(file.data(), file.size(), true);
  Decoded d = decodeFrame(reader, *reader.makeFrameDecoder(), file, 0);
  // avifenc's defaults (nclx 1/13/6, limited range); native: bt709, iec61966-2-1, smpte170m.
  EXPECT_STREQ(d.record.primaries, "bt709");
  EXPECT_STREQ(d.record.transfer, "iec61966-2-1");
  EXPECT_STREQ(d.record.matrix, "smpte170m");
  EXPECT_EQ(d.record.fullRange, 0);
}

struct RgbCase {
  const char* name;
  const char* format;
  double colourTolerance;  // mean
};

class AvifRgb : public ::testing::TestWithParam<RgbCase> {};

// Alpha (8- and 10-bit) and monochrome images come out as BGRA/BGRX, as native gives them.
TEST_P(AvifRgb, ConvertsToBgraNearAvifdec) {
  const RgbCase c = GetParam();
  const std::vector<uint8_t> file = stream(std::string(c.name) + ".avif");
  AvifFrameReader reader;
  readInPieces(reader, file, 5);
  ASSERT_EQ(reader.frames().frames.size(), 1u);
  EXPECT_EQ(reader.hasAlpha(), std::string(c.format) == "BGRA");
  Decoded d = decodeFrame(reader, *reader.makeFrameDecoder(), file, 0);
  ASSERT_TRUE(d.frame);
  EXPECT_STREQ(d.record.format, c.format);
  EXPECT_STREQ(d.record.matrix, "rgb");
  EXPECT_EQ(d.record.fullRange, 1);
  const std::vector<uint8_t> expected = stream(std::string(c.name) + ".bgra");
  EXPECT_LE(meanColourDifference(*d.frame, expected), c.colourTolerance);
  // Alpha is the alpha image's samples (scaled to 8 bits): exact but for rounding.
  EXPECT_LE(maxBgraDifference(*d.frame, expected, 0x8), 1);
}

INSTANTIATE_TEST_SUITE_P(Kinds, AvifRgb,
                         ::testing::Values(RgbCase{"avif_alpha", "BGRA", 8.0}, RgbCase{"avif_alpha10", "BGRA", 1.0},
                                           RgbCase{"avif_gray", "BGRX", 1.0}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(Avif, SequenceSamplesDecodeToFfmpegsFrames) {
  const std::vector<uint8_t> file = stream("avif_anim.avif");
  AvifFrameReader reader;
  readInPieces(reader, file, 11);
  const ImageFrames& f = reader.frames();
  ASSERT_EQ(f.frames.size(), 3u);
  EXPECT_TRUE(f.animated);
  EXPECT_TRUE(f.complete);
  EXPECT_EQ(f.repetitionCount, kLoopForever);  // no edit list: native loops forever
  EXPECT_EQ(f.frames[0].durationUs, 100000);
  EXPECT_EQ(f.frames[1].durationUs, 250000);
  EXPECT_EQ(f.frames[2].durationUs, 40000);
  const std::vector<std::string> md5s = test::readFrameMd5("avif_anim.avif.framemd5");
  ASSERT_EQ(md5s.size(), 3u);
  VideoDecoder decoder;
  CodecConfig config;
  config.codec = "libdav1d";
  config.lowDelay = true;
  config.extradata.assign(file.begin() + f.setupOffset, file.begin() + f.setupOffset + f.setupSize);
  ASSERT_EQ(decoder.configure(config), std::nullopt);
  CollectingSink sink;
  for (std::size_t i = 0; i < f.frames.size(); ++i) {
    test::Chunk chunk(file.begin() + f.frames[i].offset, file.begin() + f.frames[i].offset + f.frames[i].size);
    ASSERT_EQ(decoder.decode(test::chunkPacket(chunk, static_cast<int64_t>(i)).get(), sink), std::nullopt);
  }
  ASSERT_EQ(sink.outputs.size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) EXPECT_EQ(test::frameMd5(*sink.outputs[i].frame), md5s[i]) << i;
}

TEST(Avif, SequenceFramesAreBgrxWithTheirTimesInAnyRequestOrder) {
  const std::vector<uint8_t> file = stream("avif_anim.avif");
  AvifFrameReader reader;
  reader.read(file.data(), file.size(), true);
  std::unique_ptr<ImageFrameDecoder> decoder = reader.makeFrameDecoder();
  const int64_t timestamps[] = {0, 100000, 350000};
  const int64_t durations[] = {100000, 250000, 40000};
  for (uint32_t index : {2u, 0u, 1u, 2u}) {
    Decoded d = decodeFrame(reader, *decoder, file, index);
    ASSERT_TRUE(d.frame);
    EXPECT_STREQ(d.record.format, "BGRX");
    EXPECT_EQ(d.record.head.timestamp, timestamps[index]);
    EXPECT_EQ(d.record.head.duration, durations[index]);
    if (index == 0) {
      EXPECT_LE(meanColourDifference(*d.frame, stream("avif_anim.bgra")), 8.0);
    }
  }
}

TEST(Avif, SequenceWithAlphaIsBgra) {
  const std::vector<uint8_t> file = stream("avif_anim_alpha.avif");
  AvifFrameReader reader;
  readInPieces(reader, file, 13);
  ASSERT_EQ(reader.frames().frames.size(), 3u);
  ASSERT_TRUE(reader.hasAlpha());
  EXPECT_EQ(reader.alphaFrames().size(), 3u);
  std::unique_ptr<ImageFrameDecoder> decoder = reader.makeFrameDecoder();
  for (uint32_t index : {0u, 1u, 2u}) {
    Decoded d = decodeFrame(reader, *decoder, file, index);
    ASSERT_TRUE(d.frame);
    EXPECT_STREQ(d.record.format, "BGRA");
    // The source's alpha is X*7 + index*20 (lossless alpha): column 2 of row 0.
    EXPECT_EQ(d.frame->data[0][2 * 4 + 3], 14 + index * 20);
  }
}

TEST(Avif, PrimaryItemOfASequenceWhenStillIsPreferred) {
  const std::vector<uint8_t> file = stream("avif_anim.avif");
  AvifFrameReader reader;
  reader.selectTrack(0);
  readInPieces(reader, file, 17);
  const ImageFrames& f = reader.frames();
  EXPECT_EQ(f.trackCount, 2);
  ASSERT_EQ(f.frames.size(), 1u);
  EXPECT_FALSE(f.animated);
  EXPECT_EQ(f.repetitionCount, 0);
  Decoded d = decodeFrame(reader, *reader.makeFrameDecoder(), file, 0);
  ASSERT_TRUE(d.frame);
  EXPECT_STREQ(d.record.format, "I420");  // native: the still track keeps its YUV
}

// The ImageTrack `selected` setter in the session: a kSelectTrack task re-reads the bytes that
// arrived for the other track and tells its record, even mid-stream; frames then come from it.
TEST(Avif, SessionSwitchesBetweenStillAndSequence) {
  const std::vector<uint8_t> file = stream("avif_anim.avif");
  ImageDecoder decoder;
  CodecConfig config;
  config.codec = "avif";
  ASSERT_FALSE(decoder.configure(config));
  CollectingSink sink;
  ASSERT_FALSE(test::run(decoder, test::task(ImageOp::kAppend, 0, file.data(), file.size()), sink));
  ASSERT_FALSE(test::run(decoder, test::task(ImageOp::kEnd), sink));
  const auto lastTrack = [&] {
    for (std::size_t i = sink.outputs.size(); i-- > 0;) {
      if (sink.record<ImageTrackRecord>(i).kind == OutputKind::kImageTrack) return sink.record<ImageTrackRecord>(i);
    }
    ADD_FAILURE() << "no track record";
    return ImageTrackRecord{};
  };
  ImageTrackRecord t = lastTrack();
  EXPECT_EQ(t.trackCount, 2);
  EXPECT_EQ(t.animated, 1);
  const uint32_t sequenceFrames = t.frameCount;
  ASSERT_GT(sequenceFrames, 1u);

  const std::size_t before = sink.outputs.size();
  ASSERT_FALSE(test::run(decoder, test::task(ImageOp::kSelectTrack, 0), sink));
  ASSERT_EQ(sink.outputs.size(), before + 1);  // told, though only what is selected changed
  t = lastTrack();
  EXPECT_EQ(t.trackCount, 2);
  EXPECT_EQ(t.animated, 0);
  EXPECT_EQ(t.frameCount, 1u);
  EXPECT_EQ(t.complete, 1);
  ASSERT_FALSE(test::run(decoder, test::task(ImageOp::kDecode, 0), sink));
  EXPECT_STREQ(sink.record<VideoFrameRecord>(sink.outputs.size() - 1).format, "I420");
  EXPECT_STREQ(test::run(decoder, test::task(ImageOp::kDecode, 1), sink)->name, "EncodingError");

  ASSERT_FALSE(test::run(decoder, test::task(ImageOp::kSelectTrack, 1), sink));
  t = lastTrack();
  EXPECT_EQ(t.animated, 1);
  EXPECT_EQ(t.frameCount, sequenceFrames);
  ASSERT_FALSE(test::run(decoder, test::task(ImageOp::kDecode, 1), sink));
  EXPECT_STREQ(sink.record<VideoFrameRecord>(sink.outputs.size() - 1).format, "BGRX");
}

// Every prefix, read as a complete (truncated) file: no frame whose bytes are missing, never a
// read past the end (the ASan variant). As native Chromium: a cut still is one cut frame once
// its sequence header arrived, else invalid; a cut image sequence is invalid.
TEST(Avif, TruncatedFilesListOnlyWhatArrived) {
  for (const char* name : {"avif_yuv420p.avif", "avif_alpha.avif", "avif_anim_alpha.avif"}) {
    const std::vector<uint8_t> file = stream(name);
    for (std::size_t size = 0; size < file.size(); ++size) {
      std::vector<uint8_t> prefix(file.begin(), file.begin() + size);
      AvifFrameReader reader;
      reader.read(prefix.data(), prefix.size(), true);
      const ImageFrames& f = reader.frames();
      EXPECT_TRUE(f.complete);
      if (f.animated) {
        EXPECT_TRUE(f.invalid) << name << " " << size;
      } else {
        EXPECT_EQ(f.invalid, f.frames.empty() && !f.truncated) << name << " " << size;
        EXPECT_FALSE(f.truncated && !f.frames.empty()) << name << " " << size;
      }
      for (const ImageFrameSpan& s : f.frames) EXPECT_LE(s.offset + s.size, size);
    }
  }
}

// Each byte of the boxes changed in turn: the reader and the decoder fail or decode, nothing else.
TEST(Avif, CorruptBoxesNeverCrash) {
  for (const char* name : {"avif_alpha.avif", "avif_anim_alpha.avif"}) {
    const std::vector<uint8_t> file = stream(name);
    const std::size_t boxes = std::min<std::size_t>(file.size(), 700);
    for (std::size_t at = 0; at < boxes; ++at) {
      for (uint8_t value : {uint8_t{0}, uint8_t{0xff}, static_cast<uint8_t>(file[at] ^ 0x41)}) {
        std::vector<uint8_t> corrupt = file;
        corrupt[at] = value;
        AvifFrameReader reader;
        reader.read(corrupt.data(), corrupt.size(), true);
        const ImageFrames& f = reader.frames();
        for (const ImageFrameSpan& s : f.frames) ASSERT_LE(s.offset + s.size, corrupt.size());
        if (f.frames.empty()) continue;
        CollectingSink sink;
        (void)reader.makeFrameDecoder()->decode(corrupt, f, static_cast<uint32_t>(f.frames.size() - 1), sink);
      }
    }
  }
}

TEST(Avif, NotAvifIsInvalid) {
  const std::vector<uint8_t> png = stream("still.png");
  AvifFrameReader reader;
  reader.read(png.data(), png.size(), false);
  EXPECT_TRUE(reader.frames().invalid);
}

}  // namespace
}  // namespace wcw
