// Encoder adapters against Debian's FFmpeg: encode synthetic pictures and tones, decode the
// chunks back with the decoder adapters (an independent decoder for each codec), and compare.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>

#include "codecs/audio_decoder.h"
#include "codecs/audio_encoder.h"
#include "codecs/avc_format.h"
#include "codecs/video_decoder.h"
#include "codecs/video_encoder.h"
#include "collecting_sink.h"
#include "frame_registry.h"
#include "test_streams.h"

namespace wcw {
namespace {

using test::CollectingSink;

constexpr int kWidth = 320;
constexpr int kHeight = 240;

// A moving gradient with a square, I420, packed; deterministic per frame index.
std::vector<uint8_t> testPicture(int index, int width = kWidth, int height = kHeight) {
  const int cw = (width + 1) / 2, ch = (height + 1) / 2;
  std::vector<uint8_t> pixels(width * height + 2 * cw * ch);
  for (int y = 0; y < height; ++y) {
    for (int x = 0; x < width; ++x) {
      const bool square = std::abs(x - (40 + index * 3) % width) < 24 && std::abs(y - 120) < 24;
      pixels[y * width + x] = square ? 235 : static_cast<uint8_t>(16 + (x + y + index) % 200);
    }
  }
  for (int i = 0; i < cw * ch; ++i) {
    pixels[width * height + i] = static_cast<uint8_t>(96 + (i % cw) / 4);
    pixels[width * height + cw * ch + i] = static_cast<uint8_t>(160 - (i / cw) / 4);
  }
  return pixels;
}

// The VideoInputHeader of an I420 picture, planes not placed yet.
VideoInputHeader i420Header(int width, int height) {
  VideoInputHeader header{};
  copyName(header.format, "I420");
  header.width = width;
  header.height = height;
  header.planeCount = 3;
  header.quantizer = -1;
  return header;
}

// A kInput payload: VideoInputHeader + I420 planes.
std::vector<uint8_t> videoInput(const std::vector<uint8_t>& i420, int width, int height) {
  VideoInputHeader header = i420Header(width, height);
  const int cw = (width + 1) / 2, ch = (height + 1) / 2;
  header.planes[0] = {sizeof header, width};
  header.planes[1] = {sizeof header + static_cast<uint64_t>(width) * height, cw};
  header.planes[2] = {sizeof header + static_cast<uint64_t>(width) * height + cw * ch, cw};
  std::vector<uint8_t> payload(sizeof header);
  std::memcpy(payload.data(), &header, sizeof header);
  payload.insert(payload.end(), i420.begin(), i420.end());
  return payload;
}

EncodedChunkRecord chunkRecord(const CodecOutput& out) {
  EncodedChunkRecord r;
  std::memcpy(&r, out.record.data(), sizeof r);
  return r;
}

double lumaPsnr(const uint8_t* a, int strideA, const uint8_t* b, int strideB, int w, int h) {
  double sse = 0;
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const double d = a[y * strideA + x] - b[y * strideB + x];
      sse += d * d;
    }
  }
  return sse == 0 ? 99 : 10 * std::log10(255.0 * 255.0 * w * h / sse);
}

struct VideoCase {
  const char* encoder;
  const char* decoder;
  bool realtime;
};

class VideoEncoderRoundTrip : public ::testing::TestWithParam<VideoCase> {};

