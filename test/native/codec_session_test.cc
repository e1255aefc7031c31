// End-to-end through the session: rings, codec thread (or the inline loop when built with
// WCW_SINGLE_THREAD), wake-ups, back-pressure, reset and teardown.
#include "codec_session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>

#include "codec_task.h"
#include "frame_registry.h"
#include "test_streams.h"

namespace wcw {
namespace {

struct Output {
  OutputKind kind;
  uint64_t seq = 0;
  int64_t timestamp = 0;
  uint64_t handle = 0;
  std::string text;  // frame/audio format, or error name
};

Output parse(const std::vector<uint8_t>& bytes) {
  Output out;
  std::memcpy(&out.kind, bytes.data(), sizeof out.kind);
  switch (out.kind) {
    case OutputKind::kFrame: {
      VideoFrameRecord r;
      std::memcpy(&r, bytes.data(), sizeof r);
      out = {out.kind, r.head.seq, r.head.timestamp, r.head.handle, r.format};
      break;
    }
    case OutputKind::kAudio: {
      AudioDataRecord r;
      std::memcpy(&r, bytes.data(), sizeof r);
      out = {out.kind, r.head.seq, r.head.timestamp, r.head.handle, r.format};
      break;
    }
    case OutputKind::kFlushed: {
      FlushedRecord r;
      std::memcpy(&r, bytes.data(), sizeof r);
      out.seq = r.seq;
      break;
    }
    case OutputKind::kError: {
      ErrorRecord r;
      std::memcpy(&r, bytes.data(), sizeof r);
      out.seq = r.seq;
      out.text = r.name;
      break;
    }
    case OutputKind::kSpace:
      break;
  }
  return out;
}

// Plays the owner thread: sleeps until the wake callback fires, then drains popOutput().
class Owner {
 public:
  explicit Owner(CodecSession::Kind kind, std::size_t ringBytes = 1 << 16)
      : session_(std::make_unique<CodecSession>(kind, ringBytes, [this] { onWake(); })) {}
  ~Owner() {
    session_.reset();
    for (const Output& o : outputs) FrameRegistry::instance().release(o.handle);
  }

  CodecSession& session() { return *session_; }
  void destroySession() { session_.reset(); }

  // Runs queued work (single-threaded build) or waits for a wake (threaded), then drains.
  bool pump(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
#ifdef WCW_SINGLE_THREAD
    (void)timeout;
    session_->runPendingTasks(4);
#else
    std::unique_lock<std::mutex> lock(mutex_);
    if (!cv_.wait_for(lock, timeout, [this] { return woken_; })) return drain() > 0;
    woken_ = false;
    lock.unlock();
#endif
    return drain() > 0;
  }
  int drain() {
    int n = 0;
    std::vector<uint8_t> bytes;
    while (session_->popOutput(bytes)) {
      outputs.push_back(parse(bytes));
      ++n;
    }
    return n;
  }
  // Decodes one chunk, pumping outputs while the session is saturated.
  void decode(uint64_t seq, int64_t timestamp, const test::Chunk& chunk) {
    for (int attempt = 0; attempt < 10000; ++attempt) {
      if (uint8_t* p = session_->reserveDecode(chunk.size())) {
        if (!chunk.empty()) std::memcpy(p, chunk.data(), chunk.size());
        session_->commitDecode(seq, timestamp, 1000, false, chunk.size());
        return;
      }
      ++saturations;
      pump(std::chrono::milliseconds(50));
    }
    FAIL() << "session stayed saturated";
  }
  void flushAndWait(uint64_t seq) {
    while (!session_->flush(seq)) pump(std::chrono::milliseconds(50));
    waitFor([&] {
      return !outputs.empty() && outputs.back().kind == OutputKind::kFlushed &&
             outputs.back().seq == seq;
    });
  }
  template <typename Pred>
  void waitFor(Pred done) {
    for (int i = 0; i < 200 && !done(); ++i) pump(std::chrono::milliseconds(50));
    ASSERT_TRUE(done());
  }
  std::vector<Output> of(OutputKind kind) const {
    std::vector<Output> r;
    for (const Output& o : outputs) {
      if (o.kind == kind) r.push_back(o);
    }
    return r;
  }

