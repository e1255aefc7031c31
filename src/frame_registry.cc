#include "frame_registry.h"

namespace wcw {

FrameRegistry& FrameRegistry::instance() {
  static FrameRegistry registry;
  return registry;
}

uint64_t FrameRegistry::add(AVFramePtr frame) {
  std::lock_guard<std::mutex> lock(mutex_);
  const uint64_t handle = nextHandle_++;
  frames_.emplace(handle, std::move(frame));
  return handle;
}

void FrameRegistry::release(uint64_t handle) {
  AVFramePtr frame;  // freed outside the lock
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = frames_.find(handle);
  if (it == frames_.end()) return;
  frame = std::move(it->second);
  frames_.erase(it);
}

const AVFrame* FrameRegistry::find(uint64_t handle) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = frames_.find(handle);
  return it == frames_.end() ? nullptr : it->second.get();
}

std::size_t FrameRegistry::liveFrameCount() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return frames_.size();
}

}  // namespace wcw
