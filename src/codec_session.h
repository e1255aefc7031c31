// One WebCodecs codec instance (§2.3 codec work queue, §2.2 control messages that need codec
// work): an input ring of tasks, an output ring of results, and the codec thread between them.
//
// Threads and what they own:
//  * Owner thread (the JS thread that created the VideoDecoder/AudioDecoder): every public
//    method; the producer side of input_, the consumer side of output_, pending reservations.
//  * Codec thread (one std::thread per session; a pthread in the wasm mt build): the adapter,
//    the consumer side of input_, the producer side of output_, overflow_.
//    In the single-threaded build (WCW_SINGLE_THREAD) there is no codec thread: the owner runs
//    the same loop body inline from runPendingTasks(), so both roles are the owner's.
//  * Shared, atomics only: discardBefore_, queuedDecodes_ and the flags below.
//
// Wake-ups, without locks on the data path:
//  * wakePending_ coalesces owner wake-ups: the codec thread calls wake() only when it sets the
//    flag from clear; the owner clears it when popOutput() finds the output ring empty.
//    The owner must therefore keep calling popOutput() until it returns false.
//  * wantsSpace_: the owner found the input ring saturated; after the codec thread frees a task
//    it pushes a `space` record (and wakes) so the owner retries.
//  * Doorbell (mutex + condvar): used only to put the codec thread to sleep and wake it.
// Each flag is a Dekker pair with a ring index: one side stores the flag then reads the index,
// the other stores the index then reads the flag, all seq_cst (RingBuffer's indices are
// seq_cst for this reason), so at least one side sees the other's update and no wake-up is
// lost. No standalone fences: ThreadSanitizer does not model them.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <vector>

#include "codec_task.h"
#include "codecs/codec_adapter.h"
#include "ring_buffer.h"

#ifndef WCW_SINGLE_THREAD
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

namespace wcw {

class CodecSession final : public OutputSink {
 public:
  enum class Kind { kVideoDecoder, kAudioDecoder, kUnknown };
  // Called on the codec thread when outputs are ready (coalesced). Must not block.
  using WakeCallback = std::function<void()>;

  // At most this many decode tasks wait in the input ring, so the JS decodeQueueSize
  // back-pressure means something even for tiny chunks.
  static constexpr uint32_t kMaxQueuedDecodes = 16;
  // Output records are small (a few hundred bytes); a burst beyond the ring waits in overflow_.
  static constexpr std::size_t kOutputRingBytes = 64 * 1024;

  CodecSession(Kind kind, std::size_t ringBytes, WakeCallback wake);
  // Stops and joins the codec thread (after it finishes the task in hand), then frees every
  // queued task and unread output. Frames already popped stay alive until released.
  ~CodecSession();
  CodecSession(const CodecSession&) = delete;
  CodecSession& operator=(const CodecSession&) = delete;

  // Owner thread. Each returns false / nullptr when the ring is saturated; a `space` output
  // follows once it is worth retrying.
  bool configure(uint64_t seq, const CodecConfig& config);
  // Where to write a chunk of byteLength bytes; valid until commitDecode() or the next call.
  uint8_t* reserveDecode(std::size_t byteLength);
  void commitDecode(uint64_t seq, int64_t timestamp, int64_t duration, bool key,
                    std::size_t byteLength);
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

  static std::size_t liveSessionCount();

 private:
  // OutputSink (codec thread).
  void emit(DecodedOutput output) override;

  // Owner thread.
  uint8_t* reserveTask(std::size_t payloadBytes, bool decode);
  bool enqueue(TaskKind kind, uint64_t seq, const std::vector<uint8_t>& payload);
  void ringDoorbell();

  // Codec thread.
  bool runOneTask();
  void runTask(const TaskHeader& task, const uint8_t* payload);
  void fail(const CodecError& error);
  void observeReset();
  void pushOutput(std::vector<uint8_t> record);
  bool drainOverflow();
  void notifyOwner();
#ifndef WCW_SINGLE_THREAD
  void threadMain();
  bool hasRunnableWork();
#endif

  const Kind kind_;
  const WakeCallback wake_;
  RingBuffer input_;
  RingBuffer output_;

  std::atomic<uint64_t> discardBefore_{0};
  std::atomic<uint32_t> queuedDecodes_{0};
  std::atomic<bool> wakePending_{false};
  std::atomic<bool> wantsSpace_{false};
  std::atomic<bool> outputBlocked_{false};

  // Owner-private.
  uint8_t* pendingTask_ = nullptr;
  std::size_t pendingBytes_ = 0;
  std::unique_ptr<std::vector<uint8_t>> pendingOutOfLine_;
  uint64_t ownerDiscardBefore_ = 0;

  // Codec-thread-private.
  enum class State { kUnconfigured, kConfigured, kFailed };
  std::unique_ptr<CodecAdapter> adapter_;
  State state_ = State::kUnconfigured;
  uint64_t observedDiscardBefore_ = 0;
  uint64_t currentSeq_ = 0;
  std::deque<std::vector<uint8_t>> overflow_;

#ifndef WCW_SINGLE_THREAD
  std::atomic<bool> stop_{false};
  std::atomic<bool> sleeping_{false};
  std::mutex doorbellMutex_;
  std::condition_variable doorbell_;
  bool rung_ = false;  // guarded by doorbellMutex_
  std::thread thread_;
#endif
};

}  // namespace wcw
