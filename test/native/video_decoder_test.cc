#include "codecs/video_decoder.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "collecting_sink.h"
#include "test_streams.h"

namespace wcw {
namespace {

using test::CollectingSink;

// Decodes a whole stream through the adapter; chunk i gets timestamp i * 1000.
CollectingSink decodeAll(const std::vector<test::Chunk>& chunks, const CodecConfig& config) {
  CollectingSink sink;
  VideoDecoder decoder;
  CodecStatus status = decoder.configure(config);
  EXPECT_FALSE(status) << status->message;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    AVPacketPtr packet = test::chunkPacket(chunks[i], static_cast<int64_t>(i) * 1000, 1000);
    status = decoder.decode(packet.get(), sink);
    EXPECT_FALSE(status) << status->message;
  }
  status = decoder.flush(sink);
  EXPECT_FALSE(status) << status->message;
  return sink;
}

CollectingSink decodeH264(const std::string& name) {
  CodecConfig config;
  config.codec = "h264";
  config.threads = 2;
  return decodeAll(test::splitStream(name, AV_CODEC_ID_H264), config);
}

TEST(VideoDecoder, H264MatchesFfmpegFramemd5AndTimestamps) {
  CollectingSink sink = decodeH264("h264.h264");
  const std::vector<std::string> expected = test::readFrameMd5("h264.framemd5");
  ASSERT_EQ(sink.outputs.size(), expected.size());
  // Chunks carry decode-order timestamps here (a raw stream has no pts), so B-frames come out
  // with the timestamps of the chunks that carried them: a permutation, each used once.
  std::vector<int64_t> timestamps;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    const auto r = sink.record<VideoFrameRecord>(i);
    timestamps.push_back(r.head.timestamp);
    EXPECT_STREQ(r.format, "I420");
    EXPECT_EQ(r.head.planeCount, 3u);
    EXPECT_EQ(r.head.duration, 1000);
    EXPECT_EQ(r.codedWidth, 320);
    EXPECT_EQ(r.visibleHeight, 240);
    EXPECT_EQ(r.displayWidth, 320);
    EXPECT_EQ(test::frameMd5(*sink.outputs[i].frame), expected[i]) << "frame " << i;
    const PlaneRecord y = sink.plane(i, sizeof(VideoFrameRecord), 0);
    EXPECT_EQ(y.ptr, reinterpret_cast<uintptr_t>(sink.outputs[i].frame->data[0]));
    EXPECT_EQ(y.stride, sink.outputs[i].frame->linesize[0]);
  }
  std::sort(timestamps.begin(), timestamps.end());
  for (std::size_t i = 0; i < timestamps.size(); ++i) {
    EXPECT_EQ(timestamps[i], static_cast<int64_t>(i) * 1000);
  }
}

TEST(VideoDecoder, MapsHighBitDepthAnd444) {
  CollectingSink tenBit = decodeH264("h264_10bit.h264");
  ASSERT_FALSE(tenBit.outputs.empty());
  EXPECT_STREQ(tenBit.record<VideoFrameRecord>(0).format, "I420P10");
  CollectingSink full = decodeH264("h264_444.h264");
  ASSERT_FALSE(full.outputs.empty());
  EXPECT_STREQ(full.record<VideoFrameRecord>(0).format, "I444");
}

TEST(VideoDecoder, MonochromeH264IsFullRangeI420) {
  // FFmpeg decodes 4:0:0 H.264 to yuvj420p with neutral chroma.
  CollectingSink sink = decodeH264("h264_gray.h264");
  ASSERT_EQ(sink.outputs.size(), 5u);
  const auto r = sink.record<VideoFrameRecord>(0);
  EXPECT_STREQ(r.format, "I420");
  EXPECT_EQ(r.fullRange, 1);
}

