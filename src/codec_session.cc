#include "codec_session.h"

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>

#include "codec_modules.h"
#include "codec_task.h"
#include "codecs/audio_decoder.h"
#include "codecs/audio_encoder.h"
#include "codecs/image_decoder.h"
#include "codecs/video_decoder.h"
#include "codecs/video_encoder.h"
#include "frame_registry.h"
#include "library_log.h"
#include "ring_buffer.h"

#ifndef WCW_SINGLE_THREAD
#include <condition_variable>
#include <mutex>
#include <thread>
#endif

namespace wcw {

namespace {

std::atomic<std::size_t> gLiveSessions{0};

constexpr std::size_t kMaxErrorMessage = 1024;

std::unique_ptr<CodecAdapter> makeAdapter(CodecSession::Kind kind) {
  switch (kind) {
    case CodecSession::Kind::kVideoDecoder:
      return std::make_unique<VideoDecoder>();
    case CodecSession::Kind::kAudioDecoder:
      return std::make_unique<AudioDecoder>();
    case CodecSession::Kind::kVideoEncoder:
      return std::make_unique<VideoEncoder>();
    case CodecSession::Kind::kAudioEncoder:
      return std::make_unique<AudioEncoder>();
    case CodecSession::Kind::kImageDecoder:
      return std::make_unique<ImageDecoder>();
    case CodecSession::Kind::kUnknown:
      return nullptr;
  }
  return nullptr;
}

OutputKind outputKind(const std::vector<uint8_t>& record) {
  OutputKind kind;
  std::memcpy(&kind, record.data(), sizeof kind);
  return kind;
}

bool isMedia(OutputKind kind) {
  return kind == OutputKind::kFrame || kind == OutputKind::kAudio || kind == OutputKind::kChunk;
}

// The task seq an output belongs to; `space` records belong to none and are never stale.
bool outputSeq(const std::vector<uint8_t>& record, uint64_t* seq) {
  switch (outputKind(record)) {
    case OutputKind::kFrame:
    case OutputKind::kAudio:
    case OutputKind::kChunk:
      std::memcpy(seq, record.data() + offsetof(MediaRecordHead, seq), sizeof *seq);
      return true;
    case OutputKind::kFlushed:
      std::memcpy(seq, record.data() + offsetof(FlushedRecord, seq), sizeof *seq);
      return true;
    case OutputKind::kImageTrack:
      std::memcpy(seq, record.data() + offsetof(ImageTrackRecord, seq), sizeof *seq);
      return true;
    case OutputKind::kError:
      std::memcpy(seq, record.data() + offsetof(ErrorRecord, seq), sizeof *seq);
      return true;
    case OutputKind::kSpace:
      return false;
  }
  return false;
}

// Frees what a stale or abandoned output owns.
void discardOutput(const std::vector<uint8_t>& record) {
  if (!isMedia(outputKind(record))) return;
  uint64_t handle;
  std::memcpy(&handle, record.data() + offsetof(MediaRecordHead, handle), sizeof handle);
  FrameRegistry::instance().release(handle);
}

bool isStale(const std::vector<uint8_t>& record, uint64_t discardBefore) {
  uint64_t seq;
  return outputSeq(record, &seq) && seq < discardBefore;
}

// Adopts the out-of-line payload of a task record (nullptr when the payload is inline).
std::unique_ptr<std::vector<uint8_t>> adoptOutOfLine(const TaskHeader& task) {
  return std::unique_ptr<std::vector<uint8_t>>(
      reinterpret_cast<std::vector<uint8_t>*>(static_cast<uintptr_t>(task.outOfLine)));
}

}  // namespace

// The session's shared state. The handle (owner thread) and the codec thread each hold a
// reference; after close() the owner never touches it again and the codec thread tears down.
//
// Threads and what they own:
//  * Owner thread (the JS thread that created the VideoDecoder/AudioDecoder): every method the
//    handle forwards, and close(); the producer side of input_, the consumer side of output_,
//    pending reservations.
//  * Codec thread (one std::thread per session; a pthread in the wasm mt build): the adapter,
//    the consumer side of input_, the producer side of output_, overflow_.
//    In the single-threaded build (WCW_SINGLE_THREAD) there is no codec thread: the owner runs
//    the same loop body inline from runPendingTasks(), so both roles are the owner's.
//  * Shared, atomics only: discardBefore_, queuedInputs_ and the flags below.
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
//
// Teardown (threaded build): close() publishes stop_ (and moves discardBefore_ past every seq, so
// the task in hand emits nothing more); the store hands the owner's roles (consumer of output_,
// producer of input_) to the codec thread, which sees stop_ between tasks, calls releaseAll()
// and drops its reference. Nothing the owner calls waits for the codec thread.
class CodecSession::Core final : public OutputSink {
 public:
  Core(Kind kind, std::size_t ringBytes, WakeCallback wake);
  ~Core();
  Core(const Core&) = delete;
  Core& operator=(const Core&) = delete;

