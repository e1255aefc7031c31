// One WebCodecs codec instance (§2.3 codec work queue, §2.2 control messages that need codec
// work): an input ring of tasks, an output ring of results, and the codec thread between them.
// This class is the owner's handle; the rings, flags and adapter live in a CodecSession::Core
// (codec_session.cc) that the handle and the codec thread share.
//
// Lifetime (threaded build): destroying the handle never waits for the codec thread. It marks
// the session closed and returns; the codec thread finishes the task in hand, frees the adapter
// (the FFmpeg context and its threads), every queued task and every unread output (releasing
// their frame handles), and exits; the Core goes with the last of the two references. The
// thread is detached, so under Emscripten its Worker goes back to the pool when it exits.
// liveSessionCount() counts a session until that is done.
// Single-threaded build (WCW_SINGLE_THREAD): destruction frees everything before it returns.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "codecs/codec_adapter.h"

namespace wcw {

class CodecSession final {
 public:
  enum class Kind { kVideoDecoder, kAudioDecoder, kVideoEncoder, kAudioEncoder, kImageDecoder, kUnknown };
  // Called on the codec thread when outputs are ready (coalesced). Must not block. The session
  // keeps its copy until the codec thread has finished, so a call may still begin (rarely)
  // after the handle is destroyed: it must not use anything that dies with the handle.
  using WakeCallback = std::function<void()>;

  // At most this many input tasks (chunks to decode, frames to encode) wait in the input ring,
  // so the JS decodeQueueSize back-pressure means something even for tiny chunks. Audio tasks
  // are small and quick (20 ms of sound is tens of microseconds of codec work), so audio
  // sessions queue more, so the owner refills less often (measured: no clear speed change for
  // Opus, whose time is libopus itself; see issue #7's note).
  static constexpr uint32_t kMaxQueuedInputs = 16;
  static constexpr uint32_t kMaxQueuedAudioInputs = 64;
  // Output records are small (a few hundred bytes); a burst beyond the ring waits in overflow.
  static constexpr std::size_t kOutputRingBytes = 64 * 1024;

  CodecSession(Kind kind, std::size_t ringBytes, WakeCallback wake);
  // Closes the session (see Lifetime above). Frames already popped stay alive until released.
  ~CodecSession();
  CodecSession(const CodecSession&) = delete;
  CodecSession& operator=(const CodecSession&) = delete;

  // Owner thread. Each returns false / nullptr when the ring is saturated; a `space` output
  // follows once it is worth retrying.
  bool configure(uint64_t seq, const CodecConfig& config);
  // Where to write a chunk of byteLength bytes; valid until commitInput() or the next call.
  uint8_t* reserveInput(std::size_t byteLength);
  // frameHandle: a FrameRegistry frame the task refers to (an encoder's decoded input); the
  // task takes its own handle to it, so the caller's may be released at once.
  void commitInput(uint64_t seq, int64_t timestamp, int64_t duration, bool key,
                    std::size_t byteLength, uint64_t frameHandle = 0);
  bool flush(uint64_t seq);
  // §4.5 reset(): tasks and outputs with seq < discardBefore are dropped; the codec closes
  // and the next task must be a configure.
  void reset(uint64_t discardBefore);
  // Moves the next output record (a codec_task.h layout) into `record`. Returns false when
  // there is none. The caller owns the frame handle in a frame/audio record.
  bool popOutput(std::vector<uint8_t>& record);
  // Single-threaded build: runs up to maxTasks queued tasks now. Threaded build: returns 0.
  int runPendingTasks(int maxTasks);
  // True when no task is queued or running and every output has been popped: nothing more
  // will come until the owner submits again. (Node keeps its process alive until then.)
  bool idle() const;

  // Sessions not yet fully torn down (threaded build: whose codec thread has not finished).
  static std::size_t liveSessionCount();

 private:
  class Core;
  std::shared_ptr<Core> core_;
};

}  // namespace wcw
