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
