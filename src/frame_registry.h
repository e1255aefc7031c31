// Codec outputs handed to JS: handle -> the AVFrame (decoded VideoFrame/AudioData planes) or
// AVPacket (an encoded chunk's bytes) they live in. JS reads them in place and releaseFrame()
// ends that. Thread-safe: codec threads add and look up, the owner thread releases.
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
  uint64_t add(AVPacketPtr packet);
  // Frees the frame; unknown or already released handles are ignored.
  void release(uint64_t handle);
  // A new reference to the frame behind a live handle (an encoder's input), or nullptr.
  AVFramePtr ref(uint64_t handle) const;
  std::size_t liveFrameCount() const;

 private:
  mutable std::mutex mutex_;
  uint64_t nextHandle_ = 1;
  struct Entry {
    AVFramePtr frame;
    AVPacketPtr packet;
  };
  std::unordered_map<uint64_t, Entry> frames_;
};

}  // namespace wcw
