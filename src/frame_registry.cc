#include "frame_registry.h"

namespace wcw {

FrameRegistry& FrameRegistry::instance() {
  // Never destroyed: a codec thread that is still tearing down (sessions close without waiting
  // for it) may release frames while static destructors run at process exit.
  static FrameRegistry* const registry = new FrameRegistry;
  return *registry;
}

uint64_t FrameRegistry::add(AVFramePtr frame) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t handle = nextHandle_++;
  frames_.emplace(handle, Entry{std::move(frame), nullptr});
  return handle;
}

uint64_t FrameRegistry::add(AVPacketPtr packet) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t handle = nextHandle_++;
  frames_.emplace(handle, Entry{nullptr, std::move(packet)});
  return handle;
}

void FrameRegistry::release(uint64_t handle) {
  Entry entry;  // freed outside the lock
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = frames_.find(handle);
  if (it == frames_.end()) return;
  entry = std::move(it->second);
  frames_.erase(it);
}

AVFramePtr FrameRegistry::ref(uint64_t handle) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = frames_.find(handle);
  if (it == frames_.end() || !it->second.frame) return nullptr;
  AVFramePtr frame = makeFrame();
  if (!frame || av_frame_ref(frame.get(), it->second.frame.get()) < 0) return nullptr;
  return frame;
}

uint64_t FrameRegistry::duplicate(uint64_t handle) {
  AVFramePtr frame = ref(handle);
  if (!frame) return 0;
  const uint64_t copy = add(std::move(frame));
  std::lock_guard<std::mutex> lock(mutex_);
  ++duplicates_;
  return copy;
}

uint64_t FrameRegistry::duplicateCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return duplicates_;
}

std::size_t FrameRegistry::liveFrameCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return frames_.size();
}

}  // namespace wcw
