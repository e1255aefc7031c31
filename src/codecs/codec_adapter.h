// The interface between a CodecSession (threads, rings, reset) and one FFmpeg codec.
// Every method runs on the session's codec thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "../codec_task.h"
#include "../ffmpeg_ptr.h"

namespace wcw {

// Every member of EncoderParams not given (-1), as the JS layer sends an absent member.
EncoderParams defaultEncoderParams();

struct CodecConfig {
  std::string codec;               // FFmpeg codec name, e.g. "h264", "libdav1d", "libvpx-vp9"
  std::vector<uint8_t> extradata;  // WebCodecs `description`; empty = none
  int codedWidth = 0;
  int codedHeight = 0;
  int sampleRate = 0;
  int numberOfChannels = 0;
  int threads = 1;
  bool lowDelay = false;  // optimizeForLatency
  // Image decoders (FFmpeg's for GIF, PNG and BMP): pictures come out as native Chromium's
  // ImageDecoder gives them (measured, docs/ARCHITECTURE.md): BGRA ("BGRX" when every pixel is
  // opaque), in sRGB. Video decoders keep YUV and convert RGB to it.
  bool imageOutput = false;
  // ImageDecoderInit's desiredWidth/desiredHeight, both given or both 0 (image decoders only:
  // a JPEG decodes to the n/8 scale native Chromium picks, src/codecs/jpeg_frame_decoder.h).
  int desiredWidth = 0;
  int desiredHeight = 0;
  EncoderParams encoder = defaultEncoderParams();  // encoders only
};

// A failure reported to JS as a DOMException (§2.4 "close VideoDecoder with an error").
struct CodecError {
  const char* name;  // "EncodingError" or "NotSupportedError"
  std::string message;
};
using CodecStatus = std::optional<CodecError>;

// A decoded frame or audio buffer, or an encoded chunk, ready to be published. The record's
// planes point into `frame` or `packet`, whichever is set; the session registers it.
struct CodecOutput {
  AVFramePtr frame;
  AVPacketPtr packet;
  std::vector<uint8_t> record;  // a VideoFrameRecord/AudioDataRecord/EncodedChunkRecord, handle 0
};

// One kInput task as the codec thread sees it; `data` lives until the adapter returns.
struct InputTask {
  int64_t timestamp;  // µs
  int64_t duration;   // µs, -1 = none
  bool key;           // decoders: EncodedChunk type; encoders: encode() options.keyFrame
  const uint8_t* data;
  std::size_t size;
  uint64_t frameHandle = 0;  // TaskHeader::frameHandle, owned by the session
};

// Where an adapter delivers output; the session stamps seq and handle and may drop it.
class OutputSink {
 public:
  virtual void emit(CodecOutput output) = 0;

 protected:
  ~OutputSink() = default;
};

class CodecAdapter {
 public:
  virtual ~CodecAdapter() = default;
  virtual CodecStatus configure(const CodecConfig& config) = 0;
  // configure() of a configured codec: true when the running codec took `config` as it is
  // (an encoder's new bit rate), so that nothing is drained or reopened and no key frame follows.
  virtual bool reconfigure(const CodecConfig& config) {
    (void)config;
    return false;
  }
  // §4.5 decode() of one EncodedChunk, or §6.5/§5.5 encode() of one frame or audio buffer.
  virtual CodecStatus process(const InputTask& input, OutputSink& sink) = 0;
  // flush(): emits every pending output; the codec accepts input again afterwards.
  virtual CodecStatus flush(OutputSink& sink) = 0;
};

// Whether this build of FFmpeg has a decoder / an encoder of that name.
bool hasDecoder(const std::string& name);
bool hasEncoder(const std::string& name);

}  // namespace wcw
