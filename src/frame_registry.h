// Decoded frames handed to JS: handle -> AVFrame. A VideoFrame/AudioData in JS holds a handle
// and reads the planes in place; releaseFrame() ends that. Thread-safe: codec threads add,
// the owner thread looks up and releases.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <unordered_map>

#include "ffmpeg_ptr.h"

namespace wcw {

class FrameRegistry {
 public:
  // The process-wide registry (Module.liveFrameCount() counts across sessions).
  static FrameRegistry& instance();

  // Takes ownership; returns a handle > 0 that is never reused.
  uint64_t add(AVFramePtr frame);
  // Frees the frame; unknown or already released handles are ignored.
  void release(uint64_t handle);
  // The frame behind a live handle, or nullptr. Valid until release(handle).
  const AVFrame* find(uint64_t handle) const;
  std::size_t liveFrameCount() const;

 private:
  mutable std::mutex mutex_;
  uint64_t nextHandle_ = 1;
  std::unordered_map<uint64_t, AVFramePtr> frames_;
};

}  // namespace wcw
