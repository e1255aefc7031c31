// The image container readers (src/image): frames, durations and loop counts of files made by
// Debian's ffmpeg, read as the bytes arrive in small pieces; the packets they cut decode with
// FFmpeg's decoders to exactly the frames ffmpeg's own demuxer and decoder give (framemd5).
#include <gtest/gtest.h>

#include <algorithm>

#include "image/bmp_frames.h"
#include "image/gif_frames.h"
#include "image/jpeg_frames.h"
#include "image/png_frames.h"
#include "test_streams.h"

namespace wcw {
namespace {

// Feeds the file in pieces of `step` bytes, as a ReadableStream would, then says it is complete.
template <typename Reader>
ImageFrames readInPieces(const std::vector<uint8_t>& file, std::size_t step) {
  Reader reader;
  std::size_t previousFrames = 0;
  for (std::size_t size = std::min(step, file.size());; size = std::min(size + step, file.size())) {
    reader.read(file.data(), size, false);
    // Frames are only ever added, each complete when listed.
    EXPECT_GE(reader.frames().frames.size(), previousFrames);
    previousFrames = reader.frames().frames.size();
    for (const ImageFrameSpan& f : reader.frames().frames) EXPECT_LE(f.offset + f.size, size);
    if (size == file.size()) break;
  }
  reader.read(file.data(), file.size(), true);
  return reader.frames();
}

// Decodes each frame's packet in order with FFmpeg's decoder `codec` (the setup bytes as its
// extradata); the frames' MD5s.
std::vector<std::string> decodeFrames(const std::vector<uint8_t>& file, const ImageFrames& frames, AVCodecID codec) {
  AVCodecContextPtr context(avcodec_alloc_context3(avcodec_find_decoder(codec)));
  if (frames.setupSize) {
    context->extradata = static_cast<uint8_t*>(av_mallocz(frames.setupSize + AV_INPUT_BUFFER_PADDING_SIZE));
    std::copy_n(file.begin() + frames.setupOffset, frames.setupSize, context->extradata);
    context->extradata_size = static_cast<int>(frames.setupSize);
  }
  EXPECT_EQ(avcodec_open2(context.get(), context->codec, nullptr), 0);
  std::vector<std::string> md5s;
  AVFramePtr frame = makeFrame();
  for (const ImageFrameSpan& span : frames.frames) {
    AVPacketPtr packet = test::chunkPacket(test::Chunk(file.begin() + span.offset, file.begin() + span.offset + span.size), 0);
    EXPECT_EQ(avcodec_send_packet(context.get(), packet.get()), 0);
    while (avcodec_receive_frame(context.get(), frame.get()) == 0) md5s.push_back(test::frameMd5(*frame));
  }
  return md5s;
}

// The animations make_test_streams.sh writes: 64x48, 10 frames a second, looping forever; read
// in pieces of several sizes, they decode to ffmpeg's framemd5.
template <typename Reader>
void expectAnimation(const char* name, AVCodecID codec) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath(name));
  const std::vector<std::string> expected = test::readFrameMd5(std::string(name) + ".framemd5");
  for (std::size_t step : {1, 37, 1000, 1 << 20}) {
    const ImageFrames frames = readInPieces<Reader>(file, step);
    EXPECT_FALSE(frames.invalid);
    EXPECT_TRUE(frames.complete);
    EXPECT_TRUE(frames.animated);
    EXPECT_EQ(frames.repetitionCount, kLoopForever);
    EXPECT_EQ(frames.width, 64);
    EXPECT_EQ(frames.height, 48);
    ASSERT_EQ(frames.frames.size(), expected.size()) << "step " << step;
    for (const ImageFrameSpan& f : frames.frames) EXPECT_EQ(f.durationUs, 100000);
    EXPECT_EQ(decodeFrames(file, frames, codec), expected) << "step " << step;
  }
}

TEST(GifFrames, AnimatedFramesDecodeAsFfmpegDecodesTheFile) {
  expectAnimation<GifFrameReader>("anim.gif", AV_CODEC_ID_GIF);
}

TEST(GifFrames, LoopCountAndStillImage) {
  const ImageFrames loop2 = readInPieces<GifFrameReader>(test::readFile(test::streamPath("loop2.gif")), 64);
  EXPECT_EQ(loop2.frames.size(), 3u);
  EXPECT_EQ(loop2.repetitionCount, 2);
  EXPECT_EQ(loop2.frames[0].durationUs, 40000);  // 25 fps
  const ImageFrames still = readInPieces<GifFrameReader>(test::readFile(test::streamPath("still.gif")), 64);
  EXPECT_EQ(still.frames.size(), 1u);
  // A one-frame GIF without a NETSCAPE block: animated, looping forever, as native Chromium says.
  EXPECT_TRUE(still.animated);
  EXPECT_EQ(still.repetitionCount, kLoopForever);
  EXPECT_FALSE(still.truncated);
  EXPECT_EQ(still.width, 30);
  EXPECT_EQ(still.height, 10);
}