  std::vector<Output> outputs;
  int wakes = 0;
  int saturations = 0;

 private:
  void onWake() {
    std::lock_guard<std::mutex> lock(mutex_);
    ++wakes;
    woken_ = true;
    cv_.notify_one();
  }
  std::mutex mutex_;
  std::condition_variable cv_;
  bool woken_ = false;
  std::unique_ptr<CodecSession> session_;
};

CodecConfig h264Config() {
  CodecConfig config;
  config.codec = "h264";
  config.threads = 2;
  return config;
}

const std::vector<test::Chunk>& h264Chunks() {
  static const auto chunks = test::splitStream("h264.h264", AV_CODEC_ID_H264);
  return chunks;
}

TEST(CodecSession, DecodesH264InOrderThenFlushes) {
  Owner owner(CodecSession::Kind::kVideoDecoder);
  ASSERT_TRUE(owner.session().configure(1, h264Config()));
  const auto& chunks = h264Chunks();
  for (std::size_t i = 0; i < chunks.size(); ++i) owner.decode(2 + i, i * 1000, chunks[i]);
  owner.flushAndWait(100);
  const auto frames = owner.of(OutputKind::kFrame);
  const auto expected = test::readFrameMd5("h264.framemd5");
  ASSERT_EQ(frames.size(), expected.size());
  std::vector<int64_t> timestamps;
  for (std::size_t i = 0; i < frames.size(); ++i) {
    timestamps.push_back(frames[i].timestamp);  // decode-order chunk timestamps, permuted
    EXPECT_EQ(frames[i].text, "I420");
    const AVFrame* frame = FrameRegistry::instance().find(frames[i].handle);
    ASSERT_NE(frame, nullptr);
    EXPECT_EQ(test::frameMd5(*frame), expected[i]);
  }
  std::sort(timestamps.begin(), timestamps.end());
  for (std::size_t i = 0; i < timestamps.size(); ++i) {
    EXPECT_EQ(timestamps[i], static_cast<int64_t>(i) * 1000);
  }
  // §4.5 flush(): the flushed record comes after every frame of the chunks before it.
  EXPECT_EQ(owner.outputs.back().kind, OutputKind::kFlushed);
  EXPECT_EQ(owner.outputs.back().seq, 100u);
  EXPECT_TRUE(owner.of(OutputKind::kError).empty());
#ifndef WCW_SINGLE_THREAD
  EXPECT_LE(owner.wakes, static_cast<int>(owner.outputs.size()));  // coalesced
#endif
}

TEST(CodecSession, DecodingContinuesAfterFlush) {
  Owner owner(CodecSession::Kind::kVideoDecoder);
  ASSERT_TRUE(owner.session().configure(1, h264Config()));
  owner.decode(2, 0, h264Chunks()[0]);
  owner.flushAndWait(3);
  owner.decode(4, 5000, h264Chunks()[0]);  // a key frame again
  owner.flushAndWait(5);
  const auto frames = owner.of(OutputKind::kFrame);
  ASSERT_EQ(frames.size(), 2u);
  EXPECT_EQ(frames[1].timestamp, 5000);
}

TEST(CodecSession, SmallRingSendsBigChunksOutOfLine) {
  Owner owner(CodecSession::Kind::kVideoDecoder, 4096);
  ASSERT_TRUE(owner.session().configure(1, h264Config()));
  const auto& chunks = h264Chunks();
  ASSERT_GT(chunks[0].size(), 1024u) << "the IDR should exceed a quarter of the ring";
  for (std::size_t i = 0; i < chunks.size(); ++i) owner.decode(2 + i, i * 1000, chunks[i]);
  owner.flushAndWait(100);
  EXPECT_EQ(owner.of(OutputKind::kFrame).size(), chunks.size());
}

TEST(CodecSession, SaturatesAtSixteenQueuedDecodesAndSignalsSpace) {
  Owner owner(CodecSession::Kind::kAudioDecoder);
  CodecConfig config;
  config.codec = "pcm_s16le";
  config.sampleRate = 48000;
  config.numberOfChannels = 2;
  ASSERT_TRUE(owner.session().configure(1, config));
  const test::Chunk chunk(400, 0);
  for (uint64_t i = 0; i < 200; ++i) owner.decode(2 + i, i * 1000, chunk);
  owner.flushAndWait(1000);
  EXPECT_EQ(owner.of(OutputKind::kAudio).size(), 200u);
#ifdef WCW_SINGLE_THREAD
  // Nothing runs until runPendingTasks(), so the 17th reservation must fail.
  EXPECT_GT(owner.saturations, 0);
  EXPECT_FALSE(owner.of(OutputKind::kSpace).empty());
#endif
  // Every saturation was answered (decode() would have failed the test otherwise).
}

TEST(CodecSession, ResetDropsQueuedWorkAndItsOutputs) {
  Owner owner(CodecSession::Kind::kVideoDecoder);
  ASSERT_TRUE(owner.session().configure(1, h264Config()));
  const auto& chunks = h264Chunks();
  for (std::size_t i = 0; i < 12; ++i) owner.decode(2 + i, i * 1000, chunks[i]);
  owner.session().reset(50);
  ASSERT_TRUE(owner.session().configure(50, h264Config()));
  owner.decode(51, 777, chunks[0]);
  owner.flushAndWait(52);
  for (const Output& o : owner.outputs) {
    if (o.kind != OutputKind::kSpace) {
      EXPECT_GE(o.seq, 50u) << "stale output after reset";
    }
  }
  const auto frames = owner.of(OutputKind::kFrame);
  ASSERT_EQ(frames.size(), 1u);
  EXPECT_EQ(frames[0].timestamp, 777);
}

TEST(CodecSession, ErrorRecords) {
  {
    Owner owner(CodecSession::Kind::kVideoDecoder);
    CodecConfig config;
    config.codec = "no-such-codec";
    ASSERT_TRUE(owner.session().configure(7, config));
    owner.waitFor([&] { return !owner.of(OutputKind::kError).empty(); });
    EXPECT_EQ(owner.of(OutputKind::kError)[0].text, "NotSupportedError");
    EXPECT_EQ(owner.of(OutputKind::kError)[0].seq, 7u);
  }
  {
    Owner owner(CodecSession::Kind::kVideoDecoder);
    ASSERT_TRUE(owner.session().configure(1, h264Config()));
    owner.decode(2, 0, {});
    owner.waitFor([&] { return !owner.of(OutputKind::kError).empty(); });
    EXPECT_EQ(owner.of(OutputKind::kError)[0].text, "EncodingError");
    EXPECT_EQ(owner.of(OutputKind::kError)[0].seq, 2u);
  }
  {
    Owner owner(CodecSession::Kind::kVideoDecoder);
    CodecConfig config;
    config.codec = "libdav1d";
    ASSERT_TRUE(owner.session().configure(1, config));
    test::Chunk garbage(3000);
    for (std::size_t i = 0; i < garbage.size(); ++i) garbage[i] = static_cast<uint8_t>(i * 37 + 11);
    owner.decode(2, 0, garbage);
    owner.waitFor([&] { return !owner.of(OutputKind::kError).empty(); });
    EXPECT_EQ(owner.of(OutputKind::kError)[0].text, "EncodingError");
  }
}

TEST(CodecSession, DestroyWithoutFlushFreesEverything) {
  const std::size_t framesBefore = FrameRegistry::instance().liveFrameCount();
  const std::size_t sessionsBefore = CodecSession::liveSessionCount();
  {
    Owner owner(CodecSession::Kind::kVideoDecoder, 4096);
    ASSERT_TRUE(owner.session().configure(1, h264Config()));
    const auto& chunks = h264Chunks();
    for (std::size_t i = 0; i < chunks.size(); ++i) owner.decode(2 + i, i * 1000, chunks[i]);
    EXPECT_EQ(CodecSession::liveSessionCount(), sessionsBefore + 1);
    owner.destroySession();  // tasks and outputs still queued
    EXPECT_EQ(CodecSession::liveSessionCount(), sessionsBefore);
  }  // ~Owner releases the frames it popped
  EXPECT_EQ(FrameRegistry::instance().liveFrameCount(), framesBefore);
}

}  // namespace
}  // namespace wcw
