#include "codec_session.h"

#include <algorithm>
#include <cstddef>
#include <cstring>

#include "codec_task.h"
#include "codecs/audio_decoder.h"
#include "codecs/video_decoder.h"
#include "frame_registry.h"

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

bool isMedia(OutputKind kind) { return kind == OutputKind::kFrame || kind == OutputKind::kAudio; }

// The task seq an output belongs to; `space` records belong to none and are never stale.
bool outputSeq(const std::vector<uint8_t>& record, uint64_t* seq) {
  switch (outputKind(record)) {
    case OutputKind::kFrame:
    case OutputKind::kAudio:
      std::memcpy(seq, record.data() + offsetof(MediaRecordHead, seq), sizeof *seq);
      return true;
    case OutputKind::kFlushed:
      std::memcpy(seq, record.data() + offsetof(FlushedRecord, seq), sizeof *seq);
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

CodecSession::CodecSession(Kind kind, std::size_t ringBytes, WakeCallback wake)
    : kind_(kind),
      wake_(std::move(wake)),
      input_(std::max<std::size_t>(ringBytes, 4096)),
      output_(kOutputRingBytes) {
  ++gLiveSessions;
#ifndef WCW_SINGLE_THREAD
  thread_ = std::thread(&CodecSession::threadMain, this);
#endif
}

CodecSession::~CodecSession() {
#ifndef WCW_SINGLE_THREAD
  {
    std::lock_guard<std::mutex> lock(doorbellMutex_);
    stop_.store(true, std::memory_order_release);
    rung_ = true;
  }
  doorbell_.notify_one();
  thread_.join();
#endif
  // Both roles are this thread's now.
  for (RingBuffer::Record r = input_.peek(); r; r = input_.peek()) {
    TaskHeader task;
    std::memcpy(&task, r.data, sizeof task);
    adoptOutOfLine(task);
    input_.release();
  }
  for (RingBuffer::Record r = output_.peek(); r; r = output_.peek()) {
    discardOutput(std::vector<uint8_t>(r.data, r.data + r.size));
    output_.release();
  }
  for (const auto& record : overflow_) discardOutput(record);
  --gLiveSessions;
}

std::size_t CodecSession::liveSessionCount() { return gLiveSessions.load(); }

// ---- Owner thread -------------------------------------------------------------------------

uint8_t* CodecSession::reserveTask(std::size_t payloadBytes, bool decode) {
  auto tryReserve = [&]() -> uint8_t* {
    if (decode && queuedDecodes_.load(std::memory_order_seq_cst) >= kMaxQueuedDecodes) {
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

bool CodecSession::enqueue(TaskKind kind, uint64_t seq, const std::vector<uint8_t>& payload) {
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

bool CodecSession::configure(uint64_t seq, const CodecConfig& config) {
  ConfigureParams params{};
  params.codedWidth = config.codedWidth;
  params.codedHeight = config.codedHeight;
  params.sampleRate = config.sampleRate;
  params.numberOfChannels = config.numberOfChannels;
  params.threads = config.threads;
  params.lowDelay = config.lowDelay ? 1 : 0;
  params.nameLength = static_cast<uint32_t>(config.codec.size());
  params.extradataLength = static_cast<uint32_t>(config.extradata.size());
  std::vector<uint8_t> payload(sizeof params);
  std::memcpy(payload.data(), &params, sizeof params);
  payload.insert(payload.end(), config.codec.begin(), config.codec.end());
  payload.insert(payload.end(), config.extradata.begin(), config.extradata.end());
  return enqueue(TaskKind::kConfigure, seq, payload);
}

uint8_t* CodecSession::reserveDecode(std::size_t byteLength) {
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

void CodecSession::commitDecode(uint64_t seq, int64_t timestamp, int64_t duration, bool key,
                                std::size_t byteLength) {
  if (!pendingTask_) return;
  byteLength = std::min(byteLength, pendingBytes_);
  TaskHeader task{};
  task.kind = TaskKind::kDecode;
  task.flags = key ? uint32_t{kTaskKeyFrame} : 0u;
  task.seq = seq;
  task.timestamp = timestamp;
  task.duration = duration;
  task.byteLength = static_cast<uint32_t>(byteLength);
  if (pendingOutOfLine_) {
    pendingOutOfLine_->resize(byteLength);
    task.outOfLine = reinterpret_cast<uintptr_t>(pendingOutOfLine_.release());
  }
  std::memcpy(pendingTask_, &task, sizeof task);
  pendingTask_ = nullptr;
  // Counted before it is published, so the codec thread's decrement never runs first.
  queuedDecodes_.fetch_add(1, std::memory_order_seq_cst);
  input_.commit(sizeof task + (task.outOfLine ? 0 : byteLength));
  ringDoorbell();
}

bool CodecSession::flush(uint64_t seq) { return enqueue(TaskKind::kFlush, seq, {}); }

void CodecSession::reset(uint64_t discardBefore) {
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

bool CodecSession::popOutput(std::vector<uint8_t>& record) {
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

int CodecSession::runPendingTasks(int maxTasks) {
#ifdef WCW_SINGLE_THREAD
  int ran = 0;
  while (ran < maxTasks && runOneTask()) ++ran;
  return ran;
#else
  (void)maxTasks;
  return 0;
#endif
}

bool CodecSession::idle() const {
#ifdef WCW_SINGLE_THREAD
  return input_.empty() && output_.empty();
#else
  // sleeping_ is set only after the codec thread found no runnable work (empty input, nothing in
  // overflow_), and only the owner, who is asking, could give it more.
  return sleeping_.load(std::memory_order_seq_cst) && input_.empty() && output_.empty();
#endif
}

void CodecSession::ringDoorbell() {
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
void CodecSession::threadMain() {
  while (!stop_.load(std::memory_order_acquire)) {
    if (runOneTask()) continue;
    std::unique_lock<std::mutex> lock(doorbellMutex_);
    sleeping_.store(true, std::memory_order_seq_cst);
    if (!stop_.load(std::memory_order_acquire) && !hasRunnableWork()) {
      doorbell_.wait(lock, [this] { return rung_; });
    }
    rung_ = false;
    sleeping_.store(false, std::memory_order_relaxed);
  }
}

bool CodecSession::hasRunnableWork() {
  if (discardBefore_.load(std::memory_order_seq_cst) != observedDiscardBefore_) return true;
  if (!overflow_.empty()) {
    outputBlocked_.store(true, std::memory_order_seq_cst);
    const std::size_t before = overflow_.size();
    return drainOverflow() || overflow_.size() != before;
  }
  return !input_.empty();
}
#endif

bool CodecSession::runOneTask() {
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
    runTask(task, payload);
  }
  // Copied out (or finished) by now: free the slot, then answer a waiting owner.
  input_.release();
  if (task.kind == TaskKind::kDecode) queuedDecodes_.fetch_sub(1, std::memory_order_seq_cst);
  if (wantsSpace_.exchange(false, std::memory_order_seq_cst)) {
    pushOutput(packRecord(SpaceRecord{OutputKind::kSpace, 0}, {}));
  }
  return true;
}

void CodecSession::runTask(const TaskHeader& task, const uint8_t* payload) {
  currentSeq_ = task.seq;
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
      adapter_ = makeAdapter(kind_);
      if (!adapter_) return fail({"NotSupportedError", "unknown codec kind"});
      if (CodecStatus status = adapter_->configure(config)) return fail(*status);
      state_ = State::kConfigured;
      return;
    }
    case TaskKind::kDecode: {
      if (state_ == State::kFailed) return;  // already reported; JS closes the codec
      if (state_ != State::kConfigured) return fail({"EncodingError", "decode before configure"});
      AVPacketPtr packet = makePacket();
      if (!packet || av_new_packet(packet.get(), static_cast<int>(task.byteLength)) < 0) {
        return fail({"EncodingError", "out of memory"});
      }
      if (task.byteLength) std::memcpy(packet->data, payload, task.byteLength);
      packet->pts = task.timestamp;
      packet->dts = AV_NOPTS_VALUE;
      packet->duration = task.duration > 0 ? task.duration : 0;
      if (task.flags & kTaskKeyFrame) packet->flags |= AV_PKT_FLAG_KEY;
      if (CodecStatus status = adapter_->decode(packet.get(), *this)) return fail(*status);
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

void CodecSession::fail(const CodecError& error) {
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

void CodecSession::observeReset() {
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

void CodecSession::emit(DecodedOutput output) {
  // Outputs of discarded work must not appear once the reset is visible here.
  if (currentSeq_ < discardBefore_.load(std::memory_order_acquire)) return;
  const uint64_t handle = FrameRegistry::instance().add(std::move(output.frame));
  MediaRecordHead head;
  std::memcpy(&head, output.record.data(), sizeof head);
  head.seq = currentSeq_;
  head.handle = handle;
  std::memcpy(output.record.data(), &head, sizeof head);
  pushOutput(std::move(output.record));
}

void CodecSession::pushOutput(std::vector<uint8_t> record) {
  overflow_.push_back(std::move(record));
  drainOverflow();
}

bool CodecSession::drainOverflow() {
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

void CodecSession::notifyOwner() {
  if (!wakePending_.exchange(true, std::memory_order_seq_cst) && wake_) wake_();
}

}  // namespace wcw