TEST(VideoDecoder, ConvertsGrayToI420InsteadOfMislabelling) {
  CodecConfig config;
  config.codec = "png";  // grayscale PNG decodes to AV_PIX_FMT_GRAY8
  CollectingSink sink = decodeAll(test::splitStream("gray.png", AV_CODEC_ID_PNG), config);
  ASSERT_EQ(sink.outputs.size(), 3u);
  const auto r = sink.record<VideoFrameRecord>(0);
  EXPECT_STREQ(r.format, "I420");
  EXPECT_EQ(r.head.planeCount, 3u);
  EXPECT_EQ(r.fullRange, 0);
  const AVFrame& f = *sink.outputs[0].frame;
  EXPECT_EQ(f.format, AV_PIX_FMT_YUV420P);
  EXPECT_NEAR(f.data[1][f.linesize[1] * 10 + 10], 128, 1);  // gray stays gray
}

TEST(VideoDecoder, DisplaySizeFollowsSampleAspectRatio) {
  CollectingSink sink = decodeH264("h264_sar.h264");
  ASSERT_FALSE(sink.outputs.empty());
  const auto r = sink.record<VideoFrameRecord>(0);
  EXPECT_EQ(r.displayWidth, 427);  // 320 * 4 / 3
  EXPECT_EQ(r.displayHeight, 240);
}

// Chromium never shrinks: a sample aspect ratio below 1 makes the picture taller, not narrower.
TEST(VideoDecoder, DisplaySizeGrowsHeightForNarrowPixels) {
  CollectingSink sink = decodeH264("h264_sar_tall.h264");
  ASSERT_FALSE(sink.outputs.empty());
  const auto r = sink.record<VideoFrameRecord>(0);
  EXPECT_EQ(r.displayWidth, 320);
  EXPECT_EQ(r.displayHeight, 270);  // 240 * 9 / 8
}

TEST(VideoDecoder, ReportsColorSpace) {
  CollectingSink sink = decodeH264("h264_bt709.h264");
  ASSERT_FALSE(sink.outputs.empty());
  const auto r = sink.record<VideoFrameRecord>(0);
  EXPECT_STREQ(r.primaries, "bt709");
  EXPECT_STREQ(r.transfer, "bt709");
  EXPECT_STREQ(r.matrix, "bt709");
  EXPECT_EQ(r.fullRange, 0);
  const auto unknown = decodeH264("h264.h264").record<VideoFrameRecord>(0);
  EXPECT_STREQ(unknown.primaries, "");
}

TEST(VideoDecoder, Av1WithDav1dLowDelayMatchesFramemd5) {
  CodecConfig config;
  config.codec = "libdav1d";
  config.threads = 2;
  config.lowDelay = true;
  CollectingSink sink = decodeAll(test::readIvf("av1.ivf"), config);
  const std::vector<std::string> expected = test::readFrameMd5("av1.framemd5");
  ASSERT_EQ(sink.outputs.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(test::frameMd5(*sink.outputs[i].frame), expected[i]) << "frame " << i;
  }
}

TEST(VideoDecoder, UnknownDecoderIsNotSupported) {
  VideoDecoder decoder;
  CodecConfig config;
  config.codec = "no-such-codec";
  CodecStatus status = decoder.configure(config);
  ASSERT_TRUE(status);
  EXPECT_STREQ(status->name, "NotSupportedError");
}

TEST(VideoDecoder, MalformedChunksNeverCrash) {
  std::vector<test::Chunk> chunks = test::splitStream("h264.h264", AV_CODEC_ID_H264);
  uint32_t state = 12345;
  for (auto& chunk : chunks) {
    for (std::size_t i = 4; i < chunk.size(); i += 7) {
      state = state * 1664525u + 1013904223u;
      chunk[i] ^= static_cast<uint8_t>(state >> 24);
    }
  }
  VideoDecoder decoder;
  CodecConfig config;
  config.codec = "h264";
  config.threads = 2;
  ASSERT_FALSE(decoder.configure(config));
  CollectingSink sink;
  for (const auto& chunk : chunks) {
    AVPacketPtr packet = test::chunkPacket(chunk, 0);
    decoder.decode(packet.get(), sink);  // errors are fine; crashes and ASan reports are not
  }
  decoder.flush(sink);
}

}  // namespace
}  // namespace wcw