TEST(GifFrames, TruncatedAndForeignBytes) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("anim.gif"));
  // Cut inside the third frame: two frames, and the stream is over.
  const ImageFrames full = readInPieces<GifFrameReader>(file, 1 << 20);
  const std::size_t cut = full.frames[2].offset + full.frames[2].size / 2;
  GifFrameReader truncated;
  truncated.read(file.data(), cut, true);
  EXPECT_EQ(truncated.frames().frames.size(), 2u);
  EXPECT_TRUE(truncated.frames().complete);
  EXPECT_TRUE(truncated.frames().truncated);
  EXPECT_FALSE(truncated.frames().invalid);
  // Not a GIF; a GIF cut inside its header.
  const std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'};
  GifFrameReader foreign;
  foreign.read(png.data(), png.size(), false);
  EXPECT_TRUE(foreign.frames().invalid);
  GifFrameReader headerOnly;
  headerOnly.read(file.data(), 8, true);
  EXPECT_TRUE(headerOnly.frames().invalid);
  // Garbage after the first frame ends the stream there.
  std::vector<uint8_t> damaged(file.begin(), file.begin() + full.frames[0].size);
  damaged.insert(damaged.end(), {0x99, 0x99, 0x99});
  GifFrameReader reader;
  reader.read(damaged.data(), damaged.size(), false);
  EXPECT_EQ(reader.frames().frames.size(), 1u);
  EXPECT_TRUE(reader.frames().complete);
  EXPECT_FALSE(reader.frames().invalid);
}

TEST(PngFrames, AnimatedFramesDecodeAsFfmpegDecodesTheFile) {
  expectAnimation<PngFrameReader>("anim.apng", AV_CODEC_ID_APNG);
  const std::vector<uint8_t> file = test::readFile(test::streamPath("anim.apng"));
  PngFrameReader reader;
  reader.read(file.data(), file.size(), true);
  EXPECT_STREQ(reader.decoderName(), "apng");
  EXPECT_GT(reader.frames().setupSize, 0u);
}

TEST(PngFrames, PlaysAndStillImage) {
  const ImageFrames plays3 = readInPieces<PngFrameReader>(test::readFile(test::streamPath("plays3.apng")), 50);
  EXPECT_EQ(plays3.frames.size(), 2u);
  EXPECT_EQ(plays3.repetitionCount, 2);  // played three times: repeated twice
  EXPECT_EQ(plays3.frames[1].durationUs, 50000);
  const std::vector<uint8_t> file = test::readFile(test::streamPath("still.png"));
  const ImageFrames still = readInPieces<PngFrameReader>(file, 50);
  EXPECT_FALSE(still.animated);
  ASSERT_EQ(still.frames.size(), 1u);
  EXPECT_EQ(still.frames[0].offset, 0u);
  EXPECT_EQ(still.frames[0].size, file.size());
  EXPECT_EQ(still.width, 30);
  EXPECT_EQ(decodeFrames(file, still, AV_CODEC_ID_PNG), test::readFrameMd5("still.png.framemd5"));
}

TEST(PngFrames, TruncatedAndForeignBytes) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("anim.apng"));
  const ImageFrames full = readInPieces<PngFrameReader>(file, 1 << 20);
  PngFrameReader truncated;
  // Cut inside the fourth frame's control chunk: the three frames before it are complete.
  truncated.read(file.data(), full.frames[3].offset + 20, false);
  EXPECT_EQ(truncated.frames().frames.size(), 3u);
  EXPECT_FALSE(truncated.frames().complete);
  truncated.read(file.data(), full.frames[3].offset + 20, true);
  EXPECT_EQ(truncated.frames().frames.size(), 3u);
  EXPECT_TRUE(truncated.frames().complete);
  EXPECT_FALSE(truncated.frames().truncated);  // the fourth frame had not begun
  EXPECT_FALSE(full.truncated);
  // Cut inside the fourth frame's image data (fcTL 38 bytes, then its fdAT): a cut frame.
  PngFrameReader cutFrame;
  cutFrame.read(file.data(), full.frames[3].offset + 38 + 10, true);
  EXPECT_EQ(cutFrame.frames().frames.size(), 3u);
  EXPECT_TRUE(cutFrame.frames().truncated);
  // Cut at the end of the last frame's data (no IEND): native counts that frame as cut too.
  PngFrameReader noEnd;
  noEnd.read(file.data(), file.size() - 12, true);
  EXPECT_EQ(noEnd.frames().frames.size(), full.frames.size() - 1);
  EXPECT_TRUE(noEnd.frames().truncated);
  const std::vector<uint8_t> gif = {'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0};
  PngFrameReader foreign;
  foreign.read(gif.data(), gif.size(), false);
  EXPECT_TRUE(foreign.frames().invalid);
}