TEST_P(VideoEncoderRoundTrip, DecodesBackWithTimestampsKeyFramesAndQuality) {
  const VideoCase& c = GetParam();
  CodecConfig config;
  config.codec = c.encoder;
  config.codedWidth = kWidth;
  config.codedHeight = kHeight;
  config.threads = 2;
  config.encoder.bitrate = 800000;
  config.encoder.framerate = 30;
  config.encoder.realtime = c.realtime ? 1 : 0;
  VideoEncoder encoder;
  CodecStatus status = encoder.configure(config);
  ASSERT_FALSE(status) << status->message;
  CollectingSink sink;
  constexpr int kFrames = 20;
  for (int i = 0; i < kFrames; ++i) {
    const std::vector<uint8_t> payload = videoInput(testPicture(i), kWidth, kHeight);
    const bool key = i == 0 || i == 10;  // encode(frame, {keyFrame: true})
    status = encoder.process({i * 33333LL, 33333, key, payload.data(), payload.size()}, sink);
    ASSERT_FALSE(status) << status->message;
  }
  status = encoder.flush(sink);
  ASSERT_FALSE(status) << status->message;
  ASSERT_EQ(sink.outputs.size(), static_cast<std::size_t>(kFrames));

  CodecConfig decodeConfig;
  decodeConfig.codec = c.decoder;
  VideoDecoder decoder;
  ASSERT_FALSE(decoder.configure(decodeConfig));
  CollectingSink decoded;
  for (int i = 0; i < kFrames; ++i) {
    const EncodedChunkRecord r = chunkRecord(sink.outputs[i]);
    EXPECT_EQ(r.head.timestamp, i * 33333LL);  // no reordering: output order is input order
    EXPECT_EQ(r.head.duration, 33333);
    EXPECT_EQ(r.configChanged, i == 0 ? 1u : 0u);
    if (i == 0 || i == 10) {
      EXPECT_EQ(r.key, 1u) << "frame " << i;
    }
    if (c.realtime && i != 0 && i != 10) {
      EXPECT_EQ(r.key, 0u) << "frame " << i;
    }
    const AVPacket& packet = *sink.outputs[i].packet;
    AVPacketPtr copy = test::chunkPacket(test::Chunk(packet.data, packet.data + packet.size),
                                         r.head.timestamp);
    ASSERT_FALSE(decoder.decode(copy.get(), decoded));
  }
  ASSERT_FALSE(decoder.flush(decoded));
  ASSERT_EQ(decoded.outputs.size(), static_cast<std::size_t>(kFrames));
  for (int i = 0; i < kFrames; ++i) {
    const AVFrame& frame = *decoded.outputs[i].frame;
    ASSERT_EQ(frame.width, kWidth);
    const std::vector<uint8_t> source = testPicture(i);
    EXPECT_GT(lumaPsnr(frame.data[0], frame.linesize[0], source.data(), kWidth, kWidth, kHeight),
                30.0)
        << "frame " << i;
  }
}

