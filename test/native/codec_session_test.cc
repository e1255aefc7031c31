// End-to-end through the session: rings, codec thread (or the inline loop when built with
// WCW_SINGLE_THREAD), wake-ups, back-pressure, reset and teardown.
#include "codec_session.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <thread>

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
    case OutputKind::kChunk: {
      EncodedChunkRecord r;
      std::memcpy(&r, bytes.data(), sizeof r);
      out = {out.kind, r.head.seq, r.head.timestamp, r.head.handle, ""};
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
    case OutputKind::kImageTrack: {
      ImageTrackRecord r;
      std::memcpy(&r, bytes.data(), sizeof r);
      out.seq = r.seq;
      break;
    }
    case OutputKind::kSpace:
      break;
  }
  return out;
}

// Waits (up to 10 s) until liveSessionCount() is back to `count`: a destroyed session's codec
// thread tears down after the destructor has returned.
bool waitForLiveSessions(std::size_t count) {
  for (int i = 0; i < 1000 && CodecSession::liveSessionCount() != count; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return CodecSession::liveSessionCount() == count;
}

// What the wake callback touches. Shared with the session, because a wake may still start
// after the session handle is destroyed (until its codec thread has finished).
struct WakeState {
  std::mutex mutex;
  std::condition_variable cv;
  bool woken = false;
  int wakes = 0;
  // While set, the wake callback blocks the codec thread (a stand-in for a long FFmpeg call).
  bool hold = false;
  bool held = false;  // the codec thread is blocked in the callback
};

// Plays the owner thread: sleeps until the wake callback fires, then drains popOutput().
class Owner {
 public:
  explicit Owner(CodecSession::Kind kind, std::size_t ringBytes = 1 << 16)
      : sessionsBefore_(CodecSession::liveSessionCount()),
        wake_(std::make_shared<WakeState>()),
        session_(
            std::make_unique<CodecSession>(kind, ringBytes, [wake = wake_] { onWake(*wake); })) {}
  ~Owner() {
    session_.reset();
    for (const Output& o : outputs) FrameRegistry::instance().release(o.handle);
    EXPECT_TRUE(waitForLiveSessions(sessionsBefore_)) << "a codec thread did not finish";
  }

  CodecSession& session() { return *session_; }
  void destroySession() { session_.reset(); }
  WakeState& wake() { return *wake_; }
  int wakes() {
    std::lock_guard<std::mutex> lock(wake_->mutex);
    return wake_->wakes;
  }

  // Runs queued work (single-threaded build) or waits for a wake (threaded), then drains.
  bool pump(std::chrono::milliseconds timeout = std::chrono::milliseconds(5000)) {
#ifdef WCW_SINGLE_THREAD
    (void)timeout;
    session_->runPendingTasks(4);
#else
    std::unique_lock<std::mutex> lock(wake_->mutex);
    if (!wake_->cv.wait_for(lock, timeout, [this] { return wake_->woken; })) return drain() > 0;
    wake_->woken = false;
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
  // A kInput task: a chunk to decode, or (frameHandle) an encoder's picture header.
  void decode(uint64_t seq, int64_t timestamp, const test::Chunk& chunk, bool key = false,
              uint64_t frameHandle = 0) {
    for (int attempt = 0; attempt < 10000; ++attempt) {
      if (uint8_t* p = session_->reserveInput(chunk.size())) {
        if (!chunk.empty()) std::memcpy(p, chunk.data(), chunk.size());
        session_->commitInput(seq, timestamp, 1000, key, chunk.size(), frameHandle);
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
  int saturations = 0;

 private:
  static void onWake(WakeState& wake) {
    std::unique_lock<std::mutex> lock(wake.mutex);
    ++wake.wakes;
    wake.woken = true;
    wake.cv.notify_all();
    if (wake.hold) {
      wake.held = true;
      wake.cv.wait(lock, [&] { return !wake.hold; });
      wake.held = false;
    }
  }
  const std::size_t sessionsBefore_;
  const std::shared_ptr<WakeState> wake_;
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
    const AVFramePtr frame = FrameRegistry::instance().ref(frames[i].handle);
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
  EXPECT_LE(owner.wakes(), static_cast<int>(owner.outputs.size()));  // coalesced
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

#ifndef WCW_SINGLE_THREAD
// Audio outputs while more input is queued wake the owner once per batch, and the last batch
// is told before the codec thread sleeps: every output arrives through a wake, none is lost.
TEST(CodecSession, AudioOutputsWakeTheOwnerInBatches) {
  Owner owner(CodecSession::Kind::kAudioEncoder, 1 << 20);  // room for every input at once
  CodecConfig config;
  config.codec = "pcm_s16le";  // one 20 ms packet per 960 frames in, nothing for a part
  config.sampleRate = 48000;
  config.numberOfChannels = 2;
  ASSERT_TRUE(owner.session().configure(1, config));
  auto audio = [](int frames) {
    AudioInputHeader header{48000, frames, 2, 0};
    test::Chunk payload(sizeof header + sizeof(float) * frames * 2, 0);
    std::memcpy(payload.data(), &header, sizeof header);
    return payload;
  };
  constexpr int kPackets = 41;
  {
    // The first output's wake holds the codec thread while the other inputs queue up.
    std::lock_guard<std::mutex> lock(owner.wake().mutex);
    owner.wake().hold = true;
  }
  owner.decode(2, 0, audio(960));
  {
    std::unique_lock<std::mutex> lock(owner.wake().mutex);
    ASSERT_TRUE(owner.wake().cv.wait_for(lock, std::chrono::seconds(5), [&] { return owner.wake().held; }));
  }
  for (int i = 1; i < kPackets; ++i) owner.decode(2 + i, i * 20000, audio(960));
  // Last, an input that outputs nothing (it waits in the encoder for a whole packet): the
  // outputs before it must still be told, once the thread runs out of work.
  owner.decode(2 + kPackets, kPackets * 20000, audio(480));
  {
    std::lock_guard<std::mutex> lock(owner.wake().mutex);
    owner.wake().hold = false;
  }
  owner.wake().cv.notify_all();
  while (owner.of(OutputKind::kChunk).size() < kPackets) {
    std::unique_lock<std::mutex> lock(owner.wake().mutex);
    ASSERT_TRUE(owner.wake().cv.wait_for(lock, std::chrono::seconds(5), [&] { return owner.wake().woken; }))
        << "outputs written but the owner was never woken: " << owner.of(OutputKind::kChunk).size();
    owner.wake().woken = false;
    lock.unlock();
    owner.drain();
  }
  EXPECT_EQ(owner.of(OutputKind::kChunk).size(), static_cast<std::size_t>(kPackets));
  EXPECT_TRUE(owner.of(OutputKind::kError).empty());
  // One wake for the first output, then one per 16 of the 40 queued, and the rest at the end.
  EXPECT_LE(owner.wakes(), 5);
}
#endif

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

// A VideoInputHeader naming the whole of a registered frame, whose pixels the task does not carry.
test::Chunk frameHeader(uint64_t handle) {
  AVFramePtr frame = FrameRegistry::instance().ref(handle);
  VideoInputHeader header{};
  std::snprintf(header.format, sizeof header.format, "I420");
  header.width = frame ? frame->width : 0;
  header.height = frame ? frame->height : 0;
  header.planeCount = 3;
  header.quantizer = -1;
  const auto* bytes = reinterpret_cast<const uint8_t*>(&header);
  return test::Chunk(bytes, bytes + sizeof header);
}

CodecConfig vp8EncoderConfig(int width, int height) {
  CodecConfig config;
  config.codec = "libvpx";
  config.codedWidth = width;
  config.codedHeight = height;
  config.encoder = defaultEncoderParams();
  config.encoder.realtime = 1;
  return config;
}

// Decoded frames reach an encoder by handle, without their pixels being copied: each task
// holds its own handle, so the decoder's may go at once (a VideoFrame closed after encode()),
// and every handle is released whether the task ran, was dropped by reset or never ran.
TEST(CodecSession, EncoderTakesDecodedFramesByHandle) {
  const std::size_t framesBefore = FrameRegistry::instance().liveFrameCount();
  {
    Owner decoder(CodecSession::Kind::kVideoDecoder);
    ASSERT_TRUE(decoder.session().configure(1, h264Config()));
    const auto& chunks = h264Chunks();
    for (std::size_t i = 0; i < 6; ++i) decoder.decode(2 + i, i * 1000, chunks[i]);
    decoder.flushAndWait(100);
    std::vector<uint64_t> handles;
    for (const Output& o : decoder.of(OutputKind::kFrame)) handles.push_back(o.handle);
    ASSERT_EQ(handles.size(), 6u);
    AVFramePtr first = FrameRegistry::instance().ref(handles[0]);
    ASSERT_TRUE(first);

    Owner encoder(CodecSession::Kind::kVideoEncoder);
    ASSERT_TRUE(encoder.session().configure(1, vp8EncoderConfig(first->width, first->height)));
    for (std::size_t i = 0; i < handles.size(); ++i) {
      encoder.decode(2 + i, i * 1000, frameHeader(handles[i]), false, handles[i]);
    }
    // The decoder's handles go now; the queued tasks hold their own.
    for (uint64_t handle : handles) FrameRegistry::instance().release(handle);
    encoder.flushAndWait(100);
    EXPECT_EQ(encoder.of(OutputKind::kChunk).size(), handles.size());
    EXPECT_TRUE(encoder.of(OutputKind::kError).empty());
    // A released handle gives no frame: the input is unusable, an EncodingError.
    encoder.decode(101, 0, frameHeader(handles[0]), false, handles[0]);
    encoder.waitFor([&] { return !encoder.of(OutputKind::kError).empty(); });
    ASSERT_EQ(encoder.of(OutputKind::kError).size(), 1u);
    EXPECT_EQ(encoder.of(OutputKind::kError)[0].text, "EncodingError");

    // Tasks dropped by reset, and tasks still queued when the session goes.
    Owner source(CodecSession::Kind::kVideoDecoder);
    ASSERT_TRUE(source.session().configure(1, h264Config()));
    for (std::size_t i = 0; i < 6; ++i) source.decode(2 + i, i * 1000, chunks[i]);
    source.flushAndWait(100);
    Owner doomed(CodecSession::Kind::kVideoEncoder);
    ASSERT_TRUE(doomed.session().configure(1, vp8EncoderConfig(first->width, first->height)));
    for (const Output& o : source.of(OutputKind::kFrame)) {
      doomed.decode(2, 0, frameHeader(o.handle), false, o.handle);
    }
    doomed.session().reset(3);
    for (const Output& o : source.of(OutputKind::kFrame)) {
      doomed.decode(4, 0, frameHeader(o.handle), false, o.handle);
    }
    doomed.destroySession();
  }
  for (int i = 0; i < 200 && FrameRegistry::instance().liveFrameCount() != framesBefore; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(FrameRegistry::instance().liveFrameCount(), framesBefore);
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
#ifdef WCW_SINGLE_THREAD
    EXPECT_EQ(CodecSession::liveSessionCount(), sessionsBefore);  // synchronous teardown
#endif
    EXPECT_TRUE(waitForLiveSessions(sessionsBefore));
  }  // ~Owner releases the frames it popped
  EXPECT_EQ(FrameRegistry::instance().liveFrameCount(), framesBefore);
}

#ifndef WCW_SINGLE_THREAD
using Clock = std::chrono::steady_clock;

// The owner (the browser main thread) must never wait for codec work: destruction returns while
// the codec thread is stuck in the middle of a task, which then finishes on its own and frees
// everything (FFmpeg context and frame threads, queued tasks, frames left in the output ring).
TEST(CodecSession, DestroyReturnsWhileTheCodecThreadIsBusy) {
  const std::size_t framesBefore = FrameRegistry::instance().liveFrameCount();
  const std::size_t sessionsBefore = CodecSession::liveSessionCount();
  {
    Owner owner(CodecSession::Kind::kVideoDecoder);
    WakeState& wake = owner.wake();
    {
      std::lock_guard<std::mutex> lock(wake.mutex);
      wake.hold = true;  // the first output's wake-up blocks the codec thread mid-task
    }
    ASSERT_TRUE(owner.session().configure(1, h264Config()));
    const auto& chunks = h264Chunks();
    for (std::size_t i = 0; i < 12; ++i) owner.decode(2 + i, i * 1000, chunks[i]);  // < 16: no pump
    {
      std::unique_lock<std::mutex> lock(wake.mutex);
      ASSERT_TRUE(wake.cv.wait_for(lock, std::chrono::seconds(10), [&] { return wake.held; }));
    }
    // Releases the codec thread after 5 s whatever happens, so a blocking destructor fails the
    // test instead of hanging it.
    std::thread watchdog([&] {
      std::unique_lock<std::mutex> lock(wake.mutex);
      wake.cv.wait_for(lock, std::chrono::seconds(5), [&] { return !wake.hold; });
      wake.hold = false;
      wake.cv.notify_all();
    });
    const Clock::time_point start = Clock::now();
    owner.destroySession();
    const auto elapsed = Clock::now() - start;
    bool stillHeld;
    std::size_t sessionsWhileHeld;
    {
      std::lock_guard<std::mutex> lock(wake.mutex);
      stillHeld = wake.held;
      sessionsWhileHeld = CodecSession::liveSessionCount();
      wake.hold = false;
      wake.cv.notify_all();
    }
    watchdog.join();
    EXPECT_LT(elapsed, std::chrono::seconds(1));
    EXPECT_TRUE(stillHeld) << "the destructor waited for the codec thread";
    // Counted until the codec thread has really finished.
    EXPECT_EQ(sessionsWhileHeld, sessionsBefore + 1);
    EXPECT_TRUE(waitForLiveSessions(sessionsBefore));
    EXPECT_EQ(FrameRegistry::instance().liveFrameCount(), framesBefore)
        << "frames left in the output ring were not released";
  }
  EXPECT_EQ(FrameRegistry::instance().liveFrameCount(), framesBefore);
}

// The same with a real slow task: 1080p key frames (frame threads on), destroyed mid-decode.
TEST(CodecSession, DestroyMidDecodeOf1080pReturnsAtOnce) {
  static const auto chunks = test::splitStream("h264_1080p.h264", AV_CODEC_ID_H264);
  ASSERT_GE(chunks.size(), 8u);
  const std::size_t framesBefore = FrameRegistry::instance().liveFrameCount();
  const std::size_t sessionsBefore = CodecSession::liveSessionCount();
  // How long one 1080p task takes here (sanitizers and load change it a lot).
  Clock::duration oneFrame;
  {
    Owner owner(CodecSession::Kind::kVideoDecoder);
    ASSERT_TRUE(owner.session().configure(1, h264Config()));
    const Clock::time_point start = Clock::now();
    owner.decode(2, 0, chunks[0], true);
    owner.flushAndWait(3);
    oneFrame = Clock::now() - start;
    ASSERT_EQ(owner.of(OutputKind::kFrame).size(), 1u);
  }
  Clock::duration destroy;
  Clock::duration teardown;
  {
    Owner owner(CodecSession::Kind::kVideoDecoder);
    ASSERT_TRUE(owner.session().configure(1, h264Config()));
    for (std::size_t i = 0; i < chunks.size(); ++i) owner.decode(2 + i, i * 1000, chunks[i], true);
    owner.waitFor([&] { return !owner.of(OutputKind::kFrame).empty(); });  // decoding is under way
    const Clock::time_point start = Clock::now();
    owner.destroySession();
    destroy = Clock::now() - start;
    EXPECT_TRUE(waitForLiveSessions(sessionsBefore));
    teardown = Clock::now() - start;
  }
  const auto us = [](Clock::duration d) {
    return std::chrono::duration_cast<std::chrono::microseconds>(d).count();
  };
  std::printf(
      "one 1080p frame: %lld us; destroy returned in %lld us; codec thread done after %lld us\n",
      static_cast<long long>(us(oneFrame)), static_cast<long long>(us(destroy)),
      static_cast<long long>(us(teardown)));
  EXPECT_LT(destroy * 4, oneFrame) << "the destructor waited for codec work";
  EXPECT_EQ(FrameRegistry::instance().liveFrameCount(), framesBefore);
}
#endif

}  // namespace
}  // namespace wcw
