// The CodecSession as JS sees it (wasm builds only): JS numbers in, plain JS objects out.
// Owner thread only; the codec thread never touches emscripten::val. Not re-entrant:
// Module.onCodecWake is delivered as a microtask (see makeWake), so it never runs inside one
// of these calls even when Emscripten processes queued main-thread calls during a lock wait.
#pragma once

#include <emscripten/val.h>

#include <string>

#include "codec_session.h"

namespace wcw {

class JsCodecSession {
 public:
  // kind: 'video-decoder' | 'audio-decoder' | 'video-encoder' | 'audio-encoder'. sessionId is passed to Module.onCodecWake.
  JsCodecSession(const std::string& kind, double ringBytes, double sessionId);

  bool configure(double seq, const emscripten::val& config);
  double reserveInput(double byteLength);  // a wasm memory offset, 0 = saturated
  // frameHandle: 0, or a decoded frame's handle an encoder takes in place of pixels.
  void commitInput(double seq, double timestamp, double duration, bool key, double byteLength,
                   double frameHandle);
  bool flush(double seq);
  void reset(double discardBefore);
  emscripten::val popOutput();  // null when there is none
  int runPendingTasks(int maxTasks);
  bool idle() const;

 private:
  CodecSession session_;
  std::vector<uint8_t> record_;
};

}  // namespace wcw
