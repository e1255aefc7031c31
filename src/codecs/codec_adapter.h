// The interface between a CodecSession (threads, rings, reset) and one FFmpeg codec.
// Every method runs on the session's codec thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../ffmpeg_ptr.h"

namespace wcw {

struct CodecConfig {
  std::string codec;               // FFmpeg decoder name, e.g. "h264", "libdav1d"
  std::vector<uint8_t> extradata;  // WebCodecs `description`; empty = none
  int codedWidth = 0;
  int codedHeight = 0;
  int sampleRate = 0;
  int numberOfChannels = 0;
  int threads = 1;
  bool lowDelay = false;  // optimizeForLatency
};

// A failure reported to JS as a DOMException (§2.4 "close VideoDecoder with an error").
struct CodecError {
  const char* name;  // "EncodingError" or "NotSupportedError"
  std::string message;
};
using CodecStatus = std::optional<CodecError>;

// A decoded frame or audio buffer ready to be published. planes point into `frame`.
struct DecodedOutput {
  AVFramePtr frame;
  std::vector<uint8_t> record;  // a VideoFrameRecord/AudioDataRecord + PlaneRecords, handle 0
};

// Where an adapter delivers output; the session stamps seq and handle and may drop it.
class OutputSink {
 public:
  virtual void emit(DecodedOutput output) = 0;

 protected:
  ~OutputSink() = default;
};

class CodecAdapter {
 public:
  virtual ~CodecAdapter() = default;
  virtual CodecStatus configure(const CodecConfig& config) = 0;
  // §4.5 decode(): one EncodedChunk. The packet's pts/duration are the chunk's (µs).
  virtual CodecStatus decode(AVPacket* packet, OutputSink& sink) = 0;
  // §4.5 flush(): emits every pending output; decoding may continue afterwards.
  virtual CodecStatus flush(OutputSink& sink) = 0;
};

// Whether this build of FFmpeg has a decoder of that name.
bool hasDecoder(const std::string& name);

}  // namespace wcw
