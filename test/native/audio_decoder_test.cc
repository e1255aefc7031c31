#include "codecs/audio_decoder.h"

#include <gtest/gtest.h>

#include "collecting_sink.h"
#include "test_streams.h"

namespace wcw {
namespace {

using test::CollectingSink;

std::vector<test::Chunk> splitBytes(const std::vector<uint8_t>& bytes, std::size_t size) {
  std::vector<test::Chunk> chunks;
  for (std::size_t pos = 0; pos < bytes.size(); pos += size) {
    chunks.emplace_back(bytes.begin() + pos, bytes.begin() + std::min(pos + size, bytes.size()));
  }
  return chunks;
}

CodecStatus decodeAll(AudioDecoder& decoder, const std::vector<test::Chunk>& chunks,
                      int64_t chunkMicros, CollectingSink& sink) {
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    AVPacketPtr packet = test::chunkPacket(chunks[i], static_cast<int64_t>(i) * chunkMicros);
    if (CodecStatus status = decoder.decode(packet.get(), sink)) return status;
  }
  return decoder.flush(sink);
}

CodecConfig pcmConfig(const char* codec) {
  CodecConfig config;
  config.codec = codec;
  config.sampleRate = 48000;
  config.numberOfChannels = 2;
  return config;
}

int totalFrames(const CollectingSink& sink) {
  int total = 0;
  for (std::size_t i = 0; i < sink.outputs.size(); ++i) {
    total += sink.record<AudioDataRecord>(i).numberOfFrames;
  }
  return total;
}

TEST(AudioDecoder, PcmS16IsInterleavedS16WithChunkTimestamps) {
  AudioDecoder decoder;
  ASSERT_FALSE(decoder.configure(pcmConfig("pcm_s16le")));
  CollectingSink sink;
  // 4800 bytes = 1200 stereo s16 frames = 25 ms.
  ASSERT_FALSE(decodeAll(
      decoder, splitBytes(test::readFile(test::streamPath("pcm_s16le.raw")), 4800), 25000, sink));
  EXPECT_EQ(totalFrames(sink), 48000);
  const auto first = sink.record<AudioDataRecord>(0);
  EXPECT_STREQ(first.format, "s16");
  EXPECT_EQ(first.numberOfChannels, 2);
  EXPECT_EQ(first.sampleRate, 48000);
  EXPECT_EQ(first.head.planeCount, 1u);
  EXPECT_EQ(sink.record<AudioDataRecord>(1).head.timestamp, 25000);
  EXPECT_EQ(first.head.duration, 25000);
}

TEST(AudioDecoder, PcmS24DecodesToS32AsChromiumDoes) {
  AudioDecoder decoder;
  ASSERT_FALSE(decoder.configure(pcmConfig("pcm_s24le")));
  CollectingSink sink;
  ASSERT_FALSE(decodeAll(
      decoder, splitBytes(test::readFile(test::streamPath("pcm_s24le.raw")), 6000), 0, sink));
  EXPECT_STREQ(sink.record<AudioDataRecord>(0).format, "s32");
  EXPECT_EQ(totalFrames(sink), 48000);
}

TEST(AudioDecoder, DoubleSamplesAreConvertedToF32) {
  AudioDecoder decoder;
  ASSERT_FALSE(decoder.configure(pcmConfig("pcm_f64le")));
  std::vector<uint8_t> bytes(1024 * 2 * sizeof(double));
  const double half = 0.5;
  for (std::size_t i = 0; i < bytes.size(); i += sizeof half)
    std::memcpy(&bytes[i], &half, sizeof half);
  CollectingSink sink;
  ASSERT_FALSE(decodeAll(decoder, {bytes}, 0, sink));
  ASSERT_EQ(sink.outputs.size(), 1u);
  const auto r = sink.record<AudioDataRecord>(0);
  EXPECT_STREQ(r.format, "f32");
  EXPECT_EQ(r.numberOfFrames, 1024);
  const PlaneRecord plane = sink.plane(0, sizeof r, 0);
  float sample;
  std::memcpy(&sample, reinterpret_cast<const void*>(plane.ptr), sizeof sample);
  EXPECT_FLOAT_EQ(sample, 0.5f);
}

TEST(AudioDecoder, AacAdtsIsPlanarFloat) {
  AudioDecoder decoder;
  CodecConfig config;
  config.codec = "aac";
  config.sampleRate = 48000;
  config.numberOfChannels = 2;
  ASSERT_FALSE(decoder.configure(config));
  CollectingSink sink;
  const auto chunks = test::splitStream("aac.adts", AV_CODEC_ID_AAC);
  ASSERT_GT(chunks.size(), 40u);
  ASSERT_FALSE(decodeAll(decoder, chunks, 21333, sink));
  ASSERT_FALSE(sink.outputs.empty());
  const auto r = sink.record<AudioDataRecord>(0);
  EXPECT_STREQ(r.format, "f32-planar");
  EXPECT_EQ(r.head.planeCount, 2u);
  EXPECT_EQ(r.numberOfFrames, 1024);
  EXPECT_EQ(r.sampleRate, 48000);
}

TEST(AudioDecoder, EmptyAndTruncatedChunksAreEncodingErrors) {
  AudioDecoder decoder;
  ASSERT_FALSE(decoder.configure(pcmConfig("pcm_s16le")));
  CollectingSink sink;
  AVPacketPtr empty = makePacket();
  CodecStatus status = decoder.decode(empty.get(), sink);
  ASSERT_TRUE(status);
  EXPECT_STREQ(status->name, "EncodingError");
  status = decodeAll(decoder, {test::Chunk{1, 2, 3}}, 0, sink);  // less than one stereo frame
  ASSERT_TRUE(status);
  EXPECT_STREQ(status->name, "EncodingError");
}

}  // namespace
}  // namespace wcw