INSTANTIATE_TEST_SUITE_P(Codecs, VideoEncoderRoundTrip,
                         ::testing::Values(VideoCase{"libvpx", "vp8", true},
                                           VideoCase{"libvpx-vp9", "vp9", true},
                                           VideoCase{"libvpx-vp9", "vp9", false},
                                           VideoCase{"libaom-av1", "libdav1d", true}),
                         [](const auto& info) {
                           std::string name = std::string(info.param.encoder) +
                                              (info.param.realtime ? "_realtime" : "_quality");
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

TEST(VideoEncoder, ScalesFramesOfAnotherSizeAndRejectsGarbage) {
  CodecConfig config;
  config.codec = "libvpx";
  config.codedWidth = kWidth;
  config.codedHeight = kHeight;
  config.encoder.realtime = 1;
  VideoEncoder encoder;
  ASSERT_FALSE(encoder.configure(config));
  CollectingSink sink;
  const std::vector<uint8_t> big = videoInput(testPicture(0, 640, 360), 640, 360);
  ASSERT_FALSE(encoder.process({0, -1, false, big.data(), big.size()}, sink));
  // A header promising more bytes than the payload has.
  std::vector<uint8_t> truncated(big.begin(), big.begin() + 1000);
  CodecStatus status = encoder.process({1, -1, false, truncated.data(), truncated.size()}, sink);
  ASSERT_TRUE(status);
  EXPECT_STREQ(status->name, "EncodingError");
}

// scalabilityMode L1T3 on libvpx: each chunk names its frame's layer in the pattern 0,2,1,2,
// and a forced key frame starts the pattern again.
TEST(VideoEncoder, TemporalLayersFollowThePatternAndRestartAtKeyFrames) {
  for (const char* codec : {"libvpx", "libvpx-vp9"}) {
    CodecConfig config;
    config.codec = codec;
    config.codedWidth = kWidth;
    config.codedHeight = kHeight;
    config.encoder.realtime = 1;
    config.encoder.bitrate = 500000;
    config.encoder.temporalLayers = 3;
    VideoEncoder encoder;
    CodecStatus status = encoder.configure(config);
    ASSERT_FALSE(status) << status->message;
    CollectingSink sink;
    for (int i = 0; i < 8; ++i) {
      const std::vector<uint8_t> payload = videoInput(testPicture(i), kWidth, kHeight);
      ASSERT_FALSE(encoder.process({i * 33333LL, 33333, i == 5, payload.data(), payload.size()}, sink));
    }
    ASSERT_FALSE(encoder.flush(sink));
    std::vector<int> layers;
    for (const auto& out : sink.outputs) layers.push_back(chunkRecord(out).temporalLayerId);
    EXPECT_EQ(layers, (std::vector<int>{0, 2, 1, 2, 0, 0, 2, 1})) << codec;
  }
}

// openh264 has no per-frame quantizer (the wasm build's libvpx and libaom wrappers take one
// per frame: wasm-build/ffmpeg-encoder-controls.patch, tested in test/node/encode.test.mjs).
TEST(VideoEncoder, QuantizerModeIsVp9AndAv1Only) {
  CodecConfig config;
  config.codec = "libopenh264";
  config.codedWidth = kWidth;
  config.codedHeight = kHeight;
  config.encoder.bitrateMode = kBitrateQuantizer;
  VideoEncoder avc;
  CodecStatus status = avc.configure(config);
  ASSERT_TRUE(status);
  EXPECT_STREQ(status->name, "NotSupportedError");
  for (const char* codec : {"libvpx-vp9", "libaom-av1"}) {
    config.codec = codec;
    VideoEncoder encoder;
    status = encoder.configure(config);
    EXPECT_FALSE(status) << codec << ": " << status->message;
  }
}

// A frame this package decoded is encoded in place: the header names its visible rect.
TEST(VideoEncoder, EncodesARegisteredFrameInPlaceFromItsVisibleRect) {
  constexpr int kX = 8, kY = 6;
  AVFramePtr frame = makeFrame();
  frame->format = AV_PIX_FMT_YUV420P;
  frame->width = kWidth + 2 * kX;
  frame->height = kHeight + 2 * kY;
  ASSERT_GE(av_frame_get_buffer(frame.get(), 0), 0);
  const std::vector<uint8_t> picture = testPicture(0);
  const int cw = kWidth / 2, ch = kHeight / 2;
  for (int p = 0; p < 3; ++p) {
    const int w = p ? cw : kWidth, h = p ? ch : kHeight, x = p ? kX / 2 : kX, y = p ? kY / 2 : kY;
    const uint8_t* from = picture.data() + (p == 0 ? 0 : kWidth * kHeight + (p - 1) * cw * ch);
    std::memset(frame->data[p], 0, static_cast<std::size_t>(frame->linesize[p]) * (p ? frame->height / 2 : frame->height));
    for (int row = 0; row < h; ++row) std::memcpy(frame->data[p] + (y + row) * frame->linesize[p] + x, from + row * w, w);
  }
  const uint64_t handle = FrameRegistry::instance().add(std::move(frame));

  CodecConfig config;
  config.codec = "libvpx";
  config.codedWidth = kWidth;
  config.codedHeight = kHeight;
  config.encoder.realtime = 1;
  config.encoder.bitrate = 2000000;
  VideoEncoder encoder;
  ASSERT_FALSE(encoder.configure(config));
  CollectingSink sink;
  VideoInputHeader header = i420Header(kWidth, kHeight);
  header.x = kX;
  header.y = kY;
  const auto* bytes = reinterpret_cast<const uint8_t*>(&header);
  ASSERT_FALSE(encoder.process({0, 33333, false, bytes, sizeof header, handle}, sink));
  // A rect outside the frame, an odd chroma origin, another format: unusable inputs.
  for (auto bad : {std::pair<int, int>{kX * 3, kY}, std::pair<int, int>{kX + 1, kY}}) {
    VideoInputHeader wrong = header;
    wrong.x = bad.first;
    wrong.y = bad.second;
    CodecStatus status = encoder.process(
        {1, 33333, false, reinterpret_cast<const uint8_t*>(&wrong), sizeof wrong, handle}, sink);
    ASSERT_TRUE(status);
    EXPECT_STREQ(status->name, "EncodingError");
  }
  VideoInputHeader nv12 = header;
  copyName(nv12.format, "NV12");
  nv12.planeCount = 2;
  ASSERT_TRUE(encoder.process(
      {1, 33333, false, reinterpret_cast<const uint8_t*>(&nv12), sizeof nv12, handle}, sink));
  FrameRegistry::instance().release(handle);
  ASSERT_FALSE(encoder.flush(sink));
  ASSERT_EQ(sink.outputs.size(), 1u);

  CodecConfig decodeConfig;
  decodeConfig.codec = "vp8";
  VideoDecoder decoder;
  ASSERT_FALSE(decoder.configure(decodeConfig));
  CollectingSink decoded;
  const AVPacket& packet = *sink.outputs[0].packet;
  AVPacketPtr copy = test::chunkPacket(test::Chunk(packet.data, packet.data + packet.size), 0);
  ASSERT_FALSE(decoder.decode(copy.get(), decoded));
  ASSERT_FALSE(decoder.flush(decoded));
  ASSERT_EQ(decoded.outputs.size(), 1u);
  const AVFrame& out = *decoded.outputs[0].frame;
  EXPECT_GT(lumaPsnr(out.data[0], out.linesize[0], picture.data(), kWidth, kWidth, kHeight), 30.0);
}

TEST(AvcFormat, AnnexBToAvcCAndLengthPrefixed) {
  const std::vector<uint8_t> stream = {0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e, 0xaa,  // SPS
                                       0, 0, 1,    0x68, 0xce, 0x3c, 0x80,          // PPS
                                       0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00};         // IDR
  const std::vector<uint8_t> avcc = makeAvcC(stream.data(), stream.size());
  const std::vector<uint8_t> expected = {1,    0x42, 0xc0, 0x1e, 0xff, 0xe1, 0,    5, 0x67,
                                         0x42, 0xc0, 0x1e, 0xaa, 1,    0,    4,    0x68, 0xce,
                                         0x3c, 0x80};
  EXPECT_EQ(avcc, expected);
  // The trailing zero of the IDR NAL belongs to it only if followed by data: here it is
  // trailing_zero_8bits and dropped.
  const std::vector<uint8_t> lp = annexBToLengthPrefixed(stream.data(), stream.size(), false);
  EXPECT_EQ(lp, (std::vector<uint8_t>{0, 0, 0, 3, 0x65, 0x88, 0x84}));
  // avc3: the parameter sets stay in band, each with its length.
  const std::vector<uint8_t> inBand = annexBToLengthPrefixed(stream.data(), stream.size(), true);
  EXPECT_EQ(inBand, (std::vector<uint8_t>{0,    0,    0,    5, 0x67, 0x42, 0xc0, 0x1e, 0xaa, 0, 0, 0,
                                          4,    0x68, 0xce, 0x3c, 0x80, 0, 0, 0, 3, 0x65, 0x88, 0x84}));
}

// f32-planar sine input for AudioEncoder: AudioInputHeader + planes.
std::vector<uint8_t> audioInput(int rate, int channels, int frames, int64_t offset) {
  AudioInputHeader header{rate, frames, channels, 0};
  std::vector<uint8_t> payload(sizeof header + sizeof(float) * frames * channels);
  std::memcpy(payload.data(), &header, sizeof header);
  float* samples = reinterpret_cast<float*>(payload.data() + sizeof header);
  for (int ch = 0; ch < channels; ++ch) {
    for (int i = 0; i < frames; ++i) {
      // 16-bit exact values, so that a 16-bit lossless codec must give them back.
      const double v = 0.5 * std::sin(2 * M_PI * (440 + 220 * ch) * (offset + i) / rate);
      samples[ch * frames + i] = static_cast<float>(std::lround(v * 32767) / 32768.0);
    }
  }
  return payload;
}

struct AudioCase {
  const char* encoder;
  const char* decoder;
  int rate;
  double minSnr;  // dB; 0 = bit-exact
};

class AudioEncoderRoundTrip : public ::testing::TestWithParam<AudioCase> {};

TEST_P(AudioEncoderRoundTrip, ReframesAndDecodesBack) {
  const AudioCase& c = GetParam();
  constexpr int kChannels = 2;
  CodecConfig config;
  config.codec = c.encoder;
  config.sampleRate = c.rate;
  config.numberOfChannels = kChannels;
  config.encoder.bitrate = 128000;
  AudioEncoder encoder;
  CodecStatus status = encoder.configure(config);
  ASSERT_FALSE(status) << status->message;
  CollectingSink sink;
  // Odd input sizes: the encoder re-frames them to its own frame size.
  int64_t offset = 0;
  const int64_t start = 1000000;  // µs
  for (int size : {333, 1000, 4410, 17, 2048, 3000, 999, 5000}) {
    const std::vector<uint8_t> payload = audioInput(c.rate, kChannels, size, offset);
    const int64_t ts = start + offset * 1000000 / c.rate;
    status = encoder.process({ts, -1, false, payload.data(), payload.size()}, sink);
    ASSERT_FALSE(status) << status->message;
    offset += size;
  }
  ASSERT_FALSE(encoder.flush(sink));
  ASSERT_GT(sink.outputs.size(), 2u);

  // Timestamps start at the input's and durations add up.
  int64_t expectedTs = start;
  std::vector<uint8_t> description;
  for (std::size_t i = 0; i < sink.outputs.size(); ++i) {
    const EncodedChunkRecord r = chunkRecord(sink.outputs[i]);
    EXPECT_NEAR(static_cast<double>(r.head.timestamp), static_cast<double>(expectedTs), 1.0);
    expectedTs = r.head.timestamp + r.head.duration;
    if (i == 0) {
      EXPECT_EQ(r.configChanged, 1u);
      const uint8_t* d = sink.outputs[i].record.data() + sizeof r + sizeof(PlaneRecord);
      description.assign(d, d + r.descriptionLength);
    }
  }

  CodecConfig decodeConfig;
  decodeConfig.codec = c.decoder;
  decodeConfig.sampleRate = c.rate;
  decodeConfig.numberOfChannels = kChannels;
  decodeConfig.extradata = description;
  AudioDecoder decoder;
  CodecStatus opened = decoder.configure(decodeConfig);
  ASSERT_FALSE(opened) << opened->message;
  CollectingSink decoded;
  for (const CodecOutput& out : sink.outputs) {
    const AVPacket& p = *out.packet;
    AVPacketPtr copy = test::chunkPacket(test::Chunk(p.data, p.data + p.size), 0);
    CodecStatus decodedStatus = decoder.decode(copy.get(), decoded);
    ASSERT_FALSE(decodedStatus) << decodedStatus->message << " packet size " << p.size;
  }
  ASSERT_FALSE(decoder.flush(decoded));
  // Left channel, as float, whatever the decoder's format.
  std::vector<double> left;
  for (const CodecOutput& out : decoded.outputs) {
    const AVFrame& f = *out.frame;
    for (int i = 0; i < f.nb_samples; ++i) {
      switch (f.format) {
        case AV_SAMPLE_FMT_FLTP: left.push_back(reinterpret_cast<const float*>(f.data[0])[i]); break;
        case AV_SAMPLE_FMT_S16: left.push_back(reinterpret_cast<const int16_t*>(f.data[0])[i * kChannels] / 32768.0); break;
        case AV_SAMPLE_FMT_S16P: left.push_back(reinterpret_cast<const int16_t*>(f.data[0])[i] / 32768.0); break;
        case AV_SAMPLE_FMT_FLT: left.push_back(reinterpret_cast<const float*>(f.data[0])[i * kChannels]); break;
        case AV_SAMPLE_FMT_S32: left.push_back(reinterpret_cast<const int32_t*>(f.data[0])[i * kChannels] / 2147483648.0); break;
        default: FAIL() << "decoder format " << f.format;
      }
    }
  }
  ASSERT_GE(left.size(), static_cast<std::size_t>(offset));
  // Lossy codecs delay the signal by their priming; find the best alignment.
  const std::vector<uint8_t> reference = audioInput(c.rate, kChannels, static_cast<int>(offset), 0);
  const float* ref = reinterpret_cast<const float*>(reference.data() + sizeof(AudioInputHeader));
  double best = -1;
  for (int lag = 0; lag <= 3000; ++lag) {
    double signal = 0, noise = 0;
    for (int64_t i = 2048; i < offset - 4096; ++i) {
      signal += ref[i] * ref[i];
      const double d = left[i + lag] - ref[i];
      noise += d * d;
    }
    const double snr = noise == 0 ? 200 : 10 * std::log10(signal / noise);
    best = std::max(best, snr);
    if (c.minSnr == 0) break;  // lossless: no delay allowed
  }
  if (c.minSnr == 0) {
    EXPECT_EQ(best, 200) << "lossless round trip differs";
  } else {
    EXPECT_GT(best, c.minSnr);
  }
}

INSTANTIATE_TEST_SUITE_P(Codecs, AudioEncoderRoundTrip,
                         ::testing::Values(AudioCase{"libopus", "libopus", 48000, 20},
                                           AudioCase{"aac", "aac", 44100, 20},
                                           AudioCase{"flac", "flac", 44100, 0},
                                           AudioCase{"libvorbis", "vorbis", 44100, 20},
                                           AudioCase{"libmp3lame", "mp3float", 44100, 20},
                                           AudioCase{"pcm_s16le", "pcm_s16le", 8000, 0}),
                         [](const auto& info) { return std::string(info.param.encoder); });

}  // namespace
}  // namespace wcw