  // Owner thread.
  bool configure(uint64_t seq, const CodecConfig& config);
  uint8_t* reserveInput(std::size_t byteLength);
  void commitInput(uint64_t seq, int64_t timestamp, int64_t duration, bool key,
                    std::size_t byteLength, uint64_t frameHandle);
  bool flush(uint64_t seq);
  void reset(uint64_t discardBefore);
  bool popOutput(std::vector<uint8_t>& record);
  int runPendingTasks(int maxTasks);
  bool idle() const;
#ifndef WCW_SINGLE_THREAD
  // Starts the detached codec thread, which holds `self` until it has torn down.
  static void start(std::shared_ptr<Core> self);
  // The owner's last call: asks the codec thread to tear down, without waiting.
  void close();
#endif
  // Frees the adapter, queued tasks and unread outputs. Whoever holds both roles: the codec
  // thread after close(), or the owner in the single-threaded build.
  void releaseAll();

 private:
  // OutputSink (codec thread).
  void emit(CodecOutput output) override;

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
  void notifyDeferred();
  void threadMain();
  bool hasRunnableWork();
#endif

  const Kind kind_;
  const uint32_t maxQueuedInputs_;
  const WakeCallback wake_;
  RingBuffer input_;
  RingBuffer output_;

  std::atomic<uint64_t> discardBefore_{0};
  std::atomic<uint32_t> queuedInputs_{0};
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
  uint32_t deferredOutputs_ = 0;  // audio outputs written but not yet told (notifyOwner)
  bool runningInput_ = false;     // an input task is running (it still counts in queuedInputs_)
#endif

#ifndef WCW_SINGLE_THREAD
  std::atomic<bool> stop_{false};
  std::atomic<bool> sleeping_{false};
  std::mutex doorbellMutex_;
  std::condition_variable doorbell_;
  bool rung_ = false;  // guarded by doorbellMutex_
#endif
};

CodecSession::Core::Core(Kind kind, std::size_t ringBytes, WakeCallback wake)
    : kind_(kind),
      maxQueuedInputs_(kind == Kind::kAudioDecoder || kind == Kind::kAudioEncoder
                           ? kMaxQueuedAudioInputs
                           : kMaxQueuedInputs),
      wake_(std::move(wake)),
      input_(std::max<std::size_t>(ringBytes, 4096)),
      output_(kOutputRingBytes) {
  ++gLiveSessions;
}

// Runs after releaseAll(), on whichever side let go last.
CodecSession::Core::~Core() { --gLiveSessions; }

void CodecSession::Core::releaseAll() {
  adapter_.reset();  // the FFmpeg context; with frame threads this joins them
  state_ = State::kUnconfigured;
  for (RingBuffer::Record r = input_.peek(); r; r = input_.peek()) {
    TaskHeader task;
    std::memcpy(&task, r.data, sizeof task);
    adoptOutOfLine(task);
    if (task.frameHandle) FrameRegistry::instance().release(task.frameHandle);
    input_.release();
  }
  for (RingBuffer::Record r = output_.peek(); r; r = output_.peek()) {
    discardOutput(std::vector<uint8_t>(r.data, r.data + r.size));
    output_.release();
  }
  for (const auto& record : overflow_) discardOutput(record);
  overflow_.clear();
}

#ifndef WCW_SINGLE_THREAD
void CodecSession::Core::start(std::shared_ptr<Core> self) {
  // Detached: nobody joins. Under Emscripten a detached pthread posts its own cleanup to the
  // main thread when it exits, which returns its Worker to the pool.
  std::thread([self = std::move(self)]() mutable {
    self->threadMain();
    self->releaseAll();
    self.reset();  // usually the last reference: the session is gone once this returns
  }).detach();
}

void CodecSession::Core::close() {
  pendingTask_ = nullptr;
  pendingOutOfLine_.reset();
  // Past every seq: emit() drops what the task in hand still produces, and no queued task runs.
  discardBefore_.store(UINT64_MAX, std::memory_order_seq_cst);
  // Publishes the owner's last ring operations to the codec thread (which takes over its roles).
  stop_.store(true, std::memory_order_seq_cst);
  ringDoorbell();  // locks only if the codec thread sleeps, i.e. holds no FFmpeg work
}
#endif

// ---- Handle (owner thread) --------------------------------------------------------------------

CodecSession::CodecSession(Kind kind, std::size_t ringBytes, WakeCallback wake)
    : core_(std::make_shared<Core>(kind, ringBytes, std::move(wake))) {
#ifndef WCW_SINGLE_THREAD
  Core::start(core_);
#endif
}

CodecSession::~CodecSession() {
#ifdef WCW_SINGLE_THREAD
  core_->releaseAll();
#else
  core_->close();
#endif
}

bool CodecSession::configure(uint64_t seq, const CodecConfig& config) {
  return core_->configure(seq, config);
}
uint8_t* CodecSession::reserveInput(std::size_t byteLength) {
  return core_->reserveInput(byteLength);
}
void CodecSession::commitInput(uint64_t seq, int64_t timestamp, int64_t duration, bool key,
                                std::size_t byteLength, uint64_t frameHandle) {
  core_->commitInput(seq, timestamp, duration, key, byteLength, frameHandle);
}
bool CodecSession::flush(uint64_t seq) { return core_->flush(seq); }
void CodecSession::reset(uint64_t discardBefore) { core_->reset(discardBefore); }
bool CodecSession::popOutput(std::vector<uint8_t>& record) { return core_->popOutput(record); }
int CodecSession::runPendingTasks(int maxTasks) { return core_->runPendingTasks(maxTasks); }
bool CodecSession::idle() const { return core_->idle(); }

std::size_t CodecSession::liveSessionCount() { return gLiveSessions.load(); }

// ---- Owner thread -------------------------------------------------------------------------

uint8_t* CodecSession::Core::reserveTask(std::size_t payloadBytes, bool decode) {
  auto tryReserve = [&]() -> uint8_t* {
    if (decode && queuedInputs_.load(std::memory_order_seq_cst) >= maxQueuedInputs_) {
      return nullptr;
    }
    return input_.reserve(sizeof(TaskHeader) + payloadBytes);
  };
  if (uint8_t* p = tryReserve()) return p;
  // Ask for a `space` record, then look again: the codec thread may have freed room before it
  // could see the flag (it checks the flag only after freeing).
  wantsSpace_.store(true, std::memory_order_seq_cst);
  return tryReserve();
}

bool CodecSession::Core::enqueue(TaskKind kind, uint64_t seq, const std::vector<uint8_t>& payload) {
  const bool outOfLine = payload.size() > input_.capacity() / 4;
  uint8_t* slot = reserveTask(outOfLine ? 0 : payload.size(), false);
  if (!slot) return false;
  TaskHeader task{};
  task.kind = kind;
  task.seq = seq;
  task.duration = -1;
  task.byteLength = static_cast<uint32_t>(payload.size());
  if (outOfLine) {
    task.outOfLine =
        reinterpret_cast<uintptr_t>(std::make_unique<std::vector<uint8_t>>(payload).release());
  } else if (!payload.empty()) {
    std::memcpy(slot + sizeof task, payload.data(), payload.size());
  }
  std::memcpy(slot, &task, sizeof task);
  input_.commit(sizeof task + (outOfLine ? 0 : payload.size()));
  ringDoorbell();
  return true;
}

bool CodecSession::Core::configure(uint64_t seq, const CodecConfig& config) {
  ConfigureParams params{};
  params.codedWidth = config.codedWidth;
  params.codedHeight = config.codedHeight;
  params.sampleRate = config.sampleRate;
  params.numberOfChannels = config.numberOfChannels;
  params.threads = config.threads;
  params.lowDelay = config.lowDelay ? 1 : 0;
  params.desiredWidth = config.desiredWidth;
  params.desiredHeight = config.desiredHeight;
  params.encoder = config.encoder;
  params.nameLength = static_cast<uint32_t>(config.codec.size());
  params.extradataLength = static_cast<uint32_t>(config.extradata.size());
  std::vector<uint8_t> payload(sizeof params);
  std::memcpy(payload.data(), &params, sizeof params);
  payload.insert(payload.end(), config.codec.begin(), config.codec.end());
  payload.insert(payload.end(), config.extradata.begin(), config.extradata.end());
  return enqueue(TaskKind::kConfigure, seq, payload);
}

uint8_t* CodecSession::Core::reserveInput(std::size_t byteLength) {
  pendingTask_ = nullptr;
  pendingOutOfLine_.reset();
  // Big chunks go out of line so any chunk size fits and the ring still holds several tasks.
  const bool outOfLine = byteLength > input_.capacity() / 4;
  uint8_t* slot = reserveTask(outOfLine ? 0 : byteLength, true);
  if (!slot) return nullptr;
  pendingTask_ = slot;
  pendingBytes_ = byteLength;
  if (!outOfLine) return slot + sizeof(TaskHeader);
  pendingOutOfLine_ = std::make_unique<std::vector<uint8_t>>(byteLength);
  return pendingOutOfLine_->data();
}

void CodecSession::Core::commitInput(uint64_t seq, int64_t timestamp, int64_t duration, bool key,
                                      std::size_t byteLength, uint64_t frameHandle) {
  if (!pendingTask_) return;
  byteLength = std::min(byteLength, pendingBytes_);
  TaskHeader task{};
  task.kind = TaskKind::kInput;
  task.flags = key ? uint32_t{kTaskKeyFrame} : 0u;
  task.seq = seq;
  task.timestamp = timestamp;
  task.duration = duration;
  task.byteLength = static_cast<uint32_t>(byteLength);
  if (frameHandle) task.frameHandle = FrameRegistry::instance().duplicate(frameHandle);
  if (pendingOutOfLine_) {
    pendingOutOfLine_->resize(byteLength);
    task.outOfLine = reinterpret_cast<uintptr_t>(pendingOutOfLine_.release());
  }
  std::memcpy(pendingTask_, &task, sizeof task);
  pendingTask_ = nullptr;
  // Counted before it is published, so the codec thread's decrement never runs first.
  queuedInputs_.fetch_add(1, std::memory_order_seq_cst);
  input_.commit(sizeof task + (task.outOfLine ? 0 : byteLength));
  ringDoorbell();
}

bool CodecSession::Core::flush(uint64_t seq) { return enqueue(TaskKind::kFlush, seq, {}); }

void CodecSession::Core::reset(uint64_t discardBefore) {
  pendingTask_ = nullptr;
  pendingOutOfLine_.reset();
  ownerDiscardBefore_ = std::max(ownerDiscardBefore_, discardBefore);
  discardBefore_.store(ownerDiscardBefore_, std::memory_order_seq_cst);
#ifdef WCW_SINGLE_THREAD
  observeReset();
#else
  ringDoorbell();
#endif
}

bool CodecSession::Core::popOutput(std::vector<uint8_t>& record) {
#ifdef WCW_SINGLE_THREAD
  drainOverflow();
#endif
  for (;;) {
    RingBuffer::Record r = output_.peek();
    if (!r) {
      // Clear before the second look: a record pushed after it re-arms the wake.
      wakePending_.store(false, std::memory_order_seq_cst);
      r = output_.peek();
      if (!r) return false;
    }
    record.assign(r.data, r.data + r.size);
    output_.release();
#ifndef WCW_SINGLE_THREAD
    if (outputBlocked_.load(std::memory_order_seq_cst)) ringDoorbell();
#endif
    if (!isStale(record, ownerDiscardBefore_)) return true;
    discardOutput(record);
  }
}

int CodecSession::Core::runPendingTasks(int maxTasks) {
#ifdef WCW_SINGLE_THREAD
  int ran = 0;
  while (ran < maxTasks && runOneTask()) ++ran;
  return ran;
#else
  (void)maxTasks;
  return 0;
#endif
}

bool CodecSession::Core::idle() const {
#ifdef WCW_SINGLE_THREAD
  return input_.empty() && output_.empty();
#else
  // sleeping_ is set only after the codec thread found no runnable work (empty input, nothing in
  // overflow_), and only the owner, who is asking, could give it more.
  return sleeping_.load(std::memory_order_seq_cst) && input_.empty() && output_.empty();
#endif
}

void CodecSession::Core::ringDoorbell() {
#ifndef WCW_SINGLE_THREAD
  if (!sleeping_.load(std::memory_order_seq_cst)) return;
  {
    std::lock_guard<std::mutex> lock(doorbellMutex_);
    rung_ = true;
  }
  doorbell_.notify_one();
#endif
}

// ---- Codec thread ---------------------------------------------------------------------------

#ifndef WCW_SINGLE_THREAD
// doorbellMutex_ is held only around the check below and the wait, never across FFmpeg or
// wake_ calls, so the owner's ringDoorbell()/close() never waits for codec work.
void CodecSession::Core::threadMain() {
  while (!stop_.load(std::memory_order_acquire)) {
    if (runOneTask()) continue;
    notifyDeferred();
    std::unique_lock<std::mutex> lock(doorbellMutex_);
    sleeping_.store(true, std::memory_order_seq_cst);
    // seq_cst: a Dekker pair with close(), which stores stop_ and then reads sleeping_.
    if (!stop_.load(std::memory_order_seq_cst) && !hasRunnableWork()) {
      doorbell_.wait(lock, [this] { return rung_; });
    }
    rung_ = false;
    sleeping_.store(false, std::memory_order_relaxed);
  }
}

bool CodecSession::Core::hasRunnableWork() {
  if (discardBefore_.load(std::memory_order_seq_cst) != observedDiscardBefore_) return true;
  if (!overflow_.empty()) {
    outputBlocked_.store(true, std::memory_order_seq_cst);
    // Only look: runOneTask() drains, outside doorbellMutex_, since draining calls wake_ and
    // close() may need the mutex. (A reservation that is not committed writes nothing.)
    return output_.reserve(overflow_.front().size()) != nullptr;
  }
  return !input_.empty();
}
#endif

bool CodecSession::Core::runOneTask() {
  observeReset();
  if (!drainOverflow()) return false;  // the owner has not read our outputs yet
  RingBuffer::Record r = input_.peek();
  if (!r) return false;

  TaskHeader task;
  std::memcpy(&task, r.data, sizeof task);
  const std::unique_ptr<std::vector<uint8_t>> outOfLine = adoptOutOfLine(task);
  const uint8_t* payload = outOfLine ? outOfLine->data() : r.data + sizeof task;
  if (!outOfLine && task.byteLength > r.size - sizeof task) task.byteLength = 0;

  // The tasks after a reset were published after discardBefore_, so this sees it.
  observeReset();
  if (task.seq >= observedDiscardBefore_) {
#ifndef WCW_SINGLE_THREAD
    runningInput_ = task.kind == TaskKind::kInput;
#endif
    runTask(task, payload);
#ifndef WCW_SINGLE_THREAD
    runningInput_ = false;
#endif
  }
  // The encoder holds its own reference to the frame by now.
  if (task.frameHandle) FrameRegistry::instance().release(task.frameHandle);
  // Copied out (or finished) by now: free the slot, then answer a waiting owner once half the
  // queue is free, so that it refills in batches rather than with a wake-up per task. (Until
  // then tasks remain, so this runs again; a ring full by bytes has few tasks and answers now.)
  input_.release();
  uint32_t queued = queuedInputs_.load(std::memory_order_seq_cst);
  if (task.kind == TaskKind::kInput) queued = queuedInputs_.fetch_sub(1, std::memory_order_seq_cst) - 1;
  if (queued <= maxQueuedInputs_ / 2 && wantsSpace_.exchange(false, std::memory_order_seq_cst)) {
    pushOutput(packRecord(SpaceRecord{OutputKind::kSpace, 0}, {}));
  }
  return true;
}

void CodecSession::Core::runTask(const TaskHeader& task, const uint8_t* payload) {
  // Any task may run code of a module loaded after this thread began: a configure for a codec
  // of a new module, or an encoder's input frame decoded by one, whose buffers it frees.
  useLoadedCodecModules();
  currentSeq_ = task.seq;
  forgetLibraryError();
  switch (task.kind) {
    case TaskKind::kConfigure: {
      ConfigureParams params;
      if (task.byteLength < sizeof params) return fail({"NotSupportedError", "bad configure task"});
      std::memcpy(&params, payload, sizeof params);
      if (uint64_t{params.nameLength} + params.extradataLength > task.byteLength - sizeof params) {
        return fail({"NotSupportedError", "bad configure task"});
      }
      CodecConfig config;
      const uint8_t* name = payload + sizeof params;
      config.codec.assign(name, name + params.nameLength);
      config.extradata.assign(name + params.nameLength,
                              name + params.nameLength + params.extradataLength);
      config.codedWidth = params.codedWidth;
      config.codedHeight = params.codedHeight;
      config.sampleRate = params.sampleRate;
      config.numberOfChannels = params.numberOfChannels;
      config.threads = params.threads;
      config.lowDelay = params.lowDelay != 0;
      config.desiredWidth = params.desiredWidth;
      config.desiredHeight = params.desiredHeight;
      config.encoder = params.encoder;
      // An encoder whose configuration changes only in its rate goes on as it is, as Chromium's
      // software encoders do (measured, Chromium 156: no key frame, no new decoderConfig).
      if (state_ == State::kConfigured && adapter_ && adapter_->reconfigure(config)) return;
      // Native Chromium drains the previous configuration's decoder before reconfiguring, so
      // frames it still holds (reordering delay) are output, under the configuration they were
      // decoded with (outputs carry a seq before this configure's).
      if (state_ == State::kConfigured && adapter_) {
        currentSeq_ = task.seq - 1;
        CodecStatus drained = adapter_->flush(*this);
        currentSeq_ = task.seq;
        if (drained) return fail(*drained);
      }
      adapter_ = makeAdapter(kind_);
      if (!adapter_) return fail({"NotSupportedError", "unknown codec kind"});
      if (CodecStatus status = adapter_->configure(config)) return fail(*status);
      state_ = State::kConfigured;
      return;
    }
    case TaskKind::kInput: {
      if (state_ == State::kFailed) return;  // already reported; JS closes the codec
      if (state_ != State::kConfigured) return fail({"EncodingError", "input before configure"});
      const InputTask input{task.timestamp, task.duration, (task.flags & kTaskKeyFrame) != 0,
                            payload, task.byteLength, task.frameHandle};
      if (CodecStatus status = adapter_->process(input, *this)) return fail(*status);
      return;
    }
    case TaskKind::kFlush: {
      if (state_ == State::kFailed) return;
      if (state_ == State::kConfigured) {
        if (CodecStatus status = adapter_->flush(*this)) return fail(*status);
      }
      // §4.5 flush(): resolves after every output before it; those are in the ring already.
      pushOutput(packRecord(FlushedRecord{OutputKind::kFlushed, 0, task.seq}, {}));
      return;
    }
  }
}

void CodecSession::Core::fail(const CodecError& error) {
  state_ = State::kFailed;
  adapter_.reset();
  ErrorRecord record{};
  record.kind = OutputKind::kError;
  record.seq = currentSeq_;
  copyName(record.name, error.name);
  const std::size_t length = std::min(error.message.size(), kMaxErrorMessage);
  record.messageLength = static_cast<uint32_t>(length);
  std::vector<uint8_t> bytes(sizeof record + length);
  std::memcpy(bytes.data(), &record, sizeof record);
  std::memcpy(bytes.data() + sizeof record, error.message.data(), length);
  pushOutput(std::move(bytes));
}

void CodecSession::Core::observeReset() {
  const uint64_t discardBefore = discardBefore_.load(std::memory_order_seq_cst);
  if (discardBefore == observedDiscardBefore_) return;
  observedDiscardBefore_ = discardBefore;
  adapter_.reset();
  state_ = State::kUnconfigured;
  for (auto it = overflow_.begin(); it != overflow_.end();) {
    if (isStale(*it, discardBefore)) {
      discardOutput(*it);
      it = overflow_.erase(it);
    } else {
      ++it;
    }
  }
}

void CodecSession::Core::emit(CodecOutput output) {
  // Outputs of discarded work must not appear once the reset is visible here.
  if (currentSeq_ < discardBefore_.load(std::memory_order_acquire)) return;
  if (outputKind(output.record) == OutputKind::kImageTrack) {
    // Not media: nothing to register, only the seq to stamp.
    std::memcpy(output.record.data() + offsetof(ImageTrackRecord, seq), &currentSeq_, sizeof currentSeq_);
    pushOutput(std::move(output.record));
    return;
  }
  const uint64_t handle = output.packet ? FrameRegistry::instance().add(std::move(output.packet))
                                        : FrameRegistry::instance().add(std::move(output.frame));
  MediaRecordHead head;
  std::memcpy(&head, output.record.data(), sizeof head);
  head.seq = currentSeq_;
  head.handle = handle;
  std::memcpy(output.record.data(), &head, sizeof head);
  pushOutput(std::move(output.record));
}

void CodecSession::Core::pushOutput(std::vector<uint8_t> record) {
  overflow_.push_back(std::move(record));
  drainOverflow();
}

bool CodecSession::Core::drainOverflow() {
  bool wrote = false;
  while (!overflow_.empty()) {
    const std::vector<uint8_t>& record = overflow_.front();
    uint8_t* slot = output_.reserve(record.size());
    if (!slot) break;
    std::memcpy(slot, record.data(), record.size());
    output_.commit(record.size());
    overflow_.pop_front();
    wrote = true;
  }
  if (wrote) notifyOwner();
  if (!overflow_.empty()) return false;
  outputBlocked_.store(false, std::memory_order_seq_cst);
  return true;
}

void CodecSession::Core::notifyOwner() {
#ifndef WCW_SINGLE_THREAD
  if (stop_.load(std::memory_order_seq_cst)) return;  // nobody is reading any more
  // Audio outputs are small and quick to make (an Opus frame ~0.2 ms, an AAC frame ~0.03 ms),
  // while one wake-up costs this thread ~50 us in Chromium (measured: a fifth of an Opus
  // encoder's time). So while more audio input is queued, the owner hears once per
  // kAudioOutputsPerWake outputs; the rest are told before this thread sleeps (threadMain).
  // Realtime use, one input at a time, is told at once. Video outputs are told at once: a frame
  // takes long enough to make that a wake-up is noise, and a player wants it promptly.
  constexpr uint32_t kAudioOutputsPerWake = 16;
  const bool audio = kind_ == Kind::kAudioDecoder || kind_ == Kind::kAudioEncoder;
  const uint32_t queuedAfter = queuedInputs_.load(std::memory_order_seq_cst) - (runningInput_ ? 1 : 0);
  if (audio && overflow_.empty() && queuedAfter > 0 && ++deferredOutputs_ < kAudioOutputsPerWake) {
    return;
  }
  deferredOutputs_ = 0;
#endif
  if (!wakePending_.exchange(true, std::memory_order_seq_cst) && wake_) wake_();
}

#ifndef WCW_SINGLE_THREAD
void CodecSession::Core::notifyDeferred() {
  if (deferredOutputs_ == 0 || stop_.load(std::memory_order_seq_cst)) return;
  deferredOutputs_ = 0;
  if (!wakePending_.exchange(true, std::memory_order_seq_cst) && wake_) wake_();
}
#endif

}  // namespace wcw
