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
  // A second handle to the frame behind a live handle, released on its own; 0 if there is none.
  // An encoder's input task holds one, so that the caller may close its VideoFrame at once.
  uint64_t duplicate(uint64_t handle);
  std::size_t liveFrameCount() const;
  // How many duplicate() calls succeeded: tests prove with it that frames went in place.
  uint64_t duplicateCount() const;

 private:
  mutable std::mutex mutex_;
  uint64_t nextHandle_ = 1;
  uint64_t duplicates_ = 0;
  struct Entry {
    AVFramePtr frame;
    AVPacketPtr packet;
  };
  std::unordered_map<uint64_t, Entry> frames_;
};

}  // namespace wcw