// A still PNG without its IEND, as native Chromium (libpng) takes it: whole once a chunk after
// its image data began, cut inside or right after that data, no image before it.
TEST(PngFrames, StillCutAroundItsImageData) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("still.png"));
  const std::size_t iend = file.size() - 12;
  const auto cut = [&](std::size_t size) {
    PngFrameReader reader;
    reader.read(file.data(), size, true);
    return reader.frames();
  };
  const ImageFrames typeArrived = cut(iend + 8);
  ASSERT_EQ(typeArrived.frames.size(), 1u);
  EXPECT_EQ(typeArrived.frames[0].size, iend);
  EXPECT_FALSE(typeArrived.truncated);
  EXPECT_EQ(decodeFrames(file, typeArrived, AV_CODEC_ID_PNG), test::readFrameMd5("still.png.framemd5"));
  for (std::size_t size : {iend, iend + 7, iend - 5}) {
    const ImageFrames f = cut(size);
    EXPECT_TRUE(f.frames.empty()) << size;
    EXPECT_TRUE(f.truncated) << size;
    EXPECT_FALSE(f.invalid) << size;
  }
  const ImageFrames header = cut(33);  // signature and IHDR only
  EXPECT_FALSE(header.truncated);
  EXPECT_TRUE(header.invalid);
}

TEST(JpegFrames, OneFrameAtItsEoiWithTheExifOrientation) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("orientation6.jpg"));
  for (std::size_t step : {1, 7, 1 << 20}) {
    const ImageFrames frames = readInPieces<JpegFrameReader>(file, step);
    ASSERT_EQ(frames.frames.size(), 1u);
    EXPECT_EQ(frames.frames[0].size, file.size());
    EXPECT_TRUE(frames.complete);
    EXPECT_FALSE(frames.truncated);
    EXPECT_EQ(frames.orientation, 6);
    EXPECT_EQ(frames.width, 34);
    EXPECT_EQ(frames.height, 18);
  }
  const std::vector<uint8_t> plain = test::readFile(test::streamPath("still420.jpg"));
  EXPECT_EQ(decodeFrames(plain, readInPieces<JpegFrameReader>(plain, 5), AV_CODEC_ID_MJPEG),
            test::readFrameMd5("still420.jpg.framemd5"));
  EXPECT_EQ(readInPieces<JpegFrameReader>(plain, 5).orientation, 1);
  // Before its EOI the frame is not listed; a file that ends there is truncated.
  JpegFrameReader truncated;
  truncated.read(plain.data(), plain.size() - 2, false);
  EXPECT_TRUE(truncated.frames().frames.empty());
  truncated.read(plain.data(), plain.size() - 2, true);
  EXPECT_TRUE(truncated.frames().frames.empty());
  EXPECT_TRUE(truncated.frames().truncated);
  EXPECT_FALSE(truncated.frames().invalid);
  const std::vector<uint8_t> gif = {'G', 'I', 'F', '8', '9', 'a'};
  JpegFrameReader foreign;
  foreign.read(gif.data(), gif.size(), false);
  EXPECT_TRUE(foreign.frames().invalid);
}

TEST(JpegFrames, ExifOrientationOfBothByteOrdersAndBadSegments) {
  // Little-endian TIFF: IFD0 at 8 with one entry, Orientation (0x0112) SHORT 8.
  const uint8_t little[] = {'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0,
                            0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(exifOrientation(little, sizeof little), 8);
  // The IFD points past the segment; an entry cut short; not EXIF.
  uint8_t outside[sizeof little];
  std::copy_n(little, sizeof little, outside);
  outside[10] = 200;
  EXPECT_EQ(exifOrientation(outside, sizeof outside), 0);
  EXPECT_EQ(exifOrientation(little, 20), 0);
  const uint8_t xmp[] = {'h', 't', 't', 'p', ':', '/', '/', 'n', 's', '.', 'a', 'd', 'o', 'b', 'e'};
  EXPECT_EQ(exifOrientation(xmp, sizeof xmp), 0);
}

TEST(BmpFrames, OneFrameOfTheHeadersFileSize) {
  const std::vector<uint8_t> file = test::readFile(test::streamPath("still.bmp"));
  const ImageFrames frames = readInPieces<BmpFrameReader>(file, 100);
  ASSERT_EQ(frames.frames.size(), 1u);
  EXPECT_EQ(frames.width, 34);
  EXPECT_EQ(frames.height, 18);
  EXPECT_EQ(decodeFrames(file, frames, AV_CODEC_ID_BMP).size(), 1u);
  BmpFrameReader truncated;
  truncated.read(file.data(), file.size() / 2, true);
  EXPECT_TRUE(truncated.frames().frames.empty());
  EXPECT_TRUE(truncated.frames().truncated);
}

}  // namespace
}  // namespace wcw
